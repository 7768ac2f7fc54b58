/**
 * VaR backtest: exceptions and Kupiec's proportion-of-failures test.
 *
 * An exception is a day whose loss is strictly larger than that day's VaR: −pnl_t > VaR_t.
 * Kupiec (1995) POF: with T days, x exceptions and expected rate p = 1 − confidence,
 *   LR = −2·ln[(1 − p)^(T−x) · p^x] + 2·ln[(1 − x/T)^(T−x) · (x/T)^x]   (0·ln 0 taken as 0)
 * which is χ² with 1 degree of freedom under the hypothesis that the model is right. The model is
 * rejected at 95% when LR exceeds the χ²₁ 95% quantile 3.8415, i.e. when the p-value
 * P(χ²₁ > LR) = erfc(√(LR/2)) is below 0.05.
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
