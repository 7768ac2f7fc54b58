/**
 * Linear model on calendar and lag features, fitted by ridge least squares (QR).
 *
 * Columns: intercept; local hour one-hot (hour 0 is the baseline); ISO weekday one-hot (Monday
 * baseline, which also carries weekday/weekend); month one-hot (January baseline); price 24 h and
 * 168 h ago; exogenous features. Continuous columns are standardised on the training rows so one
 * ridge λ fits all; the intercept is not penalised. λ is small: it exists to make the system full
 * rank (a month absent from the training window), not to shrink.
 */
import type { FeatureRow } from './features';
import { ridgeLeastSquares } from './least-squares';
import type { Predictor } from './model';

export interface LinearOptions {
  ridge?: number;
}

const CALENDAR_COLUMNS = 1 + 23 + 6 + 11;

function calendar(row: FeatureRow, out: Float64Array): void {
  out.fill(0, 0, CALENDAR_COLUMNS);
  out[0] = 1;
  if (row.hour > 0) out[row.hour] = 1;
  if (row.weekday > 1) out[23 + row.weekday - 1] = 1;
  if (row.month > 1) out[29 + row.month - 1] = 1;
}

const continuous = (row: FeatureRow): number[] => [row.lag24, row.lag168, ...row.extras];

export function fitLinear(rows: readonly FeatureRow[], options: LinearOptions = {}): Predictor {
  const first = rows[0];
  if (!first) throw new RangeError('linear model needs training rows');
  const c = continuous(first).length;
  const p = CALENDAR_COLUMNS + c;
  const n = rows.length;

  const means = new Float64Array(c);
  const scales = new Float64Array(c).fill(1);
  for (const row of rows) continuous(row).forEach((v, j) => (means[j] = (means[j] as number) + v / n));
  const sq = new Float64Array(c);
  for (const row of rows) continuous(row).forEach((v, j) => (sq[j] = (sq[j] as number) + (v - (means[j] as number)) ** 2));
  sq.forEach((s, j) => {
    const sd = Math.sqrt(s / Math.max(1, n - 1));
    if (sd > 0) scales[j] = sd;
  });

  const design = (row: FeatureRow, out: Float64Array): void => {
    calendar(row, out);
    continuous(row).forEach((v, j) => {
      out[CALENDAR_COLUMNS + j] = (v - (means[j] as number)) / (scales[j] as number);
    });
  };

  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const buffer = new Float64Array(p);
  rows.forEach((row, i) => {
    design(row, buffer);
    x.set(buffer, i * p);
    y[i] = row.y;
  });
  const lambda = options.ridge ?? 1;
  const penalties = Array.from({ length: p }, (_, j) => (j === 0 ? 0 : lambda));
  const beta = ridgeLeastSquares(x, y, p, penalties);

  return {
    predict(row) {
      const features = new Float64Array(p);
      design(row, features);
      let sum = 0;
      for (let j = 0; j < p; j += 1) sum += (beta[j] as number) * (features[j] as number);
      return sum;
    },
  };
}
