/**
 * Risk benchmark (`npm run bench:risk` = `tsx bench/risk.ts`).
 *
 * 1. Fill → position and P&L: a book of 10,000 open positions (20 portfolios × 500 quarter-hour
 *    products), then 20,000 random fills on them; each timed from booking to the refreshed
 *    position view with its unrealized P&L at a mark. Targets: p99 < 1 ms.
 * 2. Monte Carlo VaR: 10,000 paths over 96 correlated quarter-hour products, covariance estimated
 *    from 250 synthetic days of changes (a level factor, a morning/evening factor, noise). Timed:
 *    Cholesky + simulation + VaR/ES + histogram. Target < 1 s. Also timed with full revaluation
 *    of every simulated change vector (L·z per path) instead of the linear shortcut.
 * The last line printed is one JSON object with the figures.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Fill } from '../src-main/risk/positions/fifo-position';
import { sampleCovariance } from '../src-main/math/linalg';
import { monteCarloVar, standardNormals } from '../src-main/risk/var/monte-carlo-var';
import { PositionBook, positionView } from '../src-main/risk/positions/position-book';

const rng = xoroshiro128plus(20_230_401);
const randomInt = (lo: number, hi: number): number => lo + Math.floor(uniformFloat64(rng) * (hi - lo + 1));

const PORTFOLIOS = 20;
const PRODUCTS = 500;

function productId(index: number): string {
  return `DE-Q-${String(index).padStart(4, '0')}`;
}

function randomFill(index: number, side?: Fill['side']): Fill {
  return {
    productId: productId(index),
    side: side ?? (uniformFloat64(rng) < 0.5 ? 'buy' : 'sell'),
    priceUnits: randomInt(-5_000, 25_000),
    quantityKw: randomInt(1, 50) * 100,
    durationMin: 15,
    feeMoney: randomInt(0, 2_000),
    ts: index,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function benchFills(): { p50: number; p99: number; max: number; fills: number; openPositions: number } {
  const book = new PositionBook();
  for (let p = 0; p < PORTFOLIOS; p += 1) {
    for (let i = 0; i < PRODUCTS; i += 1) {
      // Two opening fills per position, so positions carry more than one lot.
      book.apply(`pf${p}`, randomFill(i, 'buy'));
      book.apply(`pf${p}`, randomFill(i, 'buy'));
    }
  }
  const marks = Array.from({ length: PRODUCTS }, () => randomInt(-5_000, 25_000));
  const run = (count: number, samples: Float64Array | null): void => {
    for (let n = 0; n < count; n += 1) {
      const portfolio = `pf${randomInt(0, PORTFOLIOS - 1)}`;
      const index = randomInt(0, PRODUCTS - 1);
      const fill = randomFill(index);
      const start = process.hrtime.bigint();
      const booked = book.apply(portfolio, fill);
      const view = positionView(booked.position, marks[index]);
      const end = process.hrtime.bigint();
      if (view.fillCount < 0) throw new Error('unreachable');
      if (samples) samples[n] = Number(end - start) / 1000;
    }
  };
  run(5_000, null); // warm-up: let the JIT settle
  const samples = new Float64Array(20_000);
  run(samples.length, samples);
  samples.sort();
  return {
    p50: Number(percentile(samples, 0.5).toFixed(2)),
    p99: Number(percentile(samples, 0.99).toFixed(2)),
    max: Number((samples[samples.length - 1] as number).toFixed(2)),
    fills: samples.length,
    openPositions: book.openCount,
  };
}

function syntheticChanges(days: number, products: number): number[][] {
  const z = new Float64Array(products + 2);
  return Array.from({ length: days }, () => {
    standardNormals(rng, z);
    const level = (z[0] as number) * 2_000;
    const peaks = (z[1] as number) * 1_500;
    return Array.from({ length: products }, (_, k) => {
      const hour = k / 4;
      const peakWeight = Math.exp(-((hour - 8) ** 2) / 8) + Math.exp(-((hour - 19) ** 2) / 8);
      return level + peaks * peakWeight + (z[k + 2] as number) * 800;
    });
  });
}

function benchMonteCarlo(): { paths: number; products: number; ms: number; fullRevaluationMs: number; covarianceMs: number; var99: number; jitter: number } {
  const products = 96;
  const paths = 10_000;
  const changes = syntheticChanges(250, products);
  let start = performance.now();
  const covariance = sampleCovariance(changes);
  const covarianceMs = performance.now() - start;
  const exposures = Array.from({ length: products }, () => randomInt(-20, 20) * 250); // ±5 MW per quarter, in money units per price unit
  const time = (revalue: boolean): { ms: number; var99: number; jitter: number } => {
    const timings: number[] = [];
    let result = null as ReturnType<typeof monteCarloVar> | null;
    for (let run = 0; run < 3; run += 1) {
      start = performance.now();
      result = monteCarloVar({
        exposures,
        covariance,
        paths,
        seed: 7,
        ...(revalue ? { revalue: (dp: Float64Array) => exposures.reduce((sum, e, k) => sum + e * (dp[k] as number), 0) } : {}),
      });
      timings.push(performance.now() - start);
    }
    timings.sort((a, b) => a - b);
    return { ms: Number((timings[1] as number).toFixed(1)), var99: result?.levels[1]?.var ?? Number.NaN, jitter: result?.jitter ?? Number.NaN };
  };
  monteCarloVar({ exposures, covariance, paths: 1000, seed: 1 }); // warm-up
  const fast = time(false);
  const full = time(true);
  return { paths, products, ms: fast.ms, fullRevaluationMs: full.ms, covarianceMs: Number(covarianceMs.toFixed(1)), var99: Math.round(fast.var99), jitter: fast.jitter };
}

const fills = benchFills();
console.log(`fill → position + P&L view, ${fills.fills} fills on ${fills.openPositions} open positions: p50 ${fills.p50} µs, p99 ${fills.p99} µs, max ${fills.max} µs`);
const mc = benchMonteCarlo();
console.log(`Monte Carlo VaR ${mc.paths} paths × ${mc.products} products: ${mc.ms} ms (full revaluation ${mc.fullRevaluationMs} ms; covariance ${mc.covarianceMs} ms)`);
console.log(JSON.stringify({ fillToPositionUs: { p50: fills.p50, p99: fills.p99, max: fills.max, fills: fills.fills, openPositions: fills.openPositions }, mcVar: mc }));
