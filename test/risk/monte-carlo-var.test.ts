import { describe, expect, it } from 'vitest';
import { sampleCovariance, squareMatrix } from '../../src-main/math/linalg';
import { monteCarloVar, parametricNormalVar } from '../../src-main/risk/var/monte-carlo-var';
import { dailyPriceChanges } from '../../src-main/risk/var/var-inputs';
import { loadSmardFixture } from '../forecast/smard-fixture';

// README §3: σ = 15/20/25 €/MWh, ρ12 = 0.8, ρ13 = 0.5, ρ23 = 0.6; exposures in money units per price unit.
const covariance = squareMatrix([
  [2_250_000, 2_400_000, 1_875_000],
  [2_400_000, 4_000_000, 3_000_000],
  [1_875_000, 3_000_000, 6_250_000],
]);
const exposures = [10_000, -5_000, 8_000];
const SIGMA_P = 23_345_235.059857503; // NumPy: sqrt(e @ S @ e)
const SCIPY = { var95: 38_399_494.56024128, es95: 48_154_515.35223947, var99: 54_309_137.9504832, es99: 62_220_052.45884768 };

describe('Monte Carlo VaR', () => {
  const result = monteCarloVar({ exposures, covariance, paths: 50_000, seed: 42 });

  it('closed form matches SciPy for σ_P computed by NumPy', () => {
    const [p95, p99] = parametricNormalVar(0, SIGMA_P, [0.95, 0.99]);
    expect(p95!.var).toBeCloseTo(SCIPY.var95, 2);
    expect(p95!.es).toBeCloseTo(SCIPY.es95, 2);
    expect(p99!.var).toBeCloseTo(SCIPY.var99, 2);
    expect(p99!.es).toBeCloseTo(SCIPY.es99, 2);
    expect(result.parametric[1]!.var).toBeCloseTo(SCIPY.var99, 2);
  });

  it('simulated VaR and ES land within 3% of the closed form', () => {
    const [m95, m99] = result.levels;
    expect(Math.abs(m95!.var / SCIPY.var95 - 1)).toBeLessThan(0.03);
    expect(Math.abs(m99!.var / SCIPY.var99 - 1)).toBeLessThan(0.03);
    expect(Math.abs(m95!.es / SCIPY.es95 - 1)).toBeLessThan(0.03);
    expect(Math.abs(m99!.es / SCIPY.es99 - 1)).toBeLessThan(0.03);
    expect(Math.abs(result.stdPnl / SIGMA_P - 1)).toBeLessThan(0.02);
    expect(Math.abs(result.meanPnl)).toBeLessThan(0.02 * SIGMA_P);
    expect(result.jitter).toBe(0);
  });

  it('same seed, same result; another seed, another sample', () => {
    const again = monteCarloVar({ exposures, covariance, paths: 50_000, seed: 42 });
    expect(again.levels).toEqual(result.levels);
    expect(again.histogram).toEqual(result.histogram);
    const other = monteCarloVar({ exposures, covariance, paths: 50_000, seed: 7 });
    expect(other.levels[0]!.var).not.toBe(result.levels[0]!.var);
  });

  it('full revaluation of simulated changes gives the same P&L as the linear shortcut', () => {
    const small = monteCarloVar({ exposures, covariance, paths: 2000, seed: 3 });
    const revalued = monteCarloVar({
      exposures,
      covariance,
      paths: 2000,
      seed: 3,
      revalue: (changes) => exposures.reduce((sum, e, k) => sum + e * changes[k]!, 0),
    });
    small.levels.forEach((level, i) => expect(revalued.levels[i]!.var).toBeCloseTo(level.var, 3));
  });

  it('mean changes shift the distribution', () => {
    const drift = monteCarloVar({ exposures, covariance, paths: 2000, seed: 3, meanChanges: [100, 0, 0] });
    const plain = monteCarloVar({ exposures, covariance, paths: 2000, seed: 3 });
    expect(drift.levels[0]!.var).toBeCloseTo(plain.levels[0]!.var - 1_000_000, 3);
  });

  it('works on real SMARD daily changes (24 hours, more periods than is comfortable for 53 days)', () => {
    const changes = dailyPriceChanges(loadSmardFixture(false), 24).changes;
    const cov = sampleCovariance(changes);
    const mc = monteCarloVar({ exposures: new Array(24).fill(1000), covariance: cov, paths: 20_000, seed: 1 });
    expect(Math.abs(mc.levels[1]!.var / mc.parametric[1]!.var - 1)).toBeLessThan(0.05);
    expect(mc.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(20_000);
  });

  it('survives a rank-deficient covariance (more periods than observations) with jitter', () => {
    const rows = [
      [1, 2, 3, 4],
      [2, 1, 0, 3],
      [0, 0, 1, 1],
    ];
    const mc = monteCarloVar({ exposures: [1, 1, 1, 1], covariance: sampleCovariance(rows), paths: 1000, seed: 1 });
    expect(mc.jitter).toBeGreaterThan(0);
    expect(Number.isFinite(mc.levels[0]!.var)).toBe(true);
  });
});
