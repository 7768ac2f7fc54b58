/**
 * `npm run bench:chain`: local-market trades settled end to end through the real core against anvil:
 * auction trades in the trading store → the chain domain's queue → `chain.settlement.run` in batches
 * of 1, 10 and 100 → `chain.settlement.track` until every trade is confirmed. Reports trades per
 * second over run + tracking, and gas per trade from the batches' receipts. Last line: one JSON object.
 *
 * `catchUp10kBlocksMs` is the time the core's catch-up scan (settlement-catchup.ts: eth_getLogs in
 * 2,000-block pages, each log parsed and decoded) takes over 10,000 blocks: what a catch-up from the
 * last processed block costs on this node, without the store's part (a lookup per event found).
 *
 * Under CI=true fewer trades per batch size, same shape.
 */
import { encodeBytes32String } from 'ethers';
import { EnergyToken__factory } from '../src-main/chain/contracts';
import { HexQuantity, rpc } from '../src-main/chain/rpc';
import { CATCH_UP_PAGE_BLOCKS, scanTradeSettled, type RawAsk } from '../src-main/chain/settlement-catchup';
import { openHarness, removeDir, withAdmin, withUser, type Client, type Harness } from '../test/helpers/core';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from '../test/chain/helpers/anvil';
import { deployContracts, type Deployed } from '../test/chain/helpers/deploy';

const CI = process.env['CI'] === 'true';
const TRADES: Record<1 | 10 | 100, number> = CI ? { 1: 5, 10: 20, 100: 100 } : { 1: 30, 10: 200, 100: 1_000 };
const PER_AUCTION = 100;
const PASSWORD = 'bench wallet password';

interface Desk {
  harness: Harness;
  olga: Client;
  contracts: Deployed;
}

async function openDesk(anvil: Anvil, trades: number): Promise<Desk> {
  const contracts = await deployContracts(anvil, [anvil.signer(1).address, anvil.signer(2).address]);
  const minter = EnergyToken__factory.connect(contracts.energy, anvil.signer(0));
  await (await minter.mintMetered(encodeBytes32String(`bench-${Date.now()}`), anvil.signer(1).address, 10n ** 12n)).wait();
  const harness = openHarness(undefined, undefined, { chain: { scryptN: 1_024, rpcTimeoutMs: 10_000, unlock: { idleMs: 24 * 3_600_000, maxWrong: 5, lockoutMs: 60_000 } } });
  const admin = await withAdmin(harness);
  await admin.ok('chain.network.set', {
    rpcUrl: anvil.url,
    chainId: ANVIL_CHAIN_ID,
    confirmations: 1,
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
  for (const client of [ann, tom]) await client.ok('chain.approve', { accountId: (await client.ok('chain.accounts.list', {}))[0]!.id });

  // Trades: in each quarter's auction ann sells and tom buys 1 kW orders at one price, pairwise.
  const now = harness.clock.now();
  const quarters = (await ann.ok('trading.auction.products', {})).filter((p) => p.area === 'LM' && p.auctionAt > now + 600_000).sort((a, b) => a.auctionAt - b.auctionAt);
  let made = 0;
  for (const quarter of quarters) {
    if (made >= trades) break;
    const n = Math.min(PER_AUCTION, trades - made);
    for (let i = 0; i < n; i++) {
      await ann.ok('trading.orders.place', { productId: quarter.id, side: 'sell', price: 10_000, quantity: 1 });
      await tom.ok('trading.orders.place', { productId: quarter.id, side: 'buy', price: 10_000, quantity: 1 });
    }
    harness.clock.advance(quarter.auctionAt - harness.clock.now());
    await harness.core.tick('trading');
    await new Promise((resolve) => setImmediate(resolve));
    made = (await olga.ok('chain.settlement.status', {})).counts.queued;
  }
  return { harness, olga, contracts };
}

async function settleAll(anvil: Anvil, batchSize: 1 | 10 | 100): Promise<{ trades: number; tradesPerSec: number; gasPerTrade: number; settlement: string }> {
  const desk = await openDesk(anvil, TRADES[batchSize]);
  try {
    const queued = (await desk.olga.ok('chain.settlement.status', {})).counts.queued;
    const started = performance.now();
    const hashes: string[] = [];
    let confirmed = 0;
    while (confirmed < queued) {
      const run = await desk.olga.ok('chain.settlement.run', { batchSize, maxBatches: 100 });
      hashes.push(...run.sent.map((b) => b.txHash));
      confirmed = (await desk.olga.ok('chain.settlement.track', {})).counts.confirmed;
    }
    const seconds = (performance.now() - started) / 1_000;
    let gas = 0n;
    for (const hash of hashes) gas += (await anvil.provider.getTransactionReceipt(hash))!.gasUsed;
    return { trades: queued, tradesPerSec: Math.round(queued / seconds), gasPerTrade: Math.round(Number(gas) / queued), settlement: desk.contracts.settlement };
  } finally {
    desk.harness.close();
    removeDir(desk.harness.dataDir);
  }
}

/** The product's catch-up scan (settlement-catchup.ts) over the last 10,000 blocks, in its 2,000-block pages. */
async function catchUp(anvil: Anvil, settlement: string): Promise<number> {
  // The batch-100 run's settlements lie in the blocks just before this one: the 10,000 blocks
  // scanned start 50 blocks back and run to the head after 9,950 more, so its events are in them.
  const before = Number(await rpc(anvil.url, 'eth_blockNumber', [], HexQuantity, 10_000));
  await anvil.provider.send('anvil_mine', [`0x${(9_950).toString(16)}`]);
  const head = Number(await rpc(anvil.url, 'eth_blockNumber', [], HexQuantity, 10_000));
  const ask: RawAsk = (method, params, schema) => rpc(anvil.url, method, params, schema, 30_000);
  const started = performance.now();
  const logs = await scanTradeSettled(ask, settlement, { from: Math.max(0, before - 49), to: head }, CATCH_UP_PAGE_BLOCKS, () => undefined);
  const ms = performance.now() - started;
  console.log(`scanned 10,000 blocks for TradeSettled logs (${logs} found) in ${ms.toFixed(0)} ms`);
  return Math.round(ms);
}

const anvil = await startAnvil(['--gas-limit', '60000000']);
try {
  const batches: Record<string, { tradesPerSec: number; gasPerTrade: number; trades: number }> = {};
  let lastSettlement = '';
  for (const size of [1, 10, 100] as const) {
    const { settlement, ...result } = await settleAll(anvil, size);
    batches[String(size)] = result;
    lastSettlement = settlement;
    console.log(`batch ${size}: ${result.trades} trades settled and confirmed at ${result.tradesPerSec} trades/s, ${result.gasPerTrade} gas per trade`);
  }
  // The batch-100 run's contract: its TradeSettled logs are among the blocks scanned.
  const catchUp10kBlocksMs = await catchUp(anvil, lastSettlement);
  console.log(JSON.stringify({ ci: CI, batches, catchUp10kBlocksMs }));
} finally {
  await anvil.stop();
}
