/**
 * Rolling-origin backtest of the forecast models, as a user would run them day by day.
 *
 * For each delivery day D from `firstDay` to `lastDay`, every model is trained on the rows before
 * D (the origin is the auction for D at noon of D − 1, when D − 1's prices are already published)
 * and forecasts D; the drivers of D's hours (day-ahead generation and load forecasts, published
 * before the auction) are given to it, D's prices are not. D's intervals are conformal from the
 * models' errors on the backtest days before D (the last `calibrationDays` of them); the first day
 * has none yet, and is left out of the coverage.
 *
 * Scores per model over all forecast hours: MAE and RMSE in €/MWh, and the share of actual prices
 * inside the P10–P90 interval (bounds included). `chooseModel` picks the default: the average of
 * the best two models; seasonal naive only when no learned model could be trained.
 *
 * `backtestSteps` is a generator yielding progress after each day, so a worker can drive it step
 * by step and stop by not asking for more; `runBacktest` drives it with an `onProgress(fraction)`
 * callback and a `shouldStop()` poll, also checked inside tree training.
 */
import type { HourError } from './conformal';
import { pointForecasts, withIntervals, type ForecastOptions, type HourForecast } from './day-ahead';
import { PreparedHistory } from './features';
import { ForecastCancelled, LEARNED_MODELS, MODEL_NAMES, type FitControl, type ModelName } from './model';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { addDays, daysBetween, dayStartMs, type HourlyPoint } from './series';

export const DEFAULT_CALIBRATION_DAYS = 28;

export interface BacktestOptions extends Omit<ForecastOptions, 'model' | 'calibration'> {
  firstDay: string;
  lastDay: string;
  models?: readonly ModelName[];
  /** How many earlier backtest days the conformal intervals are taken from (default 28). */
  calibrationDays?: number;
}

export interface ModelScore {
  model: ModelName;
  days: number;
  hours: number;
  maeEurMwh: number;
  rmseEurMwh: number;
  /** Share of actual prices inside P10–P90, over the hours that had a conformal interval; null when none had. */
  coverage: number | null;
  coverageHours: number;
}

export interface BacktestHour {
  startUtcMs: number;
  priceUnits: number;
  /** Local hour 0…23. */
  hour: number;
}

export interface BacktestDay {
  day: string;
  actual: BacktestHour[];
  forecasts: Partial<Record<ModelName, HourForecast[]>>;
  /** False when no earlier backtest day gave errors for the intervals (they are then in-sample). */
  calibrated: boolean;
}

export interface BacktestReport {
  firstDay: string;
  lastDay: string;
  scores: ModelScore[];
  best: ModelName | null;
  days: BacktestDay[];
}

export interface BacktestProgress {
  fraction: number;
  day: string;
}

/** actual − forecast of a model on the given days, by local hour. */
export function errorsOf(days: readonly BacktestDay[], model: ModelName): HourError[] {
  const errors: HourError[] = [];
  for (const day of days) {
    const forecasts = new Map((day.forecasts[model] ?? []).map((h) => [h.startUtcMs, h.pointUnits]));
    for (const actual of day.actual) {
      const point = forecasts.get(actual.startUtcMs);
      if (point !== undefined) errors.push({ hour: actual.hour, error: actual.priceUnits - point });
    }
  }
  return errors;
}

export function scoreDays(days: readonly BacktestDay[], models: readonly ModelName[]): ModelScore[] {
  return models.flatMap((model) => {
    let dayCount = 0;
    let hours = 0;
    let absError = 0;
    let squaredError = 0;
    let coverageHours = 0;
    let covered = 0;
    for (const day of days) {
      const forecasts = new Map((day.forecasts[model] ?? []).map((h) => [h.startUtcMs, h]));
      if (forecasts.size === 0) continue;
      dayCount += 1;
      for (const actual of day.actual) {
        const hour = forecasts.get(actual.startUtcMs);
        if (!hour) continue;
        const error = actual.priceUnits - hour.pointUnits;
        hours += 1;
        absError += Math.abs(error);
        squaredError += error * error;
        if (!day.calibrated) continue;
        coverageHours += 1;
        if (actual.priceUnits >= hour.lowerUnits && actual.priceUnits <= hour.upperUnits) covered += 1;
      }
    }
    if (hours === 0) return [];
    return [
      {
        model,
        days: dayCount,
        hours,
        maeEurMwh: absError / hours / 100,
        rmseEurMwh: Math.sqrt(squaredError / hours) / 100,
        coverage: coverageHours > 0 ? covered / coverageHours : null,
        coverageHours,
      },
    ];
  });
}

