import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnergyToken__factory } from '../../src-main/chain/contracts';
import { meteredIntervalId } from '../../src-main/chain/metered-service';
import { openHarness, removeDir, T0, tempDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from './helpers/anvil';
import { deployContracts, type Deployed } from './helpers/deploy';
import { startRelay, type Relay } from './helpers/relay';

/**
 * Metered settlement on chain through the real core against anvil: a site's meter readings arrive
 * over the MQTT door, the devices domain settles the quarter, and the chain domain mints or burns
 * energy tokens for the site owner's settlement account, once per interval.
 */

const PASSWORD = 'wallet password 1';
const CHAIN = { scryptN: 1_024, rpcTimeoutMs: 2_000, unlock: { idleMs: 24 * 3_600_000, maxWrong: 5, lockoutMs: 60_000 } };
const Q = 15 * 60_000;
/** anvil account 1 (ann, the site owner) holds 100 kWh from the deployment; account 0 (olga) is the token's settler. */
const FUNDED = 100_000n;

let anvil: Anvil;
let relay: Relay;
let contracts: Deployed;

beforeAll(async () => {
  anvil = await startAnvil();
  relay = await startRelay(anvil.url);
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await anvil?.stop();
});

interface Desk {
  harness: Harness;
  admin: Client;
  olga: Client;
  annId: number;
}

async function openDesk(options: { owner?: boolean } = {}): Promise<Desk> {
  contracts = await deployContracts(anvil, [anvil.signer(1).address]);
  const harness = openHarness(tempDir(), undefined, { chain: CHAIN });
  const admin = await withAdmin(harness);
  await admin.ok('chain.network.set', {
    rpcUrl: relay.url,
    chainId: ANVIL_CHAIN_ID,
    confirmations: 2,
    maxFeeGwei: 50,
    maxPriorityFeeGwei: 2,
    energyToken: contracts.energy,
    paymentToken: contracts.payment,
    settlement: contracts.settlement,
  });
  const ann = await withUser(harness, admin, 'ann', 'trader');
  const olga = await withUser(harness, admin, 'olga', 'operator');
  for (const [client, index] of [[ann, 1], [olga, 0]] as const) {
    await client.ok('chain.wallet.import', { kind: 'key', privateKey: anvil.signer(index).privateKey, password: PASSWORD, label: 'Main' });
  }
  await olga.ok('chain.wallet.unlock', { password: PASSWORD });
  const annId = (await admin.ok('auth.users.list', {})).find((u) => u.username === 'ann')!.id;
  if (options.owner !== false) await admin.ok('delivery.setSite', { userId: annId, site: 'north' });
  return { harness, admin, olga, annId };
}

function close(desk: Desk): void {
  desk.harness.close();
  removeDir(desk.harness.dataDir);
}

/** The site's meter counts `importWh` and `exportWh` over the quarter starting `start`; the devices domain settles it. */
async function meterQuarter(desk: Desk, start: number, importWh: number, exportWh: number, counters = { importWh: 0, exportWh: 0 }): Promise<void> {
  const { core, clock } = desk.harness;
  const send = (topic: string, body: unknown) => core.receiveMqtt({ topic, payload: Buffer.from(JSON.stringify(body)), retain: false });
  clock.set(start);
  send('griddesk/north/meter/birth', { type: 'meter', ratedPowerW: 20_000 });
  send('griddesk/north/meter/telemetry', { ts: start, importWh: counters.importWh, exportWh: counters.exportWh });
  clock.set(start + Q);
  send('griddesk/north/meter/telemetry', { ts: start + Q, importWh: counters.importWh + importWh, exportWh: counters.exportWh + exportWh });
  core.checkpoint();
  clock.set(start + Q + 121_000);
  await core.tick('devices');
}

const energy = () => EnergyToken__factory.connect(contracts.energy, anvil.provider);
const annEnergy = () => energy().balanceOf(anvil.signer(1).address);

/** Follows the sent intervals until they are confirmed (two blocks deep). */
async function confirm(desk: Desk): Promise<void> {
  await desk.olga.ok('chain.metered.track', {});
  await anvil.provider.send('evm_mine', []);
  await desk.olga.ok('chain.metered.track', {});
}

describe('metered settlement on chain', () => {
  it('mints the net export of a quarter for the site owner, once; a second run sends nothing', async () => {
    const desk = await openDesk();
    try {
      await meterQuarter(desk, T0, 200, 1_000);
      const queued = await desk.olga.ok('chain.metered.status', {});
      expect(queued.counts.queued).toBe(1);
      expect(queued.intervals[0]).toMatchObject({ site: 'north', netWh: 800, action: 'mint', intervalStart: T0, intervalEnd: T0 + Q });
      const run = await desk.olga.ok('chain.metered.run', { max: 100 });
      expect(run.sent.map((s) => s.action)).toEqual(['mint']);
      await confirm(desk);
      const view = await desk.olga.ok('chain.metered.status', {});
      expect(view.counts).toMatchObject({ confirmed: 1, queued: 0, pending: 0 });
      expect(view.intervals[0]).toMatchObject({ status: 'confirmed', ownerAddress: anvil.signer(1).address, txHash: run.sent[0]!.txHash });
      expect(await annEnergy()).toBe(FUNDED + 800n);
      expect(await energy().intervalSettled(meteredIntervalId('north', T0, T0 + Q))).toBe(true);
      expect(await desk.olga.ok('chain.metered.run', { max: 100 })).toEqual({ sent: [], settledBefore: 0, waiting: 0 });
      expect(await annEnergy()).toBe(FUNDED + 800n);
    } finally {
      close(desk);
    }
  });

  it('burns the net import of a quarter from the site owner', async () => {
    const desk = await openDesk();
    try {
      await meterQuarter(desk, T0, 1_300, 1_000);
      const run = await desk.olga.ok('chain.metered.run', { max: 100 });
      expect(run.sent.map((s) => s.action)).toEqual(['burn']);
      await confirm(desk);
      expect(await annEnergy()).toBe(FUNDED - 300n);
    } finally {
      close(desk);
    }
  });

  it('leaves a burn larger than the owner holds queued, with both figures', async () => {
    const desk = await openDesk();
    try {
      await meterQuarter(desk, T0, FUNDED_WH + 500, 0);
      expect(await desk.olga.ok('chain.metered.run', { max: 100 })).toMatchObject({ sent: [], waiting: 1 });
      const [interval] = (await desk.olga.ok('chain.metered.status', {})).intervals;
      expect(interval).toMatchObject({ status: 'queued', reason: 'INSUFFICIENT_ENERGY', reasonParams: { need: String(FUNDED_WH + 500), have: FUNDED.toString() } });
    } finally {
      close(desk);
    }
  });

  it('waits while the site has no owner, and goes once an administrator assigns one', async () => {
    const desk = await openDesk({ owner: false });
    try {
      await meterQuarter(desk, T0, 0, 400);
      expect(await desk.olga.ok('chain.metered.run', { max: 100 })).toMatchObject({ sent: [], waiting: 1 });
      expect((await desk.olga.ok('chain.metered.status', {})).intervals[0]).toMatchObject({ status: 'queued', reason: 'NO_SITE_OWNER' });
      await desk.admin.ok('delivery.setSite', { userId: desk.annId, site: 'north' });
      expect((await desk.olga.ok('chain.metered.run', { max: 100 })).sent).toHaveLength(1);
    } finally {
      close(desk);
    }
  });

  it('marks an interval the chain settled before as confirmed and sends nothing for it', async () => {
    const desk = await openDesk();
    try {
      await meterQuarter(desk, T0, 0, 400);
      await (await EnergyToken__factory.connect(contracts.energy, anvil.signer(0)).mintMetered(meteredIntervalId('north', T0, T0 + Q), anvil.signer(1).address, 400n)).wait();
      expect(await desk.olga.ok('chain.metered.run', { max: 100 })).toEqual({ sent: [], settledBefore: 1, waiting: 0 });
      expect((await desk.olga.ok('chain.metered.status', {})).intervals[0]).toMatchObject({ status: 'confirmed', reason: 'SETTLED_BEFORE' });
      expect(await annEnergy()).toBe(FUNDED + 400n);
    } finally {
      close(desk);
    }
  });

  it('queues intervals while the node is unreachable and sends them in metered order once it is back, each once', async () => {
    const desk = await openDesk();
    try {
      relay.down = true;
      await meterQuarter(desk, T0, 0, 100);
      await meterQuarter(desk, T0 + Q, 0, 200, { importWh: 0, exportWh: 100 });
      expect((await desk.olga.ok('chain.metered.status', {})).counts.queued).toBe(2);
      expect(await desk.olga.call('chain.metered.run', { max: 100 })).toMatchObject({ ok: false, error: { reason: 'RPC_UNREACHABLE' } });
      expect((await desk.olga.ok('chain.metered.status', {})).counts).toMatchObject({ queued: 2, pending: 0 });
      relay.down = false;
      const run = await desk.olga.ok('chain.metered.run', { max: 100 });
      expect(run.sent.map((s) => s.intervalId)).toEqual([meteredIntervalId('north', T0, T0 + Q), meteredIntervalId('north', T0 + Q, T0 + 2 * Q)]);
      await confirm(desk);
      expect((await desk.olga.ok('chain.metered.status', {})).counts.confirmed).toBe(2);
      expect(await annEnergy()).toBe(FUNDED + 300n);
    } finally {
      relay.down = false;
      close(desk);
    }
  });

  it('keeps a transaction stored before its broadcast through a restart and sends those same bytes, never a second one', async () => {
    const desk = await openDesk();
    let harness = desk.harness;
    try {
      await meterQuarter(desk, T0, 0, 700);
      relay.drop.add('eth_sendRawTransaction');
      const run = await desk.olga.ok('chain.metered.run', { max: 100 });
      expect(await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash)).toBeNull();
      // The terminal stops with the mint only on record (a kill between commit and broadcast looks the same).
      desk.harness.close();
      relay.drop.clear();
      harness = openHarness(desk.harness.dataDir, desk.harness.clock, { chain: CHAIN });
      const olga = harness.connect();
      await olga.ok('auth.login', { username: 'olga', password: 'olga-password-123' });
      await olga.ok('chain.wallet.unlock', { password: PASSWORD });
      expect((await olga.ok('chain.metered.status', {})).counts).toMatchObject({ pending: 1, queued: 0 });
      // A run after the restart finds nothing queued: the stored transaction is the interval's one.
      expect((await olga.ok('chain.metered.run', { max: 100 })).sent).toEqual([]);
      await confirm({ ...desk, harness, olga });
      expect((await olga.ok('chain.metered.status', {})).counts.confirmed).toBe(1);
      expect(await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash)).not.toBeNull();
      expect(await energy().queryFilter(energy().filters.MeteredMinted(meteredIntervalId('north', T0, T0 + Q)))).toHaveLength(1);
      expect(await annEnergy()).toBe(FUNDED + 700n);
    } finally {
      relay.drop.clear();
      harness.close();
      removeDir(desk.harness.dataDir);
    }
  });
});

const FUNDED_WH = Number(FUNDED);
