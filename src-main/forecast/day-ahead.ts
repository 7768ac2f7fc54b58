/**
 * Day-ahead price forecast for every hour of one delivery day of the area, with a 10%–90% interval.
 *
 * Training uses the prices strictly before the day (the last `trainDays` days of them). The
 * interval comes from out-of-sample residuals: the model is fitted once more without the last
 * `calibrationDays` days, forecasts those days, and the 10% and 90% empirical quantiles (linear
 * interpolation, type 7) of actual − forecast are added to the point forecast. In-sample residuals
 * would make an interval too narrow for a model that fits its training data closely (trees). When
 * the calibration window is too short (< 24 residuals), in-sample residuals are used instead.
 */
import { quantileSorted, sortedAscending } from '../math/stats';
import { fitBoostedTrees, type BoostOptions } from './boosted-trees';
import { commonFeatureNames, featureRows, lagLookup, type FeatureRow } from './features';
import { fitLinear } from './linear-model';
import type { FitControl, ModelName, Predictor } from './model';
import { fitSeasonalNaive } from './seasonal-naive';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { dayStartMs, HOUR_MS, hoursOfDay, nextDeliveryDay, type FutureHour, type HourlyPoint } from './series';

export interface ForecastOptions {
  model: ModelName;
  /** Training window, days before the forecast day (default 42). */
  trainDays?: number;
  /** Days held out for the interval's residuals (default 7). */
  calibrationDays?: number;
  /** Exogenous features to use; 'auto' (default) = those present on every training and target hour. */
  features?: readonly string[] | 'auto';
  boost?: Partial<BoostOptions>;
  ridge?: number;
  lowerQuantile?: number;
  upperQuantile?: number;
  /** The market area whose delivery days are forecast (the home area by default). */
  area?: string;
}

export interface HourForecast {
  startUtcMs: number;
  /** Price units (0.01 €/MWh) as floats. */
  pointUnits: number;
  lowerUnits: number;
  upperUnits: number;
}

export interface DayForecast {
  day: string;
  model: ModelName;
  hours: HourForecast[];
  /** Quantiles of actual − forecast that made the interval. */
  residualLower: number;
  residualUpper: number;
  residualSource: 'calibration' | 'in-sample';
  featureNames: string[];
  trainRows: number;
}

const DAY_MS = 24 * HOUR_MS;

function train(model: ModelName, rows: readonly FeatureRow[], options: ForecastOptions, control?: FitControl): Predictor {
  switch (model) {
    case 'seasonal-naive':
      return fitSeasonalNaive();
    case 'linear':
      return fitLinear(rows, options.ridge === undefined ? {} : { ridge: options.ridge });
    case 'boosted-trees':
      return fitBoostedTrees(rows, options.boost ?? {}, control);
  }
}

function residuals(predictor: Predictor, rows: readonly FeatureRow[]): Float64Array {
  return Float64Array.from(rows, (row) => row.y - predictor.predict(row));
}

/**
 * @param history hourly prices; only those before `day` are used
 * @param future exogenous values for the day's hours (e.g. the day-ahead generation forecast)
 */
export function forecastDay(
  history: readonly HourlyPoint[],
  day: string,
  options: ForecastOptions,
  future: readonly FutureHour[] = [],
  control?: FitControl,
): DayForecast {
  const area = options.area ?? HOME_AREA;
  const start = dayStartMs(day, area);
  const known = history.filter((p) => p.startUtcMs < start);
  const trainFrom = start - (options.trainDays ?? 42) * DAY_MS;
  const window = known.filter((p) => p.startUtcMs >= trainFrom);
  const futureByTime = new Map(future.map((h) => [h.startUtcMs, h]));
  const targets: FutureHour[] = hoursOfDay(day, area).map((t) => futureByTime.get(t) ?? { startUtcMs: t });

  const featureNames =
    options.features === undefined || options.features === 'auto' ? commonFeatureNames([...window, ...targets]) : [...options.features];
  const lag = lagLookup(known);
  const rows = featureRows(window, lag, featureNames, false, area);
  if (rows.length < 48) throw new RangeError(`not enough history before ${day}: ${rows.length} usable hours`);
  const targetRows = featureRows(targets, lag, featureNames, true, area);
  for (const row of targetRows) {
    if (row.extras.some((v) => !Number.isFinite(v))) throw new RangeError(`features ${featureNames.join(', ')} missing for a target hour of ${day}`);
  }

  const split = start - (options.calibrationDays ?? 7) * DAY_MS;
  const early = rows.filter((r) => r.startUtcMs < split);
  const late = rows.filter((r) => r.startUtcMs >= split);
  let residualSource: DayForecast['residualSource'] = 'in-sample';
  let errors: Float64Array | null = null;
  if (late.length >= 24 && early.length >= 48) {
    errors = residuals(train(options.model, early, options, control), late);
    residualSource = 'calibration';
  }
  const predictor = train(options.model, rows, options, control);
  errors ??= residuals(predictor, rows);

  const sorted = sortedAscending(errors);
  const residualLower = quantileSorted(sorted, options.lowerQuantile ?? 0.1);
  const residualUpper = quantileSorted(sorted, options.upperQuantile ?? 0.9);
  const hours = targetRows.map((row) => {
    const point = predictor.predict(row);
    return { startUtcMs: row.startUtcMs, pointUnits: point, lowerUnits: point + residualLower, upperUnits: point + residualUpper };
  });
  return { day, model: options.model, hours, residualLower, residualUpper, residualSource, featureNames, trainRows: rows.length };
}

/** Forecast of the delivery day after the last hour of the history. */
export function forecastNextDay(history: readonly HourlyPoint[], options: ForecastOptions, future: readonly FutureHour[] = [], control?: FitControl): DayForecast {
  return forecastDay(history, nextDeliveryDay(history, options.area ?? HOME_AREA), options, future, control);
}
