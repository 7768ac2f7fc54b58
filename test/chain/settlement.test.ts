import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnergyToken__factory, PaymentToken__factory, Settlement__factory } from '../../src-main/chain/contracts';
import type { LocalProductView } from '../../src-shared/contract/trading';
import { openHarness, removeDir, tempDir, withAdmin, withUser, withStore, type Client, type Harness } from '../helpers/core';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from './helpers/anvil';
import { deployContracts, type Deployed } from './helpers/deploy';

/**
 * On-chain settlement of local-market auction trades, through the real core against anvil. The
 * node is reached through a small HTTP relay that can swallow one JSON-RPC method, to play a node
 * that goes away between a batch being stored and being broadcast.
 */

const PASSWORD = 'wallet password 1';
const CHAIN = { scryptN: 1_024, rpcTimeoutMs: 2_000, unlock: { idleMs: 24 * 3_600_000, maxWrong: 5, lockoutMs: 60_000 } };

let anvil: Anvil;
let contracts: Deployed;
let relay: { url: string; drop: Set<string>; close(): Promise<void> };

/** Forwards JSON-RPC to anvil; a request for a method in `drop` is cut off unanswered, as by a node that went away. */
async function startRelay(target: string): Promise<typeof relay> {
  const drop = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const method = (JSON.parse(body) as { method?: string }).method ?? '';
      if (drop.has(method)) return void res.socket?.destroy();
      const forward = request(target, { method: 'POST', headers: { 'content-type': 'application/json' } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    drop,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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
  ann: Client;
  tom: Client;
  olga: Client;
  quarters: LocalProductView[];
}

/** A terminal where ann (anvil account 1) sells to tom (account 2) on the local market and olga (account 0, the contract's settler) settles. */
async function openDesk(dataDir = tempDir(), shared?: Deployed): Promise<Desk> {
  // Fresh contracts per test, so one test's settled trades and balances never reach the next;
  // `shared` puts a second terminal on the same contracts.
  contracts = shared ?? (await deployContracts(anvil, [anvil.signer(1).address, anvil.signer(2).address]));
  const harness = openHarness(dataDir, undefined, { chain: CHAIN });
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
  const tom = await withUser(harness, admin, 'tom', 'trader');
  const olga = await withUser(harness, admin, 'olga', 'operator');
  for (const [client, index] of [[ann, 1], [tom, 2], [olga, 0]] as const) {
    await client.ok('chain.wallet.import', { kind: 'key', privateKey: anvil.signer(index).privateKey, password: PASSWORD, label: 'Main' });
    await client.ok('chain.wallet.unlock', { password: PASSWORD });
  }
  for (const client of [ann, tom]) {
    const [account] = await client.ok('chain.accounts.list', {});
    await client.ok('chain.approve', { accountId: account!.id });
  }
  const now = harness.clock.now();
  const quarters = (await ann.ok('trading.auction.products', {})).filter((p) => p.area === 'LM' && p.auctionAt > now + 600_000).sort((a, b) => a.auctionAt - b.auctionAt);
  return { harness, ann, tom, olga, quarters };
}

/** ann sells `kw` to tom in the quarter's auction at 100.00 €/MWh (both limits there, so the clearing price is). */
async function auctionTrade(desk: Desk, quarter: LocalProductView, kw: number): Promise<void> {
  await desk.ann.ok('trading.orders.place', { productId: quarter.id, side: 'sell', price: 10_000, quantity: kw });
  await desk.tom.ok('trading.orders.place', { productId: quarter.id, side: 'buy', price: 10_000, quantity: kw });
  desk.harness.clock.advance(quarter.auctionAt - desk.harness.clock.now());
  await desk.harness.core.tick('trading');
  await new Promise((resolve) => setImmediate(resolve));
}

const energy = () => EnergyToken__factory.connect(contracts.energy, anvil.provider);
const payment = () => PaymentToken__factory.connect(contracts.payment, anvil.provider);
const balances = async () => ({
  annEnergy: await energy().balanceOf(anvil.signer(1).address),
  tomEnergy: await energy().balanceOf(anvil.signer(2).address),
  annCash: await payment().balanceOf(anvil.signer(1).address),
});

function close(desk: Desk): void {
  desk.harness.close();
  removeDir(desk.harness.dataDir);
}

describe('settling local-market trades on chain', () => {
  it('sends queued trades as one batch; mined, then confirmed after the configured blocks; energy to the buyer, payment to the seller', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      expect((await desk.olga.ok('chain.settlement.status', {})).counts.queued).toBe(1);
      const before = await balances();
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(run.sent).toHaveLength(1);
      expect(run.sent[0]!.trades).toBe(1);
      expect((await desk.olga.ok('chain.settlement.track', {})).counts).toMatchObject({ mined: 1, queued: 0 });
      await anvil.provider.send('evm_mine', []);
      expect((await desk.olga.ok('chain.settlement.track', {})).counts).toMatchObject({ confirmed: 1, mined: 0 });
      // 4 kW over a quarter hour is 1,000 Wh; at 100.00 €/MWh that is 0.10 € = 100,000 micro-euro.
      const after = await balances();
      expect(after.tomEnergy - before.tomEnergy).toBe(1_000n);
      expect(before.annEnergy - after.annEnergy).toBe(1_000n);
      expect(after.annCash - before.annCash).toBe(100_000n);
    } finally {
      close(desk);
    }
  });

  it("shows each party its own trade's settlement: queued, then in a batch (its transaction), mined and settled in its block; others see nothing", async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const [trade] = (await desk.ann.ok('trading.trades.list', {})).filter((t) => t.productId === desk.quarters[0]!.id);
      const tradeIds = [trade!.id];
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds })).toEqual([{ tradeId: trade!.id, status: 'queued', txHash: null, blockNumber: null, error: null }]);
      expect(await desk.olga.ok('chain.settlement.trades', { tradeIds })).toEqual([]);
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      const txHash = run.sent[0]!.txHash;
      expect(await desk.tom.ok('chain.settlement.trades', { tradeIds })).toMatchObject([{ status: 'pending', txHash, blockNumber: null }]);
      await desk.olga.ok('chain.settlement.track', {});
      const block = (await anvil.provider.getTransactionReceipt(txHash))!.blockNumber;
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds })).toMatchObject([{ status: 'mined', txHash, blockNumber: block }]);
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.tom.ok('chain.settlement.trades', { tradeIds })).toMatchObject([{ status: 'confirmed', txHash, blockNumber: block }]);
      // Each step reached both parties as an event, and the settler (no party) got none.
      const statuses = (client: Client) => client.eventsOf('chain.settlement.changed').flatMap((e) => e.trades.filter((t) => t.tradeId === trade!.id).map((t) => t.status));
      expect(statuses(desk.ann)).toEqual(['queued', 'pending', 'mined', 'confirmed']);
      expect(statuses(desk.tom)).toEqual(['queued', 'pending', 'mined', 'confirmed']);
      expect(statuses(desk.olga)).toEqual([]);
    } finally {
      close(desk);
    }
  });

  it('tells whoever may run settlement the queue as it changes, party or not, without naming the parties', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.status', {});
      await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      await desk.olga.ok('chain.settlement.track', {});
      const counts = desk.olga.eventsOf('chain.settlement.queue').map((e) => e.counts);
      expect(counts[0]).toMatchObject({ queued: 1, pending: 0 });
      expect(counts.at(-1)).toMatchObject({ queued: 0, mined: 1 });
      expect(JSON.stringify(desk.olga.eventsOf('chain.settlement.queue'))).not.toMatch(/sellerId|buyerId|"ann"|"tom"/);
    } finally {
      close(desk);
    }
  });

  it('marks a trade found settled on chain as settled and sends nothing for it: never paid twice', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.status', {});
      const { tradeId, chainTradeId } = withStore(desk.harness, (db) => db.prepare("SELECT trade_id AS tradeId, chain_trade_id AS chainTradeId FROM chain_settlements WHERE status = 'queued'").get() as { tradeId: number; chainTradeId: string });
      // Someone settled this trade's on-chain id before (a run whose record was lost).
      const settlement = Settlement__factory.connect(contracts.settlement, anvil.signer(0));
      await (await settlement.settle([{ tradeId: BigInt(chainTradeId), seller: anvil.signer(1).address, buyer: anvil.signer(2).address, energyAmount: 1_000n, paymentAmount: 100_000n }])).wait();
      const before = await balances();
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(run).toMatchObject({ sent: [], alreadySettled: [tradeId] });
      expect((await desk.olga.ok('chain.settlement.status', {})).counts.confirmed).toBe(1);
      expect(await balances()).toEqual(before);
    } finally {
      close(desk);
    }
  });

  it('runs one settlement at a time: a second run at once is refused, a later one finds nothing to send', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const [first, second] = await Promise.all([desk.olga.call('chain.settlement.run', { batchSize: 100, maxBatches: 10 }), desk.olga.call('chain.settlement.run', { batchSize: 100, maxBatches: 10 })]);
      expect(first.ok).toBe(true);
      expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'SETTLEMENT_RUNNING' } });
      expect(await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 })).toMatchObject({ sent: [], alreadySettled: [] });
    } finally {
      close(desk);
    }
  });

  it('splits the queue into batches of the size asked, each one transaction', async () => {
    const desk = await openDesk();
    try {
      for (const quarter of desk.quarters.slice(0, 3)) await auctionTrade(desk, quarter, 4);
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 2, maxBatches: 10 });
      expect(run.sent.map((b) => b.trades)).toEqual([2, 1]);
      expect(new Set(run.sent.map((b) => b.txHash)).size).toBe(2);
    } finally {
      close(desk);
    }
  });

  it('puts a batch whose receipt a reorg removed back to pending and sends the same transaction again, settling once', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const before = await balances();
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect((await desk.olga.ok('chain.settlement.track', {})).counts.mined).toBe(1);
      // The block holding the batch is replaced by an empty one: its receipt is gone.
      await anvil.provider.send('anvil_reorg', [1, []]);
      expect(await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash)).toBeNull();
      const back = await desk.olga.ok('chain.settlement.track', {});
      expect(back.counts).toMatchObject({ pending: 1, mined: 0 });
      // Tracking broadcast it again; automine includes it; two blocks deep it is confirmed.
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      expect((await desk.olga.ok('chain.settlement.track', {})).counts).toMatchObject({ confirmed: 1 });
      expect((await balances()).tomEnergy - before.tomEnergy).toBe(1_000n);
      harnessHas(desk, 'chain.settlement.reorged');
    } finally {
      close(desk);
    }
  });

  it('keeps a batch stored before its broadcast through a node outage and a restart, then sends those same bytes', async () => {
    const dataDir = tempDir();
    let desk = await openDesk(dataDir);
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const before = await balances();
      relay.drop.add('eth_sendRawTransaction');
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(run.sent).toHaveLength(1);
      expect(await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash)).toBeNull();
      // The terminal stops with the batch only on record (a kill between commit and broadcast looks the same).
      desk.harness.close();
      relay.drop.clear();

      const harness = openHarness(dataDir, desk.harness.clock, { chain: CHAIN });
      const olga = harness.connect();
      await olga.ok('auth.login', { username: 'olga', password: 'olga-password-123' });
      desk = { ...desk, harness, olga };
      expect((await olga.ok('chain.settlement.status', {})).counts.pending).toBe(1);
      await olga.ok('chain.settlement.track', {});
      await anvil.provider.send('evm_mine', []);
      await olga.ok('chain.settlement.track', {});
      expect((await olga.ok('chain.settlement.track', {})).counts).toMatchObject({ confirmed: 1, pending: 0 });
      expect(await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash)).not.toBeNull();
      expect((await balances()).tomEnergy - before.tomEnergy).toBe(1_000n);
    } finally {
      relay.drop.clear();
      close(desk);
    }
  });
});

