import { describe, expect, it } from 'vitest';
import { groupByDeliveryDay, importPriceCsv } from '../../../src-main/market/import';
import { expectOk, fixture, utc } from '../helpers/fixtures';

describe('SMARD-derived CSV (utc_start, price_eur_mwh, …)', () => {
  it('reads the -500.00 €/MWh minimum of 2023 at 2023-07-02T12:00:00Z', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-07-negative.csv')));
    const min = result.points.reduce((a, b) => (b.priceUnits < a.priceUnits ? b : a));
    expect(min).toEqual({ startUtcMs: utc('2023-07-02T12:00:00Z'), durationMin: 60, priceUnits: -50_000 });
  });

  it('reports format, currency, unit and span', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-07-negative.csv'), { area: 'DE-LU' }));
    expect(result.currency).toBe('EUR');
    expect(result.area).toBe('DE');
    expect(result.meta).toMatchObject({
      format: 'smard-csv',
      unit: 'MWH',
      pointCount: 72,
      recordCount: 72,
      firstStartUtcMs: utc('2023-06-30T22:00:00Z'),
      endUtcMs: utc('2023-07-03T22:00:00Z'),
    });
  });

  it('keeps the price exact beside the generation forecast columns', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-07-negative.csv')));
    const at = (iso: string) => result.points.find((p) => p.startUtcMs === utc(iso))?.priceUnits;
    expect(at('2023-07-02T11:00:00Z')).toBe(-26_692);
    expect(at('2023-07-01T12:00:00Z')).toBe(7);
  });

  it('gives 23 hourly points for the Berlin delivery day 2023-03-26', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-03-spring-dst.csv')));
    const days = groupByDeliveryDay(result.points);
    expect(days.map((d) => [d.day, d.points.length])).toEqual([
      ['2023-03-23', 24],
      ['2023-03-24', 24],
      ['2023-03-25', 24],
      ['2023-03-26', 23],
      ['2023-03-27', 24],
      ['2023-03-28', 24],
      ['2023-03-29', 24],
    ]);
  });

  it('gives 25 hourly points for the Berlin delivery day 2023-10-29', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-10-autumn-dst.csv')));
    const day = groupByDeliveryDay(result.points).find((d) => d.day === '2023-10-29');
    expect(day?.points).toHaveLength(25);
    expect(day?.startUtcMs).toBe(utc('2023-10-28T22:00:00Z'));
    expect(day?.endUtcMs).toBe(utc('2023-10-29T23:00:00Z'));
  });

  it('returns points sorted and exactly one hour apart', () => {
    const { points } = expectOk(importPriceCsv(fixture('smard-de-lu-2023-10-autumn-dst.csv')));
    for (let i = 1; i < points.length; i += 1) expect(points[i]!.startUtcMs - points[i - 1]!.startUtcMs).toBe(3_600_000);
  });

  it('accepts the same content as a string', () => {
    const text = fixture('smard-de-lu-2023-07-negative.csv').toString('utf8');
    expect(expectOk(importPriceCsv(text)).points).toHaveLength(72);
  });
});
