/**
 * Anomaly flag for any value with a forecast interval (prices, device telemetry).
 *
 * Rule: with w = upper − lower the width of the interval (10%–90% here, at least `minWidth`), a
 * value is anomalous when it lies more than k·w outside the interval: below lower − k·w or above
 * upper + k·w (default k = 1). This is Tukey's fence (1.5 × IQR beyond the quartiles) applied to
 * the 10–90 band; for normal errors it flags about 1 value in 8,000 (3.84 σ from the centre),
 * so it marks what is far outside, not merely outside, the interval.
 */

export interface Band {
  lower: number;
  upper: number;
}

export interface AnomalyOptions {
  k?: number;
  /** Floor on the width, so a degenerate interval does not flag every wobble. */
  minWidth?: number;
}

export interface AnomalyFlag {
  anomalous: boolean;
  direction: 'high' | 'low' | null;
  /** Distance outside the interval in interval widths (0 inside it). */
  score: number;
}

export function anomalyFlag(value: number, band: Band, options: AnomalyOptions = {}): AnomalyFlag {
  if (!(band.upper >= band.lower)) throw new RangeError('interval upper bound below lower bound');
  const k = options.k ?? 1;
  const width = Math.max(band.upper - band.lower, options.minWidth ?? 0, Number.EPSILON);
  const below = band.lower - value;
  const above = value - band.upper;
  const outside = Math.max(below, above, 0);
  const score = outside / width;
  const anomalous = score > k;
  return { anomalous, direction: anomalous ? (above > 0 ? 'high' : 'low') : null, score };
}

export function flagAnomalies(values: readonly number[], bands: readonly Band[], options: AnomalyOptions = {}): AnomalyFlag[] {
  if (values.length !== bands.length) throw new RangeError('values and bands differ in length');
  return values.map((value, i) => anomalyFlag(value, bands[i] as Band, options));
}