describe('a batch that reverts on chain', () => {
  it('is failed with its decoded custom error, and its trade settled meanwhile is marked settled, not sent again', async () => {
    const desk = await openDesk();
    try {
      const settlement = Settlement__factory.connect(contracts.settlement, anvil.signer(3));
      await (await Settlement__factory.connect(contracts.settlement, anvil.signer(0)).grantRole(await settlement.SETTLER_ROLE(), anvil.signer(3).address)).wait();
      await auctionTrade(desk, desk.quarters[0]!, 4);
      relay.drop.add('eth_sendRawTransaction');
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      relay.drop.clear();
      const chainTradeId = withStore(desk.harness, (db) => db.prepare('SELECT chain_trade_id FROM chain_settlements').pluck().get() as string);
      // Before the stored batch reaches the chain, the same trade is settled by another settler.
      await (await settlement.settle([{ tradeId: BigInt(chainTradeId), seller: anvil.signer(1).address, buyer: anvil.signer(2).address, energyAmount: 1_000n, paymentAmount: 100_000n }])).wait();
      const before = await balances();
      await desk.olga.ok('chain.settlement.track', {});
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect((await anvil.provider.getTransactionReceipt(run.sent[0]!.txHash))?.status).toBe(0);
      expect(view.batches[0]).toMatchObject({ status: 'failed', error: `TradeAlreadySettled(${chainTradeId})` });
      expect(view.counts).toMatchObject({ confirmed: 1, queued: 0, pending: 0 });
      expect(await balances()).toEqual(before);
    } finally {
      relay.drop.clear();
      close(desk);
    }
  });
});

