/**
 * Monte Carlo VaR: daily price changes drawn from a multivariate normal N(μ, Σ) across delivery
 * periods (Σ = covariance of historical daily CHANGES, not log returns: prices go negative), as
 * Δp = μ + L·z with L the Cholesky factor of Σ (jittered when Σ is only semi-definite) and z
 * standard normals from a seeded xoroshiro128+ via Box–Muller. Same seed, same result.
 *
 * A linear book's P&L is e·(L·z) = (Lᵀe)·z, so by default each path costs one dot product
 * instead of a matrix-vector product. Pass `revalue` to price each simulated change vector
 * yourself (non-linear books); both paths consume the same z in the same order.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { choleskyWithJitter, type SquareMatrix } from '../../math/linalg';
import { normalPdf, normalQuantile } from '../../math/normal';
import { DEFAULT_CONFIDENCES, varResult, type VarLevel, type VarResult } from './var-measures';

export interface MonteCarloVarInput {
  /** Money units per +1 price unit, per period. */
  exposures: readonly number[];
  /** Covariance of daily price changes, price units². */
  covariance: SquareMatrix;
  paths: number;
  seed: number;
  /** Mean daily change per period; zero (no drift) when omitted. */
  meanChanges?: readonly number[];
  confidences?: readonly number[];
  bins?: number;
  revalue?: (changes: Float64Array) => number;
}

export interface MonteCarloVarResult extends VarResult {
  jitter: number;
  /** Closed-form normal VaR/ES of the same linear book, for comparison: σ = √(eᵀΣe). */
  parametric: VarLevel[];
}

/** Fills `out` with independent standard normals (Box–Muller on 53-bit uniforms). */
export function standardNormals(rng: RandomGenerator, out: Float64Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - uniformFloat64(rng); // (0, 1]: log never sees 0
    const u2 = uniformFloat64(rng);
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
}

export function parametricNormalVar(meanPnl: number, stdPnl: number, confidences: readonly number[]): VarLevel[] {
  return confidences.map((confidence) => {
    const z = normalQuantile(confidence);
    return {
      confidence,
      var: stdPnl * z - meanPnl,
      es: (stdPnl * normalPdf(z)) / (1 - confidence) - meanPnl,
      tailCount: 0,
    };
  });
}

export function monteCarloVar(input: MonteCarloVarInput): MonteCarloVarResult {
  const { covariance, exposures } = input;
  const n = covariance.n;
  if (exposures.length !== n) throw new RangeError(`${exposures.length} exposures for a ${n}×${n} covariance`);
  if (!Number.isSafeInteger(input.paths) || input.paths < 1) throw new RangeError('paths must be a positive integer');
  const { lower, jitter } = choleskyWithJitter(covariance);
  const drift = input.meanChanges ?? new Array<number>(n).fill(0);
  let meanPnl = 0;
  for (let k = 0; k < n; k += 1) meanPnl += (exposures[k] as number) * (drift[k] as number);

  // w = Lᵀe and σ² = eᵀΣe = |w|² (with the jitter the simulation actually used).
  const w = new Float64Array(n);
  for (let j = 0; j < n; j += 1) {
    let sum = 0;
    for (let i = j; i < n; i += 1) sum += (lower[i * n + j] as number) * (exposures[i] as number);
    w[j] = sum;
  }
  let variance = 0;
  for (let j = 0; j < n; j += 1) variance += (w[j] as number) ** 2;

  const rng = xoroshiro128plus(input.seed);
  const z = new Float64Array(n);
  const changes = new Float64Array(n);
  const pnl = new Float64Array(input.paths);
  for (let path = 0; path < input.paths; path += 1) {
    standardNormals(rng, z);
    if (input.revalue) {
      for (let i = 0; i < n; i += 1) {
        let sum = drift[i] as number;
        for (let j = 0; j <= i; j += 1) sum += (lower[i * n + j] as number) * (z[j] as number);
        changes[i] = sum;
      }
      pnl[path] = input.revalue(changes);
    } else {
      let sum = meanPnl;
      for (let j = 0; j < n; j += 1) sum += (w[j] as number) * (z[j] as number);
      pnl[path] = sum;
    }
  }
  const confidences = input.confidences ?? DEFAULT_CONFIDENCES;
  return {
    ...varResult('monte-carlo', pnl, confidences, input.bins ?? 50),
    jitter,
    parametric: parametricNormalVar(meanPnl, Math.sqrt(variance), confidences),
  };
}
