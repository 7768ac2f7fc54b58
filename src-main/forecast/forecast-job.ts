/**
 * One forecast job, as run inside the worker: rolling-origin backtest of the models on the days
 * before the target day, then the chosen model (the backtest's best by default) trained on the
 * whole history and run for the target day. Pure computation over its inputs; progress and the
 * stop flag come in as callbacks so the same code runs in a worker and in a test.
 */
import { anomalyFlag } from './anomaly';
import { backtestSteps } from './backtest';
import { forecastDay } from './day-ahead';
import { ForecastCancelled, MODEL_NAMES, type ModelName } from './model';
import type { FutureHour, HourlyPoint } from './series';

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
  hours: Array<{ startUtcMs: number; pointUnits: number; lowerUnits: number; upperUnits: number }>;
  /** The drivers the target day's forecast used. */
  features: string[];
  scores: Array<{ model: ModelName; days: number; hours: number; maeEurMwh: number; rmseEurMwh: number; coverage: number }>;
  best: ModelName | null;
  firstDay: string;
  lastDay: string;
  anomalies: Array<{ startUtcMs: number; priceUnits: number; lowerUnits: number; upperUnits: number; direction: 'high' | 'low'; score: number }>;
}

/** The backtest takes this share of the progress bar; the final training the rest. */
const BACKTEST_SHARE = 0.85;

export function runForecastJob(input: ForecastJobInput, onProgress: (p: ForecastJobProgress) => void, shouldStop: () => boolean): ForecastJobOutput {
  const control = { shouldStop };
  const steps = backtestSteps(input.history, { firstDay: input.firstDay, lastDay: input.lastDay, models: MODEL_NAMES, area: input.area }, control);
  let next = steps.next();
  while (!next.done) {
    if (shouldStop()) throw new ForecastCancelled();
    onProgress({ fraction: next.value.fraction * BACKTEST_SHARE, stage: 'backtest', day: next.value.day, model: next.value.model });
    next = steps.next();
  }
  const report = next.value;
  const model: ModelName = input.model === 'best' ? (report.best ?? 'seasonal-naive') : input.model;
  onProgress({ fraction: BACKTEST_SHARE, stage: 'training', day: input.targetDay, model });
  const forecast = forecastDay(input.history, input.targetDay, { model, area: input.area }, input.future ?? [], control);
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
    features: forecast.featureNames,
    scores: report.scores,
    best: report.best,
    firstDay: input.firstDay,
    lastDay: input.lastDay,
    anomalies,
  };
}
