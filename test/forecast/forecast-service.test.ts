/**
 * Forecast jobs through the real Core, in a worker thread, on the SMARD DE-LU slice of
 * test/fixtures/risk (Bundesnetzagentur | SMARD.de, CC BY 4.0) imported with risk.history.import.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { runBacktest } from '../../src-main/forecast/backtest';
import type { ForecastJobView } from '../../src-shared/contract/forecast';
import { openHarness, tempDir, withAdmin, type Client, type Harness } from '../helpers/core';
import { loadSmardFixture, loadSmardFixtureAsStored, SMARD_FIXTURE } from './smard-fixture';

const NOW = Date.UTC(2023, 3, 24, 8, 0, 0);
let harness: Harness;
afterEach(() => harness?.close());

async function until<T>(read: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ready(): Promise<Client> {
  harness = openHarness(tempDir(), new ManualClock(NOW));
  const ada = await withAdmin(harness);
  await ada.ok('risk.history.import', { area: 'DE', content: readFileSync(SMARD_FIXTURE, 'utf8') });
  return ada;
}

const doneOf = (client: Client, jobId: string) => () => client.eventsOf('forecast.done').find((j) => j.jobId === jobId);

describe('forecast jobs in a worker thread', () => {
  it('backtests the four models, picks the default and forecasts the next day with conformal intervals', async () => {
    const ada = await ready();
    const { jobId } = await ada.ok('forecast.run', { area: 'DE', backtestDays: 3 });
    // The call answers before training ends: the work is on the worker's thread.
    expect((await ada.ok('forecast.get', { jobId })).state).toBe('running');
    const done: ForecastJobView = await until(doneOf(ada, jobId));
    expect(done.error).toBeNull();
    expect(done.state).toBe('completed');
    const result = done.result!;
    expect(result).toMatchObject({ area: 'DE', day: '2023-04-24', chosen: 'best', backtestFirstDay: '2023-04-21', backtestLastDay: '2023-04-23' });
    expect(result.hours).toHaveLength(24);
    for (const hour of result.hours) {
      expect(hour.lower90Units).toBeLessThanOrEqual(hour.lowerUnits);
      expect(hour.lowerUnits).toBeLessThanOrEqual(hour.upperUnits);
      expect(hour.upperUnits).toBeLessThanOrEqual(hour.upper90Units);
    }
    expect(result.intervalSource).toBe('conformal');
    // The same backtest run here, on the same prices with the generation forecasts the import stored as drivers.
    const outcome = runBacktest(loadSmardFixtureAsStored(), { firstDay: '2023-04-21', lastDay: '2023-04-23' });
    if (outcome.status !== 'completed') throw new Error('backtest did not complete');
    expect(result.scores).toEqual(outcome.report.scores);
    expect(result.best).toBe(outcome.report.best);
    expect(result.model).toBe(outcome.report.best);
    // The target day's P10 is its point plus the conformal P10 of the chosen model's backtest errors.
    const errors = outcome.report.days.flatMap((d) => d.actual.map((a) => a.priceUnits - d.forecasts[result.model]!.find((f) => f.startUtcMs === a.startUtcMs)!.pointUnits));
    expect(errors).toHaveLength(72);
    // 3 days give 9 errors per pooled hour, fewer than 30: every hour takes all 72, e(⌊73·0.1⌋ = 7) and e(⌈73·0.9⌉ = 66).
    const sorted = [...errors].sort((a, b) => a - b);
    for (const hour of result.hours) {
      expect(hour.lowerUnits - hour.pointUnits).toBeCloseTo(sorted[6]!, 6);
      expect(hour.upperUnits - hour.pointUnits).toBeCloseTo(sorted[65]!, 6);
    }
    // Anomalies: backtest hours more than one interval width outside the chosen model's interval.
    const expected = outcome.report.days.flatMap((d) =>
      d.actual.filter((a) => {
        const h = d.forecasts[result.model]!.find((f) => f.startUtcMs === a.startUtcMs)!;
        const width = h.upperUnits - h.lowerUnits;
        return a.priceUnits < h.lowerUnits - width || a.priceUnits > h.upperUnits + width;
      }),
    );
    expect(result.anomalies.map((a) => a.startUtcMs)).toEqual(expected.map((a) => a.startUtcMs));
    const progress = ada.eventsOf('forecast.progress').filter((p) => p.jobId === jobId).map((p) => p.fraction);
    // Loading, one per backtest day, training, done.
    expect(progress.length).toBeGreaterThanOrEqual(6);
    expect(progress.every((f, i) => i === 0 || f >= (progress[i - 1] as number))).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(await ada.ok('forecast.get', { jobId })).toEqual(done);
  }, 120_000);

  it('runs a requested model instead of the best one', async () => {
    const ada = await ready();
    const { jobId } = await ada.ok('forecast.run', { area: 'DE', model: 'seasonal-naive', backtestDays: 1 });
    const done = await until(doneOf(ada, jobId));
    expect(done.result).toMatchObject({ model: 'seasonal-naive', chosen: 'requested' });
    // Seasonal naive: each hour is the same hour a week before (2023-04-17).
    const history = loadSmardFixture(false);
    const weekBefore = new Map(history.map((p) => [p.startUtcMs + 7 * 86_400_000, p.priceUnits]));
    for (const hour of done.result!.hours) expect(hour.pointUnits).toBe(weekBefore.get(hour.startUtcMs));
  }, 120_000);

  it('cancels a running job', async () => {
    const ada = await ready();
    const { jobId } = await ada.ok('forecast.run', { area: 'DE', backtestDays: 14 });
    await ada.ok('forecast.cancel', { jobId });
    const done = await until(doneOf(ada, jobId));
    expect(done.state).toBe('cancelled');
    expect(done.result).toBeNull();
  }, 120_000);

  it('refuses without history and hides other users’ jobs', async () => {
    harness = openHarness(tempDir(), new ManualClock(NOW));
    const ada = await withAdmin(harness);
    expect(await ada.call('forecast.run', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'NO_PRICE_HISTORY' } });
    expect(await ada.call('forecast.get', { jobId: 'fc-1-1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
