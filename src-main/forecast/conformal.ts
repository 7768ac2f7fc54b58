/**
 * Forecast intervals from out-of-sample errors (split conformal prediction, per hour of day).
 *
 * The errors are actual − forecast of the same model on days it had not seen when it forecast
 * them (the rolling backtest's days before the one forecast). For a local hour h the pool is the
 * errors of hours h − 1, h and h + 1 (24 wraps to 0): error sizes differ by hour (the evening ramp,
 * the solar noon), and three hours triple the sample. A pool smaller than MIN_POOL takes every
 * hour's errors instead. With the pool's n errors sorted, e(1) ≤ … ≤ e(n), a central interval of
 * coverage 1 − α is [point + e(⌊(n + 1)·α/2⌋), point + e(⌈(n + 1)·(1 − α/2)⌉)] (indexes clamped to
 * 1…n), the finite-sample conformal rule: when errors are exchangeable, each side misses at most
 * α/2 of the time.
 */

export interface HourError {
  /** Local hour 0…23 of the forecast hour. */
  hour: number;
  /** actual − forecast, price units. */
  error: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface ConformalBands {
  /** P10–P90. */
  inner: Interval;
  /** P5–P95. */
  outer: Interval;
  /** How many errors the band was taken from. */
  pool: number;
}

const MIN_POOL = 30;

function sideQuantiles(sorted: Float64Array, alpha: number): Interval {
  const n = sorted.length;
  const lowIndex = Math.min(n, Math.max(1, Math.floor((n + 1) * (alpha / 2))));
  const highIndex = Math.min(n, Math.max(1, Math.ceil((n + 1) * (1 - alpha / 2))));
  return { lower: sorted[lowIndex - 1] as number, upper: sorted[highIndex - 1] as number };
}

/** Error quantiles per local hour, computed once for the 24 hours. */
export function conformalBands(errors: readonly HourError[]): Map<number, ConformalBands> {
  if (errors.length === 0) throw new RangeError('conformal intervals need out-of-sample errors');
  const byHour = Array.from({ length: 24 }, () => [] as number[]);
  for (const { hour, error } of errors) (byHour[hour] as number[]).push(error);
  const all = Float64Array.from(errors, (e) => e.error).sort();
  const bands = new Map<number, ConformalBands>();
  for (let hour = 0; hour < 24; hour += 1) {
    const pooled = [...(byHour[(hour + 23) % 24] as number[]), ...(byHour[hour] as number[]), ...(byHour[(hour + 1) % 24] as number[])];
    const sorted = pooled.length >= MIN_POOL ? Float64Array.from(pooled).sort() : all;
    bands.set(hour, { inner: sideQuantiles(sorted, 0.2), outer: sideQuantiles(sorted, 0.1), pool: sorted.length });
  }
  return bands;
}
