/** Descriptive statistics on floats (never on booked money). */

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] as number;
  return sum / values.length;
}

/** Sample variance (divisor n − 1), two-pass for accuracy; NaN below two values. */
export function sampleVariance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (values[i] as number) - m;
    sum += d * d;
  }
  return sum / (n - 1);
}

export function sampleStd(values: ArrayLike<number>): number {
  return Math.sqrt(sampleVariance(values));
}

export function sortedAscending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

/**
 * Empirical quantile with linear interpolation between order statistics (Hyndman & Fan type 7,
 * the default of R and NumPy): h = (n − 1)·q, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (q <= 0) return sorted[0] as number;
  if (q >= 1) return sorted[n - 1] as number;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedAscending(values), q);
}
