/**
 * Which day a forecast is for and what it is trained on, through the real Core and its worker:
 * the SMARD 2023 year (test/fixtures/market, Bundesnetzagentur | SMARD.de, CC BY 4.0) imported on a
 * terminal whose clock says November 2026.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForecastResultView } from '../../src-shared/contract/forecast';
import { openHarness, removeDir, withAdmin, type Client, type Harness } from '../helpers/core';
import { smardDaysAsEntsoe } from '../market/helpers/entsoe-xml';

const YEAR = readFileSync(fileURLToPath(new URL('../fixtures/market/smard-de-lu-2023.csv', import.meta.url)), 'utf8');
const HEADER = YEAR.slice(0, YEAR.indexOf('\n')).trim();

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

async function withYear(): Promise<Client> {
  harness = openHarness();
  const ada = await withAdmin(harness);
  expect(await ada.ok('marketdata.import', { format: 'csv', content: YEAR })).toMatchObject({ ok: true, imported: 8_760, area: 'DE' });
  return ada;
}

async function forecast(client: Client, input: { day?: string } = {}): Promise<ForecastResultView> {
  const { jobId } = await client.ok('forecast.run', { area: 'DE', model: 'linear', backtestDays: 1, ...input });
  const started = Date.now();
  for (;;) {
    const done = client.eventsOf('forecast.done').find((j) => j.jobId === jobId);
    if (done) {
      if (!done.result) throw new Error(`forecast ${done.state}: ${done.error ?? ''}`);
      return done.result;
    }
    if (Date.now() - started > 90_000) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the day a forecast is for', () => {
  it('forecasts 1 Jan 2024 from a 2023 import, whatever the wall clock says, and says which days it used', async () => {
    const ada = await withYear();
    const result = await forecast(ada);
    expect(result).toMatchObject({ day: '2024-01-01', historyLastDay: '2023-12-31', historyFirstDay: '2023-01-01', backtestLastDay: '2023-12-31' });
    expect(result.hours).toHaveLength(24);
    // No forecasts are known for 1 Jan 2024, so none can be used.
    expect(result.drivers).toEqual([]);
  }, 120_000);

  it('uses the generation forecasts known for the target day before its auction', async () => {
    const ada = await withYear();
    // 1 Jan 2024's forecasts, published before its auction: rows without a price (values made up for the test).
    const rows = Array.from({ length: 24 }, (_, h) => `${new Date(Date.UTC(2023, 11, 31, 23 + h)).toISOString().replace('.000', '')},,50000.00,30000.00,4000.00,24000.00,${h > 8 && h < 16 ? '2000.00' : '0.00'},20000.00`);
    const tomorrow = await ada.ok('marketdata.import', { format: 'csv', content: [HEADER, ...rows].join('\n') });
    expect(tomorrow).toMatchObject({ ok: true, imported: 0, drivers: 24 * 5 });
    const result = await forecast(ada);
    expect(result.day).toBe('2024-01-01');
    // The five published forecasts, and what follows from them (wind + solar and its share); no load forecast was given.
    expect([...result.drivers].sort()).toEqual(['gen_other_mwh', 'gen_pv_mwh', 'gen_total_mwh', 'gen_wind_offshore_mwh', 'gen_wind_onshore_mwh', 'renewable_mwh', 'renewable_share']);
  }, 120_000);

  it('forecasts DE from a document coded 10Y1001A1001A82H', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const imported = await ada.ok('marketdata.import', { format: 'entsoe', content: smardDaysAsEntsoe(YEAR, '2023-01-31T23:00:00Z', 40, '10Y1001A1001A82H') });
    // Forty days: the models train on 28 days at least, and a backtest day comes before the target.
    expect(imported).toMatchObject({ ok: true, imported: 960, area: 'DE' });
    const result = await forecast(ada);
    expect(result).toMatchObject({ area: 'DE', day: '2023-03-13', historyFirstDay: '2023-02-01', historyLastDay: '2023-03-12' });
  }, 120_000);

  it('forecasts a day the user picks from the prices before it only', async () => {
    const ada = await withYear();
    const result = await forecast(ada, { day: '2023-06-15' });
    expect(result).toMatchObject({ day: '2023-06-15', historyLastDay: '2023-06-14', backtestLastDay: '2023-06-14' });
  }, 120_000);
});
