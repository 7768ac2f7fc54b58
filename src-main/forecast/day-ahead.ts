/**
 * Day-ahead price forecast for every hour of one delivery day of the area, with P10–P90 and
 * P5–P95 intervals.
 *
 * Training uses the feature rows of the days strictly before the day: the last `trainDays` (364 by
 * default: a year of seasons, no older regime) when there are that many, at least `minTrainDays`.
 * The drivers used are those known for every hour of the day to forecast and of the day before;
 * training rows without them are left out, and when that leaves too few rows the models use prices
 * only. Intervals are conformal (conformal.ts) from the out-of-sample errors the caller passes
 * (the rolling backtest's); without them, from the model's errors on its last four training
 * weeks, which are in-sample and so too narrow, and marked as such.
 */
import type { BoostOptions } from './boosted-trees';
import { conformalBands, type HourError } from './conformal';
import { availableDrivers, DRIVER_COLUMNS, hasDrivers, PreparedHistory, type FeatureRow } from './features';
import { fitLinear } from './linear-model';
import { checkStop, type FitControl, type ModelName, type Predictor } from './model';
import { fitSeasonalNaive } from './seasonal-naive';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { dayStartMs, hoursOfDay, nextDeliveryDay, type FutureHour, type HourlyPoint } from './series';
import { fitTreeModel } from './tree-model';

export interface ForecastOptions {
  model: ModelName;
  /** Longest training window, days before the forecast day (default 364). */
  trainDays?: number;
  /** Fewest days of training rows a learned model needs (default 28). */
  minTrainDays?: number;
  /** False: prices only, whatever drivers are known. */
  useDrivers?: boolean;
  boost?: Partial<BoostOptions>;
  /** Fixed relative ridge penalty instead of the GCV choice. */
  ridge?: number;
  /** The market area whose delivery days are forecast (the home area by default). */
  area?: string;
  /** Out-of-sample errors of this model (the backtest's) for conformal intervals. */
  calibration?: readonly HourError[];
}

export interface HourForecast {
  startUtcMs: number;
  /** Price units (0.01 €/MWh) as floats. */
  pointUnits: number;
  /** P10 and P90. */
  lowerUnits: number;
  upperUnits: number;
  /** P5 and P95. */
  lower90Units: number;
  upper90Units: number;
}

export interface DayForecast {
  day: string;
  model: ModelName;
  hours: HourForecast[];
  intervalSource: 'conformal' | 'in-sample';
  drivers: string[];
  trainRows: number;
}

export interface PointForecasts {
  targets: FeatureRow[];
  points: Map<ModelName, Float64Array>;
  drivers: number[];
  trainRows: number;
  /** Training rows and predictors, for in-sample errors when no calibration is given. */
  fitted: { rows: readonly FeatureRow[]; predictors: Map<ModelName, Predictor> };
}

export const DEFAULT_TRAIN_DAYS = 364;
export const DEFAULT_MIN_TRAIN_DAYS = 28;

function windowRows(prepared: PreparedHistory, firstDay: number, lastDay: number): FeatureRow[] {
  const rows = prepared.rows();
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as FeatureRow).day < firstDay) lo = mid + 1;
    else hi = mid;
  }
  const out: FeatureRow[] = [];
  for (let i = lo; i < rows.length && (rows[i] as FeatureRow).day <= lastDay; i += 1) out.push(rows[i] as FeatureRow);
  return out;
}

