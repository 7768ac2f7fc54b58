/**
 * VaR backtest: exceptions and Kupiec's proportion-of-failures test.
 *
 * An exception is a day whose loss is strictly larger than that day's VaR: −pnl_t > VaR_t.
 * Kupiec (1995) POF: with T days, x exceptions and expected rate p = 1 − confidence,
 *   LR = −2·ln[(1 − p)^(T−x) · p^x] + 2·ln[(1 − x/T)^(T−x) · (x/T)^x]   (0·ln 0 taken as 0)
 * which is χ² with 1 degree of freedom under the hypothesis that the model is right. The model is
 * rejected at 95% when LR exceeds the χ²₁ 95% quantile 3.8415, i.e. when the p-value
 * P(χ²₁ > LR) = erfc(√(LR/2)) is below 0.05.
 *
 * Christoffersen (1998) independence: exceptions of a good VaR do not cluster. With I_t = 1 on an
 * exception day and n_ij the number of days with I_{t−1} = i followed by I_t = j,
 *   π₀₁ = n01/(n00 + n01), π₁₁ = n11/(n10 + n11), π = (n01 + n11)/(n00 + n01 + n10 + n11),
 *   LR_ind = −2·ln[(1 − π)^(n00+n10) · π^(n01+n11)] + 2·ln[(1 − π₀₁)^n00 · π₀₁^n01 · (1 − π₁₁)^n10 · π₁₁^n11]
 * which is χ²₁ under independence; conditional coverage LR_cc = LR_POF + LR_ind is χ²₂, whose
 * upper tail is P(χ²₂ > x) = e^(−x/2).
 */
import { chiSquare1Quantile, chiSquare1Survival } from '../../math/normal';

export interface ExceptionCount {
  observations: number;
  exceptions: number;
  exceptionIndexes: number[];
}

/** @param varForecasts VaR per day as a positive loss, aligned with `pnl`. */
export function countExceptions(pnl: readonly number[], varForecasts: readonly number[]): ExceptionCount {
  if (pnl.length !== varForecasts.length) throw new RangeError('pnl and VaR series differ in length');
  const exceptionIndexes: number[] = [];
  pnl.forEach((value, t) => {
    if (-value > (varForecasts[t] as number)) exceptionIndexes.push(t);
  });
  return { observations: pnl.length, exceptions: exceptionIndexes.length, exceptionIndexes };
}

export interface KupiecResult {
  observations: number;
  exceptions: number;
  expectedExceptions: number;
  exceptionRate: number;
  lr: number;
  pValue: number;
  criticalValue: number;
  significance: number;
  accept: boolean;
}

const xLogY = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

export function kupiecPof(observations: number, exceptions: number, confidence: number, significance = 0.05): KupiecResult {
  if (!Number.isInteger(observations) || observations < 1) throw new RangeError('observations must be a positive integer');
  if (!Number.isInteger(exceptions) || exceptions < 0 || exceptions > observations) throw new RangeError('exceptions must be an integer in 0…observations');
  const p = 1 - confidence;
  const t = observations;
  const x = exceptions;
  const rate = x / t;
  const logNull = xLogY(t - x, 1 - p) + xLogY(x, p);
  const logAlternative = xLogY(t - x, 1 - rate) + xLogY(x, rate);
  const lr = Math.max(0, -2 * (logNull - logAlternative));
  const pValue = chiSquare1Survival(lr);
  const criticalValue = chiSquare1Quantile(1 - significance);
  return {
    observations: t,
    exceptions: x,
    expectedExceptions: p * t,
    exceptionRate: rate,
    lr,
    pValue,
    criticalValue,
    significance,
    accept: pValue >= significance,
  };
}

export function backtestVar(pnl: readonly number[], varForecasts: readonly number[], confidence: number, significance = 0.05): KupiecResult & { exceptionIndexes: number[] } {
  const count = countExceptions(pnl, varForecasts);
  return { ...kupiecPof(count.observations, count.exceptions, confidence, significance), exceptionIndexes: count.exceptionIndexes };
}

export interface ChristoffersenResult {
  /** Transition counts n00, n01, n10, n11 of the exception indicator. */
  transitions: [number, number, number, number];
  lr: number;
  pValue: number;
  /** Kupiec + independence, χ²₂. */
  lrConditional: number;
  pValueConditional: number;
  accept: boolean;
  acceptConditional: boolean;
}

/** @param exceptions one flag per day, in time order (true: the loss exceeded VaR) */
export function christoffersenIndependence(exceptions: readonly boolean[], confidence: number, significance = 0.05): ChristoffersenResult {
  if (exceptions.length < 2) throw new RangeError('the independence test needs at least two days');
  let n00 = 0;
  let n01 = 0;
  let n10 = 0;
  let n11 = 0;
  for (let t = 1; t < exceptions.length; t += 1) {
    const previous = exceptions[t - 1];
    const current = exceptions[t];
    if (!previous && !current) n00 += 1;
    else if (!previous && current) n01 += 1;
    else if (previous && !current) n10 += 1;
    else n11 += 1;
  }
  const pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0;
  const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
  const pi = (n01 + n11) / (n00 + n01 + n10 + n11);
  const logNull = xLogY(n00 + n10, 1 - pi) + xLogY(n01 + n11, pi);
  const logAlternative = xLogY(n00, 1 - pi01) + xLogY(n01, pi01) + xLogY(n10, 1 - pi11) + xLogY(n11, pi11);
  const lr = Math.max(0, -2 * (logNull - logAlternative));
  const pValue = chiSquare1Survival(lr);
  const count = exceptions.filter(Boolean).length;
  const lrConditional = kupiecPof(exceptions.length, count, confidence, significance).lr + lr;
  const pValueConditional = Math.exp(-lrConditional / 2);
  return {
    transitions: [n00, n01, n10, n11],
    lr,
    pValue,
    lrConditional,
    pValueConditional,
    accept: pValue >= significance,
    acceptConditional: pValueConditional >= significance,
  };
}
