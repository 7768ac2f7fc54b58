/**
 * Forecast benchmark (`npm run bench:forecast` = `tsx bench/forecast.ts`; CI=true: a shorter run
 * of the same shape).
 *
 * A rolling-origin backtest over the 2023 DE-LU year (bench/forecast-data.ts), as a user would run
 * the forecast day by day: for each delivery day, every model trains on what was known before the
 * day's auction (prices up to the day before, the drivers of the day) and forecasts its hours.
 * The default is made as the forecast job makes it (backtest.ts chooseDefault): the model with the
 * lowest MAE over the 28 backtest days before the day, with conformal intervals from its errors on
 * those days; it is scored from the first day that has 28 days before it. Every model is scored on
 * the same days: MAE and RMSE (€/MWh), MAE ÷ seasonal-naive MAE, and P10–P90 / P5–P95 coverage.
 * msPerDay: mean wall time of one day's step (training and forecasting every model); cpuMsPerDay
 * the CPU time of the same (the two differ on a busy machine).
 * jobMs: one forecast job as the app runs it for the year's last day (28-day backtest + forecast).
 * The last line printed is one JSON object with the figures.
 */
import { backtestSteps, chooseDefault, DEFAULT_CALIBRATION_DAYS, scoreDays, type BacktestDay, type BacktestReport } from '../src-main/forecast/backtest';
import { withIntervals } from '../src-main/forecast/day-ahead';
import { runForecastJob } from '../src-main/forecast/forecast-job';
import { MODEL_NAMES, type ModelName } from '../src-main/forecast/model';
import { addDays } from '../src-main/forecast/series';
import { loadSmardCsv } from './forecast-data';

const CI = process.env.CI === 'true' || process.env.CI === '1';
/** The first day with 28 days of training rows (rows need the day a week before). */
const FIRST_DAY = '2023-02-05';
const LAST_DAY = '2023-12-31';
const CI_FIRST_DAY = '2023-09-03';
const CI_LAST_DAY = '2023-10-31';

const history = loadSmardCsv();
const firstDay = CI ? CI_FIRST_DAY : FIRST_DAY;
const lastDay = CI ? CI_LAST_DAY : LAST_DAY;

const stepMs: number[] = [];
const cpuStarted = process.cpuUsage();
const steps = backtestSteps(history, { firstDay, lastDay, models: MODEL_NAMES });
let report: BacktestReport;
for (let started = performance.now(); ; started = performance.now()) {
  const next = steps.next();
  if (next.done) {
    report = next.value;
    break;
  }
  stepMs.push(performance.now() - started);
  if (stepMs.length % 30 === 0) console.log(`${next.value.day}: ${stepMs.length} days`);
}

const cpu = process.cpuUsage(cpuStarted);
const cpuMsPerDay = (cpu.user + cpu.system) / 1000 / Math.max(1, stepMs.length);
const scored = report.days.slice(DEFAULT_CALIBRATION_DAYS);
const defaultDays: BacktestDay[] = scored.map((day, i) => {
  const window = report.days.slice(i, i + DEFAULT_CALIBRATION_DAYS);
  const choice = chooseDefault(window);
  const forecasts = day.forecasts[choice.model] ?? [];
  const hourOf = new Map(day.actual.map((a) => [a.startUtcMs, a.hour]));
  const targets = forecasts.map((f) => ({ startUtcMs: f.startUtcMs, hour: hourOf.get(f.startUtcMs) ?? 0 }));
  const hours = withIntervals(targets, forecasts.map((f) => f.pointUnits), choice.errors);
  return { ...day, forecasts: { [choice.model]: hours, ensemble: hours }, calibrated: true, chosen: choice.model } as BacktestDay & { chosen: ModelName };
});
const chosenCount: Record<string, number> = {};
for (const day of defaultDays as (BacktestDay & { chosen: ModelName })[]) chosenCount[day.chosen] = (chosenCount[day.chosen] ?? 0) + 1;

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const scores = scoreDays(scored, MODEL_NAMES);
const naiveMae = scores.find((s) => s.model === 'seasonal-naive')?.maeEurMwh ?? Number.NaN;
const models: Record<string, { mae: number; rmse: number; maeRatio: number; coverage80: number | null }> = {};
for (const s of scores) models[s.model] = { mae: round(s.maeEurMwh), rmse: round(s.rmseEurMwh), maeRatio: round(s.maeEurMwh / naiveMae), coverage80: s.coverage === null ? null : round(s.coverage) };

// The default's own score: its hours as one pseudo-model, and the P5–P95 coverage by hand.
const defaultScore = scoreDays(defaultDays.map((d) => ({ ...d, forecasts: { ensemble: d.forecasts.ensemble ?? [] } })), ['ensemble'])[0];
let covered90 = 0;
let hours90 = 0;
for (const day of defaultDays) {
  const byTime = new Map((day.forecasts.ensemble ?? []).map((h) => [h.startUtcMs, h]));
  for (const actual of day.actual) {
    const hour = byTime.get(actual.startUtcMs);
    if (!hour) continue;
    hours90 += 1;
    if (actual.priceUnits >= hour.lower90Units && actual.priceUnits <= hour.upper90Units) covered90 += 1;
  }
}

// One job as the app runs it: backtest of the 28 days before the last day, then that day.
const jobStarted = performance.now();
const job = runForecastJob(
  { area: 'DE', history: history.filter((p) => p.startUtcMs < Date.parse(`${lastDay}T00:00:00+01:00`) + 86_400_000), targetDay: lastDay, firstDay: addDays(lastDay, -DEFAULT_CALIBRATION_DAYS), lastDay: addDays(lastDay, -1), model: 'best', future: [] },
  () => undefined,
  () => false,
);
const jobMs = performance.now() - jobStarted;

const sortedSteps = [...stepMs].sort((a, b) => a - b);
const result = {
  ci: CI,
  backtestFirstDay: firstDay,
  scoredFirstDay: scored[0]?.day ?? null,
  lastDay,
  days: scored.length,
  default: {
    mae: round(defaultScore?.maeEurMwh ?? Number.NaN),
    rmse: round(defaultScore?.rmseEurMwh ?? Number.NaN),
    maeRatio: round((defaultScore?.maeEurMwh ?? Number.NaN) / naiveMae),
    coverage80: round(defaultScore?.coverage ?? Number.NaN),
    coverage90: round(covered90 / Math.max(1, hours90)),
    chosen: chosenCount,
  },
  models,
  msPerDay: round(stepMs.reduce((a, b) => a + b, 0) / Math.max(1, stepMs.length), 1),
  /** CPU time per day: the wall time above includes waiting for a shared machine's cores. */
  cpuMsPerDay: round(cpuMsPerDay, 1),
  msPerDayP95: round(sortedSteps[Math.floor(0.95 * (sortedSteps.length - 1))] ?? Number.NaN, 1),
  jobMs: round(jobMs, 0),
  jobModel: job.model,
};
console.log(JSON.stringify(result));