/** Point forecasts of the day by each requested model; the linear and tree models train once. */
export function pointForecasts(
  prepared: PreparedHistory,
  day: string,
  models: readonly ModelName[],
  options: Omit<ForecastOptions, 'model'> = {},
  future: readonly FutureHour[] = [],
  control?: FitControl,
): PointForecasts {
  const area = prepared.area;
  const futureByTime = new Map(future.map((h) => [h.startUtcMs, h]));
  const targets = prepared.targetRows(hoursOfDay(day, area).map((t) => futureByTime.get(t) ?? { startUtcMs: t }));
  const dayNumber = prepared.dayNumber(dayStartMs(day, area));
  const window = windowRows(prepared, dayNumber - (options.trainDays ?? DEFAULT_TRAIN_DAYS), dayNumber - 1);
  const minRows = (options.minTrainDays ?? DEFAULT_MIN_TRAIN_DAYS) * 24 - 24;
  const learned = models.some((m) => m !== 'seasonal-naive');
  if (learned && window.length < minRows) throw new RangeError(`not enough history before ${day}: ${window.length} usable hours`);

  let drivers = options.useDrivers === false ? [] : availableDrivers(targets);
  let rows = drivers.length > 0 ? window.filter((row) => hasDrivers(row, drivers)) : window;
  if (rows.length < minRows) {
    drivers = [];
    rows = window;
  }
  const predictors = new Map<ModelName, Predictor>();
  const need = (m: ModelName): boolean => models.includes(m) || (models.includes('ensemble') && (m === 'linear' || m === 'boosted-trees'));
  if (models.includes('seasonal-naive')) predictors.set('seasonal-naive', fitSeasonalNaive());
  if (need('linear')) predictors.set('linear', fitLinear(rows, options.ridge === undefined ? { drivers } : { drivers, ridge: options.ridge }));
  checkStop(control);
  if (need('boosted-trees')) predictors.set('boosted-trees', fitTreeModel(rows, options.boost ? { drivers, boost: options.boost } : { drivers }, control));
  if (models.includes('ensemble')) {
    const linear = predictors.get('linear') as Predictor;
    const trees = predictors.get('boosted-trees') as Predictor;
    predictors.set('ensemble', { predict: (row) => (linear.predict(row) + trees.predict(row)) / 2 });
  }
  const points = new Map<ModelName, Float64Array>();
  for (const model of models) {
    const predictor = predictors.get(model) as Predictor;
    points.set(model, Float64Array.from(targets, (row) => predictor.predict(row)));
  }
  return { targets, points, drivers, trainRows: rows.length, fitted: { rows, predictors } };
}

/** Point forecasts with conformal intervals from the given errors. */
export function withIntervals(targets: readonly Pick<FeatureRow, 'startUtcMs' | 'hour'>[], points: ArrayLike<number>, errors: readonly HourError[]): HourForecast[] {
  const bands = conformalBands(errors);
  return targets.map((row, i) => {
    const point = points[i] as number;
    const band = bands.get(row.hour);
    if (!band) throw new RangeError(`no interval for hour ${row.hour}`);
    return {
      startUtcMs: row.startUtcMs,
      pointUnits: point,
      lowerUnits: point + band.inner.lower,
      upperUnits: point + band.inner.upper,
      lower90Units: point + band.outer.lower,
      upper90Units: point + band.outer.upper,
    };
  });
}

const IN_SAMPLE_DAYS = 28;

/**
 * @param history hourly prices; only those before `day` are used
 * @param future drivers for the day's hours (e.g. the day-ahead generation forecast)
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
  const prepared = new PreparedHistory(history.filter((p) => p.startUtcMs < start), area);
  const forecast = pointForecasts(prepared, day, [options.model], options, future, control);
  const points = forecast.points.get(options.model) as Float64Array;
  let errors = options.calibration ?? [];
  let intervalSource: DayForecast['intervalSource'] = 'conformal';
  if (errors.length < 24) {
    const predictor = forecast.fitted.predictors.get(options.model) as Predictor;
    const recent = forecast.fitted.rows.slice(-IN_SAMPLE_DAYS * 24);
    errors = recent.map((row) => ({ hour: row.hour, error: row.y - predictor.predict(row) }));
    intervalSource = 'in-sample';
  }
  return {
    day,
    model: options.model,
    hours: withIntervals(forecast.targets, points, errors),
    intervalSource,
    drivers: forecast.drivers.map((j) => DRIVER_COLUMNS[j] as string),
    trainRows: forecast.trainRows,
  };
}

/** Forecast of the delivery day after the last hour of the history. */
export function forecastNextDay(history: readonly HourlyPoint[], options: ForecastOptions, future: readonly FutureHour[] = [], control?: FitControl): DayForecast {
  return forecastDay(history, nextDeliveryDay(history, options.area ?? HOME_AREA), options, future, control);
}