describe('the funds check before a batch is sent', () => {
  it("holds back a trade whose buyer has not approved enough payment tokens, with the code and figures in its settlement, and sends no reverting transaction", async () => {
    const desk = await openDesk();
    try {
      // tom withdraws his payment allowance after approving.
      await (await PaymentToken__factory.connect(contracts.payment, anvil.signer(2)).approve(contracts.settlement, 0n)).wait();
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const [trade] = (await desk.ann.ok('trading.trades.list', {})).filter((t) => t.productId === desk.quarters[0]!.id);
      const nonce = await anvil.provider.getTransactionCount(anvil.signer(0).address);
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(run).toMatchObject({ sent: [], shortOfFunds: [trade!.id] });
      expect(await anvil.provider.getTransactionCount(anvil.signer(0).address)).toBe(nonce);
      expect(await desk.tom.ok('chain.settlement.trades', { tradeIds: [trade!.id] })).toEqual([{ tradeId: trade!.id, status: 'queued', txHash: null, blockNumber: null, error: 'BUYER_ALLOWANCE_SHORT(0, 100000)' }]);
      expect(desk.tom.eventsOf('chain.settlement.changed').at(-1)!.trades[0]).toMatchObject({ error: 'BUYER_ALLOWANCE_SHORT(0, 100000)' });
      // Approved again, the next run settles it.
      const [account] = await desk.tom.ok('chain.accounts.list', {});
      await desk.tom.ok('chain.approve', { accountId: account!.id });
      expect((await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 })).sent).toHaveLength(1);
    } finally {
      close(desk);
    }
  });

  it("holds back a trade whose seller lacks the energy tokens, naming the seller's holding", async () => {
    const desk = await openDesk();
    try {
      // ann moves all but 500 Wh of her 100 kWh away.
      await (await EnergyToken__factory.connect(contracts.energy, anvil.signer(1)).transfer(anvil.signer(9).address, 99_500n)).wait();
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(run.sent).toEqual([]);
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: run.shortOfFunds })).toMatchObject([{ status: 'queued', error: 'SELLER_ENERGY_SHORT(500, 1000)' }]);
    } finally {
      close(desk);
    }
  });
});

