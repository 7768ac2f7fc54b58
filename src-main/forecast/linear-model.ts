/**
 * LEAR-like linear model (Lago, De Ridder & De Schutter 2018; epftoolbox): one ridge regression per
 * local hour of the day, on asinh-transformed prices.
 *
 * Columns of the model for hour h: intercept; ISO weekday one-hot (Monday baseline); the
 * transformed prices of hour h one, two and seven days before and the day before's mean, lowest,
 * highest and last price; the drivers of the hour (generation and load forecasts, wind + solar and
 * its share) and of the same hour the day before, so the model sees how the supply changed since
 * the last known prices. Columns are standardised on the training rows; λ is chosen per hour by
 * GCV on the training rows (ridge-gcv.ts). The forecast is the inverse transform of the fit.
 */
import type { FeatureRow } from './features';
import type { Predictor } from './model';
import { asinhTransform, type PriceTransform } from './price-transform';
import { ridgeGcv } from './ridge-gcv';

export interface LinearOptions {
  /** Driver columns to use (indices into DRIVER_COLUMNS); every training row must carry them. */
  drivers: readonly number[];
  /** Fixed relative ridge penalty instead of the GCV choice (tests). */
  ridge?: number;
}

const WEEKDAY_COLUMNS = 6;
const PRICE_COLUMNS = 7;

function design(row: FeatureRow, drivers: readonly number[], t: PriceTransform, out: Float64Array): void {
  out.fill(0);
  out[0] = 1;
  if (row.weekday > 1) out[row.weekday - 1] = 1;
  let k = 1 + WEEKDAY_COLUMNS;
  for (const price of [row.lagDay1, row.lagDay2, row.lagDay7, row.prevMean, row.prevMin, row.prevMax, row.prevLast]) out[k++] = t.forward(price);
  for (const j of drivers) out[k++] = row.drivers[j] as number;
  for (const j of drivers) out[k++] = row.driversDayBefore[j] as number;
}

interface HourModel {
  beta: Float64Array;
  means: Float64Array;
  scales: Float64Array;
  /** Transformed training targets' range, widened by a quarter on each side. */
  zLow: number;
  zHigh: number;
}

function fitHour(rows: readonly FeatureRow[], options: LinearOptions, t: PriceTransform): HourModel {
  const p = 1 + WEEKDAY_COLUMNS + PRICE_COLUMNS + 2 * options.drivers.length;
  const n = rows.length;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const buffer = new Float64Array(p);
  rows.forEach((row, i) => {
    design(row, options.drivers, t, buffer);
    x.set(buffer, i * p);
    y[i] = t.forward(row.y);
  });
  const means = new Float64Array(p);
  const scales = new Float64Array(p).fill(1);
  for (let j = 1; j < p; j += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += x[i * p + j] as number;
    const m = sum / n;
    let sq = 0;
    for (let i = 0; i < n; i += 1) sq += ((x[i * p + j] as number) - m) ** 2;
    const sd = Math.sqrt(sq / Math.max(1, n - 1));
    means[j] = m;
    if (sd > 0) scales[j] = sd;
    for (let i = 0; i < n; i += 1) x[i * p + j] = ((x[i * p + j] as number) - m) / (scales[j] as number);
  }
  const penalised = Array.from({ length: p }, (_, j) => j > 0);
  const fit = ridgeGcv(x, y, p, penalised, options.ridge === undefined ? undefined : [options.ridge]);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const z of y) {
    low = Math.min(low, z);
    high = Math.max(high, z);
  }
  const margin = (high - low) / 4;
  return { beta: fit.beta, means, scales, zLow: low - margin, zHigh: high + margin };
}

export function fitLinear(rows: readonly FeatureRow[], options: LinearOptions): Predictor {
  if (rows.length === 0) throw new RangeError('linear model needs training rows');
  const t = asinhTransform(Float64Array.from(rows, (r) => r.y));
  const byHour = new Map<number, FeatureRow[]>();
  for (const row of rows) {
    const list = byHour.get(row.hour) ?? [];
    list.push(row);
    byHour.set(row.hour, list);
  }
  const models = new Map<number, HourModel>();
  for (const [hour, list] of byHour) models.set(hour, fitHour(list, options, t));
  const p = 1 + WEEKDAY_COLUMNS + PRICE_COLUMNS + 2 * options.drivers.length;
  return {
    predict(row) {
      const model = models.get(row.hour) ?? models.get((row.hour + 23) % 24) ?? models.get((row.hour + 1) % 24);
      if (!model) throw new RangeError(`no training rows for hour ${row.hour}`);
      const features = new Float64Array(p);
      design(row, options.drivers, t, features);
      let z = model.beta[0] as number;
      for (let j = 1; j < p; j += 1) z += (model.beta[j] as number) * (((features[j] as number) - (model.means[j] as number)) / (model.scales[j] as number));
      // sinh grows exponentially: a driver far outside its training range must not turn into a
      // price far beyond any seen, so the fit is held to the (widened) range of the training targets.
      return t.inverse(Math.min(model.zHigh, Math.max(model.zLow, z)));
    },
  };
}
