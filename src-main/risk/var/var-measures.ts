/**
 * VaR and expected shortfall of a P&L sample, and the result shape shared by all VaR methods.
 *
 * Quantile convention (stated because VaR figures differ by convention): sort the n scenario P&Ls
 * ascending, x(1) ≤ … ≤ x(n), and let k = ⌈n·(1 − c)⌉ (at least 1) for confidence c. Then
 *   VaR_c = −x(k)                      (the k-th worst outcome, no interpolation)
 *   ES_c  = −(x(1) + … + x(k)) / k     (the mean of the k worst outcomes, VaR's own tail)
 * Both are losses: positive when the outcome is a loss, in the unit of the P&L (money units,
 * 0.00001 €, as floats). With 20 scenarios at 95%, k = 1: VaR = ES = the worst loss.
 */
import { histogram, type HistogramBin } from '../../math/histogram';
import { mean, sampleStd } from '../../math/stats';

export const DEFAULT_CONFIDENCES: readonly number[] = [0.95, 0.99];

export interface VarLevel {
  confidence: number;
  var: number;
  es: number;
  /** k of the convention above: how many worst scenarios form the tail. */
  tailCount: number;
}

export interface VarResult {
  method: 'historical' | 'monte-carlo';
  horizonDays: 1;
  scenarios: number;
  levels: VarLevel[];
  meanPnl: number;
  stdPnl: number;
  histogram: HistogramBin[];
}

/** k = ⌈n(1 − c)⌉, guarded against 0.05 × 20 = 1.0000000000000009 style float noise. */
export function tailCount(n: number, confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be in (0, 1)');
  return Math.max(1, Math.ceil(n * (1 - confidence) - 1e-9));
}

export function varFromSortedPnl(sorted: ArrayLike<number>, confidence: number): VarLevel {
  const n = sorted.length;
  if (n === 0) throw new RangeError('no scenarios');
  const k = Math.min(n, tailCount(n, confidence));
  let tail = 0;
  for (let i = 0; i < k; i += 1) tail += sorted[i] as number;
  return { confidence, var: -(sorted[k - 1] as number), es: -tail / k, tailCount: k };
}

export function varFromPnl(pnl: ArrayLike<number>, confidences: readonly number[] = DEFAULT_CONFIDENCES): VarLevel[] {
  const sorted = Float64Array.from(pnl as ArrayLike<number>).sort();
  return confidences.map((c) => varFromSortedPnl(sorted, c));
}

export function varResult(method: VarResult['method'], pnl: Float64Array, confidences: readonly number[], bins: number): VarResult {
  return {
    method,
    horizonDays: 1,
    scenarios: pnl.length,
    levels: varFromPnl(pnl, confidences),
    meanPnl: mean(pnl),
    stdPnl: sampleStd(pnl),
    histogram: histogram(pnl, bins),
  };
}
