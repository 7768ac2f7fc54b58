/**
 * Seasonal naive, the usual benchmark of day-ahead price forecasting (epftoolbox, Lago et al.
 * 2021): the same local hour of the day before for Tuesday to Friday, of the week before for
 * Saturday, Sunday and Monday (whose day before is a different kind of day). No training.
 */
import type { FeatureRow } from './features';
import type { Predictor } from './model';

export function fitSeasonalNaive(): Predictor {
  return { predict: (row: FeatureRow) => (row.weekday >= 2 && row.weekday <= 5 ? row.lagDay1 : row.lagDay7) };
}
