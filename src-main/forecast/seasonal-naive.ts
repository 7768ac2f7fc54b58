/** Seasonal naive: the price of the same hour one week earlier (no training). */
import type { FeatureRow } from './features';
import type { Predictor } from './model';

export function fitSeasonalNaive(): Predictor {
  return { predict: (row: FeatureRow) => row.lag168 };
}
