/**
 * What one book.delta costs: a deep book (LEVELS resting prices per side), then one order placed at
 * one level and cancelled again, each command followed by BookDeltas.next() as TradingService calls
 * it after a commit. Only next() is timed; every delta must name exactly the one level touched.
 */
import { MatchingEngine, type EngineEvent } from '../src-main/engine';
import { BookDeltas } from '../src-main/trading/book-deltas';
import { BENCH_PRODUCT, BENCH_TS, MID, PRODUCT_ID } from './engine-workloads';

export interface DeltaBench {
  levelsPerSide: number;
  deltas: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

const ORDERS_PER_LEVEL = 4;
const noop = (_e: EngineEvent): void => {};

export function deltaBench(levelsPerSide = 1_000, budgetMs = 1_500, maxDeltas = 200_000): DeltaBench {
  const engine = new MatchingEngine();
  engine.addProduct(BENCH_PRODUCT);
  let seq = 0;
  let id = 0;
  for (let level = 1; level <= levelsPerSide; level++) {
    for (let k = 0; k < ORDERS_PER_LEVEL; k++) {
      for (const side of ['buy', 'sell'] as const) {
        id++;
        const price = side === 'buy' ? MID - level : MID + level;
        engine.apply({ type: 'place', seq: ++seq, ts: BENCH_TS, orderId: id, owner: id, productId: PRODUCT_ID, side, orderType: 'limit', price, quantity: 100 * (1 + k) }, noop);
      }
    }
  }
  const deltas = new BookDeltas();
  deltas.reset(engine);
  const ns: number[] = [];
  const until = process.hrtime.bigint() + BigInt(budgetMs) * 1_000_000n;
  const timedNext = (): void => {
    const t0 = process.hrtime.bigint();
    const delta = deltas.next(engine, PRODUCT_ID);
    ns.push(Number(process.hrtime.bigint() - t0));
    if (delta === null || delta.bids.length + delta.asks.length !== 1) throw new Error('a one-level command must give a one-level delta');
  };
  for (let i = 0; ns.length < maxDeltas && (ns.length < 200 || process.hrtime.bigint() < until); i++) {
    // A different level each time, spread over the whole depth, alternating sides.
    const level = 1 + ((i * 7_919) % levelsPerSide);
    const side = i % 2 === 0 ? 'buy' : 'sell';
    const orderId = ++id;
    const price = side === 'buy' ? MID - level : MID + level;
    engine.apply({ type: 'place', seq: ++seq, ts: BENCH_TS, orderId, owner: orderId, productId: PRODUCT_ID, side, orderType: 'limit', price, quantity: 100 }, noop);
    timedNext();
    engine.apply({ type: 'cancel', seq: ++seq, ts: BENCH_TS, orderId, owner: orderId }, noop);
    timedNext();
  }
  const sorted = Float64Array.from(ns).sort();
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 10) / 100;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { levelsPerSide, deltas: sorted.length, meanUs: Math.round(mean / 10) / 100, p50Us: at(0.5), p99Us: at(0.99) };
}
