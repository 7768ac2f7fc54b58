/**
 * Engine benchmark: the same seeded workloads through GridDesk's MatchingEngine and through the npm
 * package nodejs-order-book, in one run. Human-readable lines first; the LAST line is one JSON object.
 *
 *   npx tsx bench/engine.ts        (CI=true: a fifth of the operations, same mix and book sizes)
 *
 * Throughput is timed over the whole loop; latency comes from a second, separate pass over the same
 * workload that times every operation with process.hrtime.bigint (so the timer does not slow the
 * throughput figure). A short warm-up run of both engines comes first, so JIT compilation is not
 * billed to whichever phase reaches a code path first. The delta figure is what publishing one
 * book.delta costs on a deep book (engine-deltas.ts).
 */
import { OrderBook, Side } from 'nodejs-order-book';
import { MatchingEngine, type EngineEvent } from '../src-main/engine';
import {
  AUCTION_PRODUCT,
  auctionWorkload,
  BENCH_PRODUCT,
  BENCH_TS,
  insertWorkload,
  mixedWorkload,
  OP_CANCEL,
  OP_MARKET,
  type Ops,
  PRODUCT_ID,
  toCommand,
  type Workload,
} from './engine-workloads';
import { journaledThroughput } from './engine-journaled';
import { deltaBench } from './engine-deltas';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const SCALE = CI ? 0.4 : 1;
const N_INSERT = Math.round(1_000_000 * SCALE);
const N_MIXED = Math.round(1_000_000 * SCALE);
const MIXED_BOOK = 10_000;
const DEEP_BOOK = 1_000_000;
const N_DEEP = Math.round(1_000_000 * SCALE);
/** The baseline's cancel is linear in the orders of a level, so on the deep book it runs a prefix. */
const BASELINE_DEEP_OPS = Math.round(50_000 * SCALE);
const AUCTION_ORDERS = 100_000;

const started = process.hrtime.bigint();
const noop = (_e: EngineEvent): void => {};

interface Latency {
  p50Us: number;
  p99Us: number;
  p999Us: number;
}

function percentiles(ns: Float64Array): Latency {
  ns.sort();
  const at = (q: number): number => round(ns[Math.min(ns.length - 1, Math.floor(q * ns.length))]! / 1000, 3);
  return { p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999) };
}

function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

function oursPrefilled(w: Workload): { engine: MatchingEngine; seq: number } {
  const engine = new MatchingEngine();
  engine.addProduct(BENCH_PRODUCT);
  let seq = 0;
  for (let i = 0; i < w.prefill.length; i++) engine.apply(toCommand(w.prefill, i, ++seq), noop);
  return { engine, seq };
}

/** The engine is returned only when asked for: a kept 1M-order book would slow every later GC. */
function oursThroughput(w: Workload, keep = false): { opsPerSec: number; engine: MatchingEngine | null } {
  const { engine, seq } = oursPrefilled(w);
  const ops = w.ops;
  const n = ops.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) engine.apply(toCommand(ops, i, seq + i + 1), noop);
  return { opsPerSec: n / seconds(t0), engine: keep ? engine : null };
}

function oursLatency(w: Workload): Latency {
  const { engine, seq } = oursPrefilled(w);
  const ops = w.ops;
  const n = ops.length;
  const ns = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cmd = toCommand(ops, i, seq + i + 1);
    const t0 = process.hrtime.bigint();
    engine.apply(cmd, noop);
    ns[i] = Number(process.hrtime.bigint() - t0);
  }
  return percentiles(ns);
}

function idStrings(ops: Ops): string[] {
  const out = new Array<string>(ops.length);
  for (let i = 0; i < ops.length; i++) out[i] = String(ops.id[i]);
  return out;
}

function baselineRun(ob: OrderBook, ops: Ops, ids: string[], n: number): void {
  for (let i = 0; i < n; i++) {
    const side = ops.side[i] === 0 ? Side.BUY : Side.SELL;
    const kind = ops.kind[i];
    if (kind === OP_CANCEL) ob.cancel(ids[i]!);
    else if (kind === OP_MARKET) ob.market({ side, size: ops.qty[i]! });
    else ob.limit({ id: ids[i]!, side, size: ops.qty[i]!, price: ops.price[i]! });
  }
}

