/**
 * Boosted-tree price model: gradient-boosted trees (boosted-trees.ts) on the local hour, weekday,
 * asinh-transformed price lags and the drivers of the hour.
 *
 * Trees predict a step function and cannot go beyond the targets they were trained on, so they
 * learn the change from the same hour the day before, z(y) − z(lagDay1), in the transformed scale
 * (price-transform.ts): a level the window has not seen is then reached from yesterday's price.
 * They train on the last `windowDays` (182) of the rows given: half a year holds the merit-order
 * shapes that matter for tomorrow, and halves the training time of a year.
 */
import { fitBoostedTrees, type BoostOptions } from './boosted-trees';
import type { FeatureRow } from './features';
import type { FitControl, Predictor } from './model';
import { asinhTransform, type PriceTransform } from './price-transform';

export interface TreeOptions {
  drivers: readonly number[];
  boost?: Partial<BoostOptions>;
  windowDays?: number;
}

export const TREE_WINDOW_DAYS = 182;

function vector(row: FeatureRow, drivers: readonly number[], t: PriceTransform): Float64Array {
  const out = new Float64Array(9 + drivers.length);
  out[0] = row.hour;
  out[1] = row.weekday;
  let k = 2;
  for (const price of [row.lagDay1, row.lagDay2, row.lagDay7, row.prevMean, row.prevMin, row.prevMax, row.prevLast]) out[k++] = t.forward(price);
  for (const j of drivers) out[k++] = row.drivers[j] as number;
  return out;
}

export function fitTreeModel(allRows: readonly FeatureRow[], options: TreeOptions, control?: FitControl): Predictor {
  const lastDay = allRows.at(-1)?.day;
  if (lastDay === undefined) throw new RangeError('boosted trees need training rows');
  const firstDay = lastDay - (options.windowDays ?? TREE_WINDOW_DAYS) + 1;
  const rows = allRows.filter((row) => row.day >= firstDay);
  const t = asinhTransform(Float64Array.from(rows, (r) => r.y));
  const matrix = rows.map((row) => vector(row, options.drivers, t));
  const target = Float64Array.from(rows, (row) => t.forward(row.y) - t.forward(row.lagDay1));
  const model = fitBoostedTrees(matrix, target, options.boost ?? {}, control);
  return {
    predict: (row) => t.inverse(t.forward(row.lagDay1) + model.predict(vector(row, options.drivers, t))),
  };
}