describe('two terminals sharing one Settlement contract', () => {
  it("settle each one's trade 1: the on-chain ids carry the terminal, so neither is taken for the other's", async () => {
    const first = await openDesk();
    const second = await openDesk(tempDir(), contracts);
    try {
      const before = await balances();
      for (const desk of [first, second]) {
        await auctionTrade(desk, desk.quarters[0]!, 4);
        const [trade] = (await desk.ann.ok('trading.trades.list', {})).filter((t) => t.productId === desk.quarters[0]!.id);
        expect(trade!.id).toBe(1);
      }
      const chainIds = [first, second].map((desk) => withStore(desk.harness, (db) => db.prepare('SELECT chain_trade_id FROM chain_settlements WHERE trade_id = 1').pluck().get() as string));
      expect(chainIds[0]).not.toBe(chainIds[1]);
      for (const desk of [first, second]) {
        const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
        expect(run).toMatchObject({ alreadySettled: [] });
        expect(run.sent).toHaveLength(1);
      }
      await anvil.provider.send('evm_mine', []);
      for (const desk of [first, second]) {
        await desk.olga.ok('chain.settlement.track', {});
        expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [1] })).toMatchObject([{ tradeId: 1, status: 'confirmed', error: null }]);
      }
      // Both trades moved tokens: 1,000 Wh each to the buyer and 0.10 € each to the seller.
      const after = await balances();
      expect(after.tomEnergy - before.tomEnergy).toBe(2_000n);
      expect(after.annCash - before.annCash).toBe(200_000n);
      expect(await Settlement__factory.connect(contracts.settlement, anvil.provider).settledOf(chainIds.map(BigInt))).toEqual([true, true]);
    } finally {
      close(first);
      close(second);
    }
  });
});

describe('a batch whose nonce another transaction took', () => {
  it('is failed as replaced and its trades are queued again for the next run', async () => {
    const desk = await openDesk();
    try {
      await auctionTrade(desk, desk.quarters[0]!, 4);
      relay.drop.add('eth_sendRawTransaction');
      await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      relay.drop.clear();
      // The settler's key sends something else first (another program with the same account).
      await (await anvil.signer(0).sendTransaction({ to: anvil.signer(9).address, value: 1n })).wait();
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect(view.batches[0]).toMatchObject({ status: 'failed', error: 'replaced' });
      expect(view.counts).toMatchObject({ queued: 1, pending: 0 });
      const again = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 10 });
      expect(again.sent).toHaveLength(1);
    } finally {
      relay.drop.clear();
      close(desk);
    }
  });
});

function harnessHas(desk: Desk, type: string): void {
  desk.harness.core.checkpoint();
  expect(withStore(desk.harness, (db) => db.prepare('SELECT COUNT(*) FROM events WHERE type = ?').pluck().get(type))).toBe(1);
}