function baselineThroughput(w: Workload, maxOps = w.ops.length, keep = false): { opsPerSec: number; ops: number; book: OrderBook | null } {
  const ob = new OrderBook();
  baselineRun(ob, w.prefill, idStrings(w.prefill), w.prefill.length);
  const ids = idStrings(w.ops);
  const n = Math.min(maxOps, w.ops.length);
  const t0 = process.hrtime.bigint();
  baselineRun(ob, w.ops, ids, n);
  return { opsPerSec: n / seconds(t0), ops: n, book: keep ? ob : null };
}

/** Both engines must end with the same resting volume per side, or they did not run the same flow. */
function sameBook(engine: MatchingEngine, ob: OrderBook): boolean {
  const view = engine.book(PRODUCT_ID, 1_000_000)!;
  const ours = [view.bids, view.asks].map((side) => side.reduce((sum, l) => sum + l.quantity, 0));
  const [asks, bids] = ob.depth();
  const theirs = [bids, asks].map((side) => side.reduce((sum, [, size]) => sum + size, 0));
  return ours[0] === theirs[0] && ours[1] === theirs[1];
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function log(line: string): void {
  console.log(`${line}  (t=${seconds(started).toFixed(1)} s)`);
}

log(`GridDesk engine benchmark${CI ? ' (CI: reduced operation counts)' : ''}, node ${process.version}`);

// Warm-up: both engines run a small workload of every kind first, so no measured phase pays for the
// JIT compiling code paths it happens to reach first (JMH-style warm-up iterations).
if (process.env.BENCH_WARMUP !== '0') {
  const warmInsert = insertWorkload(50_000, 98);
  const warmMixed = mixedWorkload(5_000, 100_000, 100, 99, 'warm-up');
  oursThroughput(warmInsert);
  oursThroughput(warmMixed);
  oursLatency(warmMixed);
  baselineThroughput(warmInsert);
  baselineThroughput(warmMixed, 20_000);
  await journaledThroughput(warmMixed);
  log('warm-up done');
}

// insert
const insert = insertWorkload(N_INSERT);
const insertOurs = oursThroughput(insert);
const insertLat = oursLatency(insert);
const insertBase = baselineThroughput(insert);
log(`insert  ${fmt(N_INSERT)} resting limits over 1,000 levels: ours ${fmt(insertOurs.opsPerSec)} ops/s (p50 ${insertLat.p50Us} µs, p99 ${insertLat.p99Us} µs), baseline ${fmt(insertBase.opsPerSec)} ops/s`);

// mixed
const mixed = mixedWorkload(MIXED_BOOK, N_MIXED, 100, 2, 'mixed');
log(`mixed   workload: book ${fmt(mixed.bookBefore)} → ${fmt(mixed.bookAfter)} resting orders, ${fmt(N_MIXED)} ops (60% limit, 30% cancel, 10% market)`);
const mixedOurs = oursThroughput(mixed, true);
const mixedLat = oursLatency(mixed);
const mixedBase = baselineThroughput(mixed, mixed.ops.length, true);
const mixedAgree = sameBook(mixedOurs.engine!, mixedBase.book!);
mixedOurs.engine = null;
mixedBase.book = null;
log(
  `mixed   ours ${fmt(mixedOurs.opsPerSec)} ops/s (p50 ${mixedLat.p50Us} µs, p99 ${mixedLat.p99Us} µs, p99.9 ${mixedLat.p999Us} µs), ` +
    `baseline ${fmt(mixedBase.opsPerSec)} ops/s, ratio ${(mixedOurs.opsPerSec / mixedBase.opsPerSec).toFixed(1)}×, final books agree: ${mixedAgree}`,
);

// deep
const deep = mixedWorkload(DEEP_BOOK, N_DEEP, 1000, 4, 'deep');
log(`deep    workload: book ${fmt(deep.bookBefore)} → ${fmt(deep.bookAfter)} resting orders, ${fmt(N_DEEP)} ops`);
const deepOurs = oursThroughput(deep);
const deepLat = oursLatency(deep);
const deepBase = baselineThroughput(deep, BASELINE_DEEP_OPS);
log(
  `deep    ours ${fmt(deepOurs.opsPerSec)} ops/s (p99 ${deepLat.p99Us} µs), baseline ${fmt(deepBase.opsPerSec)} ops/s over the first ${fmt(deepBase.ops)} ops, ` +
    `ratio ${(deepOurs.opsPerSec / deepBase.opsPerSec).toFixed(1)}×`,
);

// journaled: the mixed flow again, acknowledged only after its group commit
const journaled = await journaledThroughput(mixed);
log(
  `journal ${fmt(journaled.acknowledged)} mixed ops acknowledged after commit: ${fmt(journaled.opsPerSec)} ops/s ` +
    `(${fmt(journaled.batches)} batches, ${fmt(journaled.journaled)} commands journaled in ${fmt(journaled.rows)} rows; rejected ones are not)`,
);

// auction
const auctionOps = auctionWorkload(AUCTION_ORDERS);
const auctionMs: number[] = [];
let auctionSummary = '';
for (let run = 0; run < 3; run++) {
  const engine = new MatchingEngine();
  engine.addProduct(AUCTION_PRODUCT);
  for (let i = 0; i < auctionOps.length; i++) engine.apply(toCommand(auctionOps, i, i + 1, AUCTION_PRODUCT.id), noop);
  const t0 = process.hrtime.bigint();
  const events = engine.apply({ type: 'auction', seq: auctionOps.length + 1, ts: BENCH_TS, productIds: [AUCTION_PRODUCT.id] });
  auctionMs.push(seconds(t0) * 1000);
  const result = events.find((e) => e.type === 'auction');
  if (result?.type === 'auction') {
    auctionSummary = `clearing price ${result.price}, volume ${fmt(result.volume)} kW, ${fmt(events.length - 1)} trades`;
  }
}
const auction100kMs = round([...auctionMs].sort((a, b) => a - b)[1]!, 2);
log(`auction ${fmt(AUCTION_ORDERS)} orders in one product: ${auctionMs.map((ms) => ms.toFixed(1)).join(' / ')} ms (median ${auction100kMs} ms); ${auctionSummary}`);

// book.delta: one level touched in a deep book, then the delta TradingService publishes for it
const delta = deltaBench();
log(
  `delta   ${fmt(delta.deltas)} one-level deltas of a book with ${fmt(delta.levelsPerSide)} levels a side: ` +
    `mean ${delta.meanUs} µs, p50 ${delta.p50Us} µs, p99 ${delta.p99Us} µs per BookDeltas.next()`,
);

const baselinePkg = (await import('nodejs-order-book/package.json', { with: { type: 'json' } })) as { default: { version: string } };
log('total');

console.log(
  JSON.stringify({
    insert: { opsPerSec: round(insertOurs.opsPerSec), p50Us: insertLat.p50Us, p99Us: insertLat.p99Us },
    mixed: { opsPerSec: round(mixedOurs.opsPerSec), p50Us: mixedLat.p50Us, p99Us: mixedLat.p99Us, p999Us: mixedLat.p999Us },
    deep: { opsPerSec: round(deepOurs.opsPerSec), p99Us: deepLat.p99Us },
    journaled: { opsPerSec: round(journaled.opsPerSec), batches: journaled.batches, commands: journaled.journaled, rows: journaled.rows },
    baseline: {
      name: 'nodejs-order-book',
      version: baselinePkg.default.version,
      insertOpsPerSec: round(insertBase.opsPerSec),
      mixedOpsPerSec: round(mixedBase.opsPerSec),
      deepOpsPerSec: round(deepBase.opsPerSec),
      deepOps: deepBase.ops,
    },
    ratioMixed: round(mixedOurs.opsPerSec / mixedBase.opsPerSec, 1),
    ratioDeep: round(deepOurs.opsPerSec / deepBase.opsPerSec, 1),
    auction100kMs,
    delta: { levelsPerSide: delta.levelsPerSide, deltas: delta.deltas, meanUs: delta.meanUs, p50Us: delta.p50Us, p99Us: delta.p99Us },
  }),
);
