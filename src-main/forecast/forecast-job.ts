/**
 * One forecast job, as run inside the worker: rolling-origin backtest of the models on the days
 * before the target day, then the chosen model (the backtest's best learned model by default)
 * trained on the history before the target day and run for it, with conformal intervals from
 * that model's errors on the backtest days (the last 28 of them at most). Pure computation over
 * its inputs; progress and the stop flag come in as callbacks so the same code runs in a worker
 * and in a test.
 */
import { anomalyFlag } from './anomaly';
import { backtestSteps, chooseModel, DEFAULT_CALIBRATION_DAYS, errorsOf, type ModelScore } from './backtest';
import { DEFAULT_MIN_TRAIN_DAYS, forecastDay, type HourForecast } from './day-ahead';
import { deliveryDayOf } from '../market/delivery-days';
import { ForecastCancelled, MODEL_NAMES, type ModelName } from './model';
import { addDays, type FutureHour, type HourlyPoint } from './series';

export interface ForecastJobInput {
  /** The market area forecast; its delivery days are the days forecast and backtested. */
  area: string;
  history: HourlyPoint[];
  /** The drivers already known for the target day's hours (its generation and load forecasts). */
  future?: FutureHour[];
  targetDay: string;
  firstDay: string;
  lastDay: string;
  model: 'best' | ModelName;
}

export interface ForecastJobProgress {
  fraction: number;
  stage: 'backtest' | 'training' | 'done';
  day: string | null;
  model: ModelName | null;
}

export interface ForecastJobOutput {
  day: string;
  model: ModelName;
  chosen: 'best' | 'requested';
  hours: HourForecast[];
  scores: ModelScore[];
  best: ModelName | null;
  /** 'conformal': from the backtest's out-of-sample errors; 'in-sample' when there were none. */
  intervalSource: 'conformal' | 'in-sample';
  /** Drivers the target day's forecast used (empty: prices only). */
  drivers: string[];
  firstDay: string;
  lastDay: string;
  anomalies: Array<{ startUtcMs: number; priceUnits: number; lowerUnits: number; upperUnits: number; direction: 'high' | 'low'; score: number }>;
}

/**
 * The first day the learned models can forecast: a week of lags, then DEFAULT_MIN_TRAIN_DAYS of
 * training rows. A short history shortens the backtest instead of failing it.
 */
export function firstForecastableDay(history: readonly HourlyPoint[], area: string): string {
  let first = Number.POSITIVE_INFINITY;
  for (const point of history) first = Math.min(first, point.startUtcMs);
  if (!Number.isFinite(first)) throw new RangeError('empty history');
  return addDays(deliveryDayOf(first, area), 7 + DEFAULT_MIN_TRAIN_DAYS, area);
}

/** The backtest takes this share of the progress bar; the final training the rest. */
const BACKTEST_SHARE = 0.85;

export function runForecastJob(input: ForecastJobInput, onProgress: (p: ForecastJobProgress) => void, shouldStop: () => boolean): ForecastJobOutput {
  const control = { shouldStop };
  const firstDay = [input.firstDay, firstForecastableDay(input.history, input.area)].sort()[1] as string;
  const steps = backtestSteps(input.history, { firstDay, lastDay: input.lastDay, models: MODEL_NAMES, area: input.area }, control);
  let next = steps.next();
  while (!next.done) {
    if (shouldStop()) throw new ForecastCancelled();
    onProgress({ fraction: next.value.fraction * BACKTEST_SHARE, stage: 'backtest', day: next.value.day, model: null });
    next = steps.next();
  }
  const report = next.value;
  const model: ModelName = input.model === 'best' ? chooseModel(report.scores) : input.model;
  onProgress({ fraction: BACKTEST_SHARE, stage: 'training', day: input.targetDay, model });
  const calibration = errorsOf(report.days.slice(-DEFAULT_CALIBRATION_DAYS), model);
  const forecast = forecastDay(input.history, input.targetDay, { model, area: input.area, calibration }, input.future ?? [], control);
  const anomalies: ForecastJobOutput['anomalies'] = [];
  for (const day of report.days) {
    const forecasts = new Map((day.forecasts[model] ?? []).map((h) => [h.startUtcMs, h]));
    for (const actual of day.actual) {
      const hour = forecasts.get(actual.startUtcMs);
      if (!hour) continue;
      const flag = anomalyFlag(actual.priceUnits, { lower: hour.lowerUnits, upper: hour.upperUnits });
      if (flag.anomalous && flag.direction) anomalies.push({ startUtcMs: actual.startUtcMs, priceUnits: actual.priceUnits, lowerUnits: hour.lowerUnits, upperUnits: hour.upperUnits, direction: flag.direction, score: flag.score });
    }
  }
  onProgress({ fraction: 1, stage: 'done', day: input.targetDay, model });
  return {
    day: input.targetDay,
    model,
    chosen: input.model === 'best' ? 'best' : 'requested',
    hours: forecast.hours,
    scores: report.scores,
    best: report.best,
    intervalSource: forecast.intervalSource,
    drivers: forecast.drivers,
    firstDay,
    lastDay: input.lastDay,
    anomalies,
  };
}
