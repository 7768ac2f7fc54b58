import { beforeAll, describe, expect, it } from 'vitest';
import { backtestSteps, runBacktest, type BacktestReport } from '../../src-main/forecast/backtest';
import { loadSmardFixture } from './smard-fixture';

// SMARD DE-LU day-ahead prices and generation forecasts (Bundesnetzagentur | SMARD.de, CC BY 4.0).
const history = loadSmardFixture();

describe('rolling-origin backtest on real prices (two weeks of April 2023)', () => {
  const fractions: number[] = [];
  let report: BacktestReport;
  beforeAll(() => {
    const outcome = runBacktest(history, { firstDay: '2023-04-10', lastDay: '2023-04-23' }, { onProgress: (f) => fractions.push(f) });
    if (outcome.status !== 'completed') throw new Error('backtest did not complete');
    report = outcome.report;
  });
  const score = (model: string) => report.scores.find((s) => s.model === model)!;

  it('scores all three models over every hour of the 14 days', () => {
    expect(report.scores.map((s) => s.model)).toEqual(['seasonal-naive', 'linear', 'boosted-trees']);
    for (const s of report.scores) {
      expect(s.days).toBe(14);
      expect(s.hours).toBe(14 * 24);
      expect(Number.isFinite(s.maeEurMwh)).toBe(true);
      expect(s.maeEurMwh).toBeGreaterThan(0);
      expect(s.rmseEurMwh).toBeGreaterThanOrEqual(s.maeEurMwh);
      expect(s.coverage).toBeGreaterThan(0);
      expect(s.coverage).toBeLessThanOrEqual(1);
    }
  });

  it('picks the model with the lowest MAE, and a learned model beats seasonal naive', () => {
    const lowest = [...report.scores].sort((a, b) => a.maeEurMwh - b.maeEurMwh)[0]!;
    expect(report.best).toBe(lowest.model);
    expect(Math.min(score('linear').maeEurMwh, score('boosted-trees').maeEurMwh)).toBeLessThan(score('seasonal-naive').maeEurMwh);
    // Sanity bounds in €/MWh for spring 2023 prices around 100 €/MWh.
    expect(score('seasonal-naive').maeEurMwh).toBeLessThan(80);
    expect(lowest.maeEurMwh).toBeLessThan(40);
  });

  it('intervals cover a sensible share of the actual prices (nominal 80%)', () => {
    for (const s of report.scores) expect(s.coverage).toBeGreaterThan(0.4);
  });

  it('reports progress once per (day, model) step, ending at 1', () => {
    expect(fractions).toHaveLength(14 * 3);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('keeps the forecasts and actuals per day for charts', () => {
    expect(report.days).toHaveLength(14);
    expect(report.days[0]!.actual).toHaveLength(24);
    expect(report.days[0]!.forecasts.linear).toHaveLength(24);
  });

  it('same input, same output', () => {
    const again = runBacktest(history, { firstDay: '2023-04-21', lastDay: '2023-04-23' });
    const once = runBacktest(history, { firstDay: '2023-04-21', lastDay: '2023-04-23' });
    expect(again).toEqual(once);
  });
});

describe('driving and cancelling the backtest', () => {
  it('can be stepped as a generator and abandoned', () => {
    const steps = backtestSteps(history, { firstDay: '2023-04-22', lastDay: '2023-04-23', models: ['seasonal-naive'] });
    const first = steps.next();
    expect(first).toMatchObject({ done: false, value: { fraction: 0.5, day: '2023-04-22', model: 'seasonal-naive' } });
    const second = steps.next();
    expect(second.value).toMatchObject({ fraction: 1 });
    const end = steps.next();
    expect(end.done).toBe(true);
  });

  it('stops between steps when shouldStop turns true', () => {
    let progressCalls = 0;
    const outcome = runBacktest(
      history,
      { firstDay: '2023-04-10', lastDay: '2023-04-23', models: ['seasonal-naive', 'linear'] },
      { onProgress: () => (progressCalls += 1), shouldStop: () => progressCalls >= 3 },
    );
    expect(outcome).toEqual({ status: 'cancelled', progress: 3 / 28 });
  });

  it('stops inside tree training too', () => {
    let polls = 0;
    const outcome = runBacktest(history, { firstDay: '2023-04-23', lastDay: '2023-04-23', models: ['boosted-trees'] }, { shouldStop: () => ++polls > 10 });
    expect(outcome).toEqual({ status: 'cancelled', progress: 0 });
  });
});