/**
 * The default model: the average of the two best single models, which is the ensemble when the
 * linear and the tree model are the two with the lowest backtest MAE (the usual case). When
 * seasonal naive beats one of them, the better learned model alone; seasonal naive only when no
 * learned model could be scored. Single models are ranked by MAE, ties in MODEL_NAMES order.
 */
export function chooseModel(scores: readonly ModelScore[]): ModelName {
  const singles = scores.filter((s) => s.model !== 'ensemble').sort((a, b) => a.maeEurMwh - b.maeEurMwh);
  const bestTwo = singles.slice(0, 2).map((s) => s.model);
  if (bestTwo.includes('linear') && bestTwo.includes('boosted-trees') && scores.some((s) => s.model === 'ensemble')) return 'ensemble';
  const learned = singles.find((s) => LEARNED_MODELS.includes(s.model));
  return learned?.model ?? 'seasonal-naive';
}

export function* backtestSteps(
  history: readonly HourlyPoint[],
  options: BacktestOptions,
  control?: FitControl,
): Generator<BacktestProgress, BacktestReport, void> {
  const area = options.area ?? HOME_AREA;
  const models = [...MODEL_NAMES].filter((m) => (options.models ?? MODEL_NAMES).includes(m));
  const calibrationDays = options.calibrationDays ?? DEFAULT_CALIBRATION_DAYS;
  // Prepared once for speed; each day's forecast reads only the rows of the days before it.
  const prepared = new PreparedHistory(history, area);
  const targetDays = daysBetween(options.firstDay, options.lastDay, area);
  const days: BacktestDay[] = [];

  for (const [index, day] of targetDays.entries()) {
    const start = dayStartMs(day, area);
    const end = dayStartMs(addDays(day, 1, area), area);
    const actualPoints = prepared.points(start, end);
    if (actualPoints.length > 0) {
      const forecast = pointForecasts(prepared, day, models, options, actualPoints.map((p) => (p.features ? { startUtcMs: p.startUtcMs, features: p.features } : { startUtcMs: p.startUtcMs })), control);
      const hourOf = new Map(forecast.targets.map((row) => [row.startUtcMs, row.hour]));
      const earlier = days.slice(-calibrationDays);
      const record: BacktestDay = {
        day,
        actual: actualPoints.map((p) => ({ startUtcMs: p.startUtcMs, priceUnits: p.priceUnits, hour: hourOf.get(p.startUtcMs) ?? 0 })),
        forecasts: {},
        calibrated: earlier.length > 0,
      };
      for (const model of models) {
        const points = forecast.points.get(model) as Float64Array;
        let errors = errorsOf(earlier, model);
        if (errors.length === 0) {
          const predictor = forecast.fitted.predictors.get(model);
          errors = predictor ? forecast.fitted.rows.slice(-24 * calibrationDays).map((row) => ({ hour: row.hour, error: row.y - predictor.predict(row) })) : [];
        }
        record.forecasts[model] = withIntervals(forecast.targets, points, errors);
      }
      days.push(record);
    }
    yield { fraction: (index + 1) / targetDays.length, day };
  }
  const scores = scoreDays(days, models);
  return { firstDay: options.firstDay, lastDay: options.lastDay, scores, best: scores.length > 0 ? chooseModel(scores) : null, days };
}

export type BacktestOutcome =
  | { status: 'completed'; report: BacktestReport }
  | { status: 'cancelled'; progress: number };

export interface BacktestControl {
  onProgress?: (fraction: number, step: BacktestProgress) => void;
  shouldStop?: () => boolean;
}

export function runBacktest(history: readonly HourlyPoint[], options: BacktestOptions, control: BacktestControl = {}): BacktestOutcome {
  const fitControl: FitControl = control.shouldStop ? { shouldStop: control.shouldStop } : {};
  const steps = backtestSteps(history, options, fitControl);
  let progress = 0;
  try {
    for (;;) {
      // Abandoning the generator is enough: it holds no resources.
      if (control.shouldStop?.()) return { status: 'cancelled', progress };
      const next = steps.next();
      if (next.done) return { status: 'completed', report: next.value };
      progress = next.value.fraction;
      control.onProgress?.(progress, next.value);
    }
  } catch (error) {
    if (error instanceof ForecastCancelled) return { status: 'cancelled', progress };
    throw error;
  }
}

export interface DefaultChoice {
  model: ModelName;
  /** The chosen model's out-of-sample errors on the window: its conformal intervals. */
  errors: HourError[];
}

/**
 * The default forecast as the forecast job makes it: the model `chooseModel` picks over the
 * backtest days before the target, with intervals from that model's errors on those days.
 */
export function chooseDefault(window: readonly BacktestDay[]): DefaultChoice {
  const model = chooseModel(scoreDays(window, MODEL_NAMES));
  return { model, errors: errorsOf(window, model) };
}
