import type { ChainOptions } from '../../../src-main/chain';
import { EnergyToken__factory, PaymentToken__factory } from '../../../src-main/chain/contracts';
import type { LocalProductView } from '../../../src-shared/contract/trading';
import { openHarness, removeDir, tempDir, withAdmin, withStore, withUser, type Client, type Harness } from '../../helpers/core';
import { ANVIL_CHAIN_ID, type Anvil } from './anvil';
import { deployContracts, type Deployed } from './deploy';

/**
 * A terminal on anvil where ann (anvil account 1) sells to tom (account 2) on the local market and
 * olga (account 0, the contracts' admin and settler) settles: the setting of the settlement tests.
 */

export const PASSWORD = 'wallet password 1';
export const CHAIN: Partial<ChainOptions> = { scryptN: 1_024, rpcTimeoutMs: 2_000, unlock: { idleMs: 24 * 3_600_000, maxWrong: 5, lockoutMs: 60_000 } };

export interface Desk {
  harness: Harness;
  ann: Client;
  tom: Client;
  olga: Client;
  quarters: LocalProductView[];
  contracts: Deployed;
}

export interface DeskOptions {
  dataDir?: string;
  /** The node the terminal is given (a relay before anvil, say); anvil itself by default. */
  rpcUrl?: string;
  /** The chain options beyond CHAIN (the fee bump policy, say). */
  chain?: Partial<ChainOptions>;
  /** The network settings' fee caps, in gwei. */
  maxFeeGwei?: number;
  maxPriorityFeeGwei?: number;
}

/** Fresh contracts per desk, so one test's settled trades and balances never reach the next. */
export async function openDesk(anvil: Anvil, options: DeskOptions = {}): Promise<Desk> {
  const contracts = await deployContracts(anvil, [anvil.signer(1).address, anvil.signer(2).address]);
  const harness = openHarness(options.dataDir ?? tempDir(), undefined, { chain: { ...CHAIN, ...options.chain } });
  const admin = await withAdmin(harness);
  await admin.ok('chain.network.set', {
    rpcUrl: options.rpcUrl ?? anvil.url,
    chainId: ANVIL_CHAIN_ID,
    confirmations: 2,
    maxFeeGwei: options.maxFeeGwei ?? 50,
    maxPriorityFeeGwei: options.maxPriorityFeeGwei ?? 2,
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
  return { harness, ann, tom, olga, quarters, contracts };
}

/** ann sells `kw` to tom in the quarter's auction at 100.00 €/MWh; the trade's id. */
export async function auctionTrade(desk: Desk, quarter: LocalProductView, kw: number): Promise<number> {
  await desk.ann.ok('trading.orders.place', { productId: quarter.id, side: 'sell', price: 10_000, quantity: kw });
  await desk.tom.ok('trading.orders.place', { productId: quarter.id, side: 'buy', price: 10_000, quantity: kw });
  desk.harness.clock.advance(quarter.auctionAt - desk.harness.clock.now());
  await desk.harness.core.tick('trading');
  await new Promise((resolve) => setImmediate(resolve));
  const [trade] = (await desk.ann.ok('trading.trades.list', {})).filter((t) => t.productId === quarter.id);
  return trade!.id;
}

/** tom's energy and ann's payment tokens: what a settlement moves. */
export async function balances(anvil: Anvil, desk: Desk): Promise<{ tomEnergy: bigint; annCash: bigint }> {
  return {
    tomEnergy: await EnergyToken__factory.connect(desk.contracts.energy, anvil.provider).balanceOf(anvil.signer(2).address),
    annCash: await PaymentToken__factory.connect(desk.contracts.payment, anvil.provider).balanceOf(anvil.signer(1).address),
  };
}

/** The audit entries of one type, their payloads parsed, oldest first. */
export function auditOf(desk: Desk, type: string): Array<Record<string, unknown>> {
  desk.harness.core.checkpoint();
  return withStore(desk.harness, (db) => (db.prepare('SELECT payload FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((p) => JSON.parse(p) as Record<string, unknown>));
}

export function closeDesk(desk: Desk): void {
  desk.harness.close();
  removeDir(desk.harness.dataDir);
}
