/**
 * Every import path into the one price store, through the real Core and a real SQLite file: the
 * official auction by default, another one stored apart, an EIC-coded document found under DE by
 * forecasts and VaR, drivers beside the prices, and imported history read whatever the clock says.
 * Prices: test/fixtures/market (SMARD 2023, Bundesnetzagentur | SMARD.de, CC BY 4.0).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, removeDir, withAdmin, type Harness } from '../helpers/core';
import { smardDaysAsEntsoe } from '../market/helpers/entsoe-xml';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/market/${name}`, import.meta.url)), 'utf8');
const H = 3_600_000;
const DAY_START = Date.UTC(2025, 9, 1, 22);

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

const eicDocument = (fromIso: string, days: number): string => smardDaysAsEntsoe(fixture('smard-de-lu-2023.csv'), fromIso, days, '10Y1001A1001A82H');

describe('one price store, every import path', () => {
  it('imports the official price of a DE-LU day published by two auctions, and reports the other as skipped', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const result = await ada.ok('marketdata.import', { format: 'entsoe', content: fixture('de-lu-day-ahead-A44-PT15M-two-sequences.xml') });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result).toMatchObject({ imported: 96, area: 'DE', auction: 'official' });
    expect(result.series.map((s) => [s.sequence, s.points, s.skipped ?? null])).toEqual([
      [2, 0, 'other_sequence'],
      [1, 96, null],
    ]);
    const history = await ada.ok('marketdata.history', { area: 'DE', from: DAY_START, to: DAY_START + 24 * H });
    expect(history.points[0]).toEqual({ start: DAY_START, durationMin: 15, price: 8_210 });
  });

  it('stores a second auction apart when asked for it, leaving the official prices as they were', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    await ada.ok('marketdata.import', { format: 'entsoe', content: fixture('de-lu-day-ahead-A44-PT15M-two-sequences.xml') });
    const second = await ada.ok('marketdata.import', { format: 'entsoe', content: fixture('de-lu-day-ahead-A44-PT15M-two-sequences.xml'), sequence: 2 });
    expect(second).toMatchObject({ ok: true, imported: 96, replaced: 0, auction: 'sequence-2' });
    const history = await ada.ok('marketdata.history', { area: 'DE', from: DAY_START, to: DAY_START + 24 * H });
    expect(history.points.map((p) => p.price).slice(0, 2)).toEqual([8_210, 8_085]);
  });

  it('reports an ENTSO-E acknowledgement as no data, and stores nothing', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const ack = '<?xml version="1.0"?><Acknowledgement_MarketDocument><Reason><code>999</code><text>No matching data found</text></Reason></Acknowledgement_MarketDocument>';
    expect(await ada.ok('marketdata.import', { format: 'entsoe', content: ack })).toMatchObject({ ok: false, errorCount: 1, errors: [{ code: 'no_data' }] });
  });

  it('lets risk.history.import for DE take a document coded 10Y1001A1001A82H, which VaR for DE then reads', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const imported = await ada.ok('risk.history.import', { area: 'DE', content: eicDocument('2023-02-28T23:00:00Z', 20) });
    expect(imported).toMatchObject({ area: 'DE', format: 'entsoe-a44', points: 480 });
    // The clock is in 2026: VaR reads the 2023 days all the same.
    const risk = await ada.ok('risk.var', { area: 'DE' });
    expect(risk.historySource).toMatchObject({ kinds: ['imported'], points: 480, toMs: Date.parse('2023-03-20T23:00:00Z') });
    expect(risk.changeDays).toBe(19);
  });

  it('stores the SMARD forecasts beside the prices, and an hour of forecasts without a price invents no price', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const lines = fixture('smard-de-lu-2023-07-negative.csv').trim().split(/\r?\n/);
    // One more hour with forecasts and no price yet.
    const content = [...lines, '2023-07-03T22:00:00Z,,40000.00,,1000.00,9000.00,0.00,30000.00'].join('\r\n');
    const result = await ada.ok('marketdata.import', { format: 'csv', content });
    expect(result).toMatchObject({ ok: true, imported: 72, drivers: 73 * 5 });
    const history = await ada.ok('marketdata.history', { area: 'DE-LU', from: Date.UTC(2023, 6, 3, 21), to: Date.UTC(2023, 6, 4) });
    expect(history.points).toEqual([{ start: Date.UTC(2023, 6, 3, 21), durationMin: 60, price: expect.any(Number) }]);
  });
});
