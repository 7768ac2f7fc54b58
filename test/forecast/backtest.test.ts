import { beforeAll, describe, expect, it } from 'vitest';
import { backtestSteps, chooseModel, runBacktest, type BacktestReport, type ModelScore } from '../../src-main/forecast/backtest';
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
  }, 120_000);
  const score = (model: string) => report.scores.find((s) => s.model === model)!;

  it('scores all four models over every hour of the 14 days', () => {
    expect(report.scores.map((s) => s.model)).toEqual(['seasonal-naive', 'linear', 'boosted-trees', 'ensemble']);
    for (const s of report.scores) {
      expect(s.days).toBe(14);
      expect(s.hours).toBe(14 * 24);
      expect(s.maeEurMwh).toBeGreaterThan(0);
      expect(s.rmseEurMwh).toBeGreaterThanOrEqual(s.maeEurMwh);
    }
  });

  it('learned models with the generation forecasts beat seasonal naive by far', () => {
    for (const model of ['linear', 'boosted-trees', 'ensemble']) expect(score(model).maeEurMwh).toBeLessThan(0.8 * score('seasonal-naive').maeEurMwh);
    expect(report.best).toBe(chooseModel(report.scores));
  });

  it('measures coverage only on days whose intervals came from earlier backtest days', () => {
    expect(report.days[0]!.calibrated).toBe(false);
    expect(report.days.slice(1).every((d) => d.calibrated)).toBe(true);
    for (const s of report.scores) {
      expect(s.coverageHours).toBe(13 * 24);
      expect(s.coverage).toBeGreaterThan(0.5);
    }
  });

  it('the intervals of a day come from the errors of the days before it', () => {
    const day = report.days[1]!;
    const errors = report.days[0]!.actual.map((a) => a.priceUnits - report.days[0]!.forecasts.linear!.find((f) => f.startUtcMs === a.startUtcMs)!.pointUnits);
    // One earlier day: 24 errors, fewer than a pooled hour needs, so every hour takes all 24.
    const sorted = [...errors].sort((a, b) => a - b);
    const hour = day.forecasts.linear![0]!;
    expect(hour.lowerUnits - hour.pointUnits).toBeCloseTo(sorted[Math.floor(25 * 0.1) - 1]!, 9);
    expect(hour.upperUnits - hour.pointUnits).toBeCloseTo(sorted[Math.ceil(25 * 0.9) - 1]!, 9);
  });

  it('reports progress once per day, ending at 1', () => {
    expect(fractions).toHaveLength(14);
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('same input, same output', () => {
    const once = runBacktest(history, { firstDay: '2023-04-22', lastDay: '2023-04-23' });
    const again = runBacktest(history, { firstDay: '2023-04-22', lastDay: '2023-04-23' });
    expect(again).toEqual(once);
  }, 60_000);
});

describe('the default model', () => {
  const score = (model: ModelScore['model'], mae: number): ModelScore => ({ model, days: 1, hours: 24, maeEurMwh: mae, rmseEurMwh: mae, coverage: null, coverageHours: 0 });

  it('is the ensemble when the linear and tree models are the best two, even when one of them alone scored lower', () => {
    expect(chooseModel([score('seasonal-naive', 30), score('linear', 10), score('boosted-trees', 14), score('ensemble', 11)])).toBe('ensemble');
  });

  it('is the better learned model when seasonal naive beats the other, and seasonal naive only alone', () => {
    expect(chooseModel([score('seasonal-naive', 12), score('linear', 10), score('boosted-trees', 14), score('ensemble', 11)])).toBe('linear');
    expect(chooseModel([score('seasonal-naive', 12)])).toBe('seasonal-naive');
  });
});

describe('driving and cancelling the backtest', () => {
  it('can be stepped as a generator and abandoned', () => {
    const steps = backtestSteps(history, { firstDay: '2023-04-22', lastDay: '2023-04-23', models: ['seasonal-naive'] });
    expect(steps.next()).toMatchObject({ done: false, value: { fraction: 0.5, day: '2023-04-22' } });
    expect(steps.next().value).toMatchObject({ fraction: 1 });
    expect(steps.next().done).toBe(true);
  });

  it('stops between steps when shouldStop turns true', () => {
    let progressCalls = 0;
    const outcome = runBacktest(
      history,
      { firstDay: '2023-04-10', lastDay: '2023-04-23', models: ['seasonal-naive', 'linear'] },
      { onProgress: () => (progressCalls += 1), shouldStop: () => progressCalls >= 3 },
    );
    expect(outcome).toEqual({ status: 'cancelled', progress: 3 / 14 });
  }, 60_000);

  it('stops inside tree training too', () => {
    let polls = 0;
    const outcome = runBacktest(history, { firstDay: '2023-04-23', lastDay: '2023-04-23', models: ['boosted-trees'] }, { shouldStop: () => ++polls > 10 });
    expect(outcome).toEqual({ status: 'cancelled', progress: 0 });
  });
});
