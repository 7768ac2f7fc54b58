import { describe, expect, it } from 'vitest';
import { groupByDeliveryDay, importEntsoeXml } from '../../../src-main/market/import';
import { entsoeXml, numbered, period } from '../helpers/entsoe-xml';
import { expectOk, fixture, utc } from '../helpers/fixtures';

const SE4 = 'se4-day-ahead-A44-PT60M.xml';

describe('ENTSO-E A44 XML, real SE4 file', () => {
  it('reads 48 hourly points over two days from two TimeSeries', () => {
    const result = expectOk(importEntsoeXml(fixture(SE4)));
    expect(result.points).toHaveLength(48);
    expect(result.points.every((p) => p.durationMin === 60)).toBe(true);
    expect(result.meta.series.map((s) => [s.id, s.points, s.curveType])).toEqual([
      ['1', 24, 'A01'],
      ['2', 24, 'A01'],
    ]);
  });

  it('reports the bidding zone, currency, unit and document', () => {
    const result = expectOk(importEntsoeXml(fixture(SE4)));
    expect(result.area).toBe('SE4');
    expect(result.currency).toBe('EUR');
    expect(result.meta).toMatchObject({
      format: 'entsoe-a44',
      unit: 'MWH',
      documentId: 'e5ddfbe2e5d145f0a7b716d7fb31d784',
      createdUtc: '2023-08-07T13:12:19Z',
      firstStartUtcMs: utc('2023-08-06T22:00:00Z'),
      endUtcMs: utc('2023-08-08T22:00:00Z'),
    });
  });

  it('places positions from the period start and keeps negative prices exact', () => {
    const { points } = expectOk(importEntsoeXml(fixture(SE4)));
    expect(points[0]).toEqual({ startUtcMs: utc('2023-08-06T22:00:00Z'), durationMin: 60, priceUnits: -19 });
    expect(points[6]).toEqual({ startUtcMs: utc('2023-08-07T04:00:00Z'), durationMin: 60, priceUnits: 1 });
    expect(points[24]).toEqual({ startUtcMs: utc('2023-08-07T22:00:00Z'), durationMin: 60, priceUnits: -428 });
    expect(points[47]).toEqual({ startUtcMs: utc('2023-08-08T21:00:00Z'), durationMin: 60, priceUnits: -505 });
    expect(Math.min(...points.map((p) => p.priceUnits))).toBe(-1160);
  });

  it('groups into the two Berlin delivery days', () => {
    const { points } = expectOk(importEntsoeXml(fixture(SE4)));
    expect(groupByDeliveryDay(points).map((d) => [d.day, d.points.length])).toEqual([
      ['2023-08-07', 24],
      ['2023-08-08', 24],
    ]);
  });
});

describe('ENTSO-E A44 XML, shapes of real responses', () => {
  it('reads PT15M periods (96 quarter-hours)', () => {
    const xml = entsoeXml([{ periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(96), 'PT15M')] }]);
    const { points } = expectOk(importEntsoeXml(xml));
    expect(points).toHaveLength(96);
    expect(points[95]).toEqual({ startUtcMs: utc('2025-10-02T21:45:00Z'), durationMin: 15, priceUnits: 9600 });
  });

  it('fills positions left out of an A03 curve with the previous price, up to the period end', () => {
    const xml = entsoeXml([
      {
        curveType: 'A03',
        periods: [{ start: '2025-10-01T22:00Z', end: '2025-10-02T00:00Z', resolution: 'PT15M', points: [[1, '10.00'], [2, '-3.50'], [5, '7.25']] }],
      },
    ]);
    const result = expectOk(importEntsoeXml(xml));
    expect(result.points.map((p) => p.priceUnits)).toEqual([1000, -350, -350, -350, 725, 725, 725, 725]);
    expect(result.meta.recordCount).toBe(3);
    expect(result.meta.pointCount).toBe(8);
  });

  it('takes a missing curveType as A01', () => {
    const xml = entsoeXml([{ curveType: null, periods: [period('2025-10-01T22:00Z', '2025-10-02T00:00Z', ['1.00', '2.00'])] }]);
    expect(expectOk(importEntsoeXml(xml)).meta.series[0]?.curveType).toBe('A01');
  });

  it('keeps a day published at both PT60M and PT15M as two sets of points', () => {
    const xml = entsoeXml([
      { mRID: '1', periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(24), 'PT60M')] },
      { mRID: '2', periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(96), 'PT15M')] },
    ]);
    const { points, meta } = expectOk(importEntsoeXml(xml));
    expect(points.filter((p) => p.durationMin === 60)).toHaveLength(24);
    expect(points.filter((p) => p.durationMin === 15)).toHaveLength(96);
    expect(meta.series.map((s) => s.durationMin)).toEqual([60, 15]);
  });

  it('joins two series for consecutive days into one gap-free series', () => {
    const xml = entsoeXml([
      { periods: [period('2025-03-29T23:00Z', '2025-03-30T22:00Z', numbered(23))] },
      { periods: [period('2025-03-30T22:00Z', '2025-03-31T22:00Z', numbered(24))] },
    ]);
    const { points } = expectOk(importEntsoeXml(xml));
    expect(groupByDeliveryDay(points).map((d) => [d.day, d.points.length])).toEqual([
      ['2025-03-30', 23],
      ['2025-03-31', 24],
    ]);
  });

  it('accepts another currency when the caller allows it', () => {
    const xml = entsoeXml([{ currency: 'SEK', periods: [period('2025-10-01T22:00Z', '2025-10-01T23:00Z', ['1.00'])] }]);
    expect(expectOk(importEntsoeXml(xml, { allowedCurrencies: ['SEK'] })).currency).toBe('SEK');
  });
});
