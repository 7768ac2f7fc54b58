/**
 * Rolling-origin backtest of the forecast models.
 *
 * For each delivery day D from `firstDay` to `lastDay`, every model is trained on the prices
 * before D (the origin is D − 1, when D − 1's own day-ahead prices are already published) and
 * forecasts D; exogenous values of D's hours (day-ahead generation forecasts) are given to it,
 * D's prices are not. Scores per model over all forecast hours: MAE and RMSE in €/MWh, and the
 * share of actual prices inside the 10%–90% interval (bounds included). The best model is the one
 * with the lowest MAE; a tie goes to the simpler model (order of MODEL_NAMES).
 *
 * `backtestSteps` is a generator yielding progress after each (day, model) step, so a worker can
 * drive it step by step and stop by not asking for more; `runBacktest` drives it with an
 * `onProgress(fraction)` callback and a `shouldStop()` poll, also checked inside tree training.
 */
import { forecastDay, type ForecastOptions, type HourForecast } from './day-ahead';
import { ForecastCancelled, MODEL_NAMES, type FitControl, type ModelName } from './model';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { addDays, daysBetween, dayStartMs, type HourlyPoint } from './series';

export interface BacktestOptions extends Omit<ForecastOptions, 'model'> {
  firstDay: string;
  lastDay: string;
  models?: readonly ModelName[];
}

export interface ModelScore {
  model: ModelName;
  days: number;
  hours: number;
  maeEurMwh: number;
  rmseEurMwh: number;
  coverage: number;
}

export interface BacktestDay {
  day: string;
  actual: { startUtcMs: number; priceUnits: number }[];
  forecasts: Partial<Record<ModelName, HourForecast[]>>;
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
  model: ModelName;
}

interface Accumulator {
  days: number;
  hours: number;
  absError: number;
  squaredError: number;
  covered: number;
}

function report(options: BacktestOptions, models: readonly ModelName[], acc: Map<ModelName, Accumulator>, days: BacktestDay[]): BacktestReport {
  const scores: ModelScore[] = models.flatMap((model) => {
    const a = acc.get(model);
    if (!a || a.hours === 0) return [];
    return [
      {
        model,
        days: a.days,
        hours: a.hours,
        maeEurMwh: a.absError / a.hours / 100,
        rmseEurMwh: Math.sqrt(a.squaredError / a.hours) / 100,
        coverage: a.covered / a.hours,
      },
    ];
  });
  let best: ModelScore | null = null;
  for (const score of scores) if (best === null || score.maeEurMwh < best.maeEurMwh) best = score;
  return { firstDay: options.firstDay, lastDay: options.lastDay, scores, best: best?.model ?? null, days };
}

export function* backtestSteps(
  history: readonly HourlyPoint[],
  options: BacktestOptions,
  control?: FitControl,
): Generator<BacktestProgress, BacktestReport, void> {
  const area = options.area ?? HOME_AREA;
  const models = [...MODEL_NAMES].filter((m) => (options.models ?? MODEL_NAMES).includes(m));
  const sorted = [...history].sort((a, b) => a.startUtcMs - b.startUtcMs);
  const targetDays = daysBetween(options.firstDay, options.lastDay, area);
  const acc = new Map<ModelName, Accumulator>(models.map((m) => [m, { days: 0, hours: 0, absError: 0, squaredError: 0, covered: 0 }]));
  const days: BacktestDay[] = [];
  const total = targetDays.length * models.length;
  let done = 0;

  for (const day of targetDays) {
    const start = dayStartMs(day, area);
    const end = dayStartMs(addDays(day, 1, area), area);
    const actualPoints = sorted.filter((p) => p.startUtcMs >= start && p.startUtcMs < end);
    const record: BacktestDay = { day, actual: actualPoints.map((p) => ({ startUtcMs: p.startUtcMs, priceUnits: p.priceUnits })), forecasts: {} };
    const actualByTime = new Map(actualPoints.map((p) => [p.startUtcMs, p.priceUnits]));
    const future = actualPoints.map((p) => (p.features ? { startUtcMs: p.startUtcMs, features: p.features } : { startUtcMs: p.startUtcMs }));
    for (const model of models) {
      if (actualPoints.length > 0) {
        const forecast = forecastDay(sorted, day, { ...options, model }, future, control);
        record.forecasts[model] = forecast.hours;
        const a = acc.get(model) as Accumulator;
        a.days += 1;
        for (const hour of forecast.hours) {
          const actual = actualByTime.get(hour.startUtcMs);
          if (actual === undefined) continue;
          const error = actual - hour.pointUnits;
          a.hours += 1;
          a.absError += Math.abs(error);
          a.squaredError += error * error;
          if (actual >= hour.lowerUnits && actual <= hour.upperUnits) a.covered += 1;
        }
      }
      done += 1;
      yield { fraction: done / total, day, model };
    }
    days.push(record);
  }
  return report(options, models, acc, days);
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
