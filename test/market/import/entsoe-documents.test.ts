/**
 * ENTSO-E documents as they really come: two auctions for one zone and day, A03 curves, PT15M and
 * PT30M, several Periods, a 25-hour day, and the A69 / A65 forecast documents that drive prices.
 * Fixtures: test/fixtures/market/README.md.
 */
import { describe, expect, it } from 'vitest';
import { groupByDeliveryDay, importEntsoeXml, importPriceCsv } from '../../../src-main/market/import';
import { entsoeXml, numbered, period } from '../helpers/entsoe-xml';
import { codes, expectFailure, expectOk, fixture, theIssue, utc } from '../helpers/fixtures';

const TWO_SEQUENCES = 'de-lu-day-ahead-A44-PT15M-two-sequences.xml';
const AUTUMN = 'de-lu-day-ahead-A44-PT60M-2023-10-autumn-dst.xml';
const WIND_SOLAR = 'de-lu-wind-solar-forecast-A69-PT60M-2023-10-28.xml';
const DAY_START = utc('2025-10-01T22:00:00Z');
const Q = 900_000;

/** A GL_MarketDocument with one series per [psrType | null, quantities] (null: a load series). */
function forecastXml(type: 'A65' | 'A69', series: Array<[string | null, string[]]>, processType = 'A01'): string {
  const ts = series
    .map(
      ([psr, values], i) => `
	<TimeSeries>
		<mRID>${i + 1}</mRID>
		<businessType>A04</businessType>
		<outBiddingZone_Domain.mRID codingScheme="A01">10Y1001A1001A82H</outBiddingZone_Domain.mRID>
		<quantity_Measure_Unit.name>MAW</quantity_Measure_Unit.name>
		<curveType>A01</curveType>${psr === null ? '' : `\n\t\t<MktPSRType><psrType>${psr}</psrType></MktPSRType>`}
		<Period>
			<timeInterval><start>2023-10-27T22:00Z</start><end>2023-10-28T00:00Z</end></timeInterval>
			<resolution>PT60M</resolution>${values.map((v, k) => `\n\t\t\t<Point><position>${k + 1}</position><quantity>${v}</quantity></Point>`).join('')}
		</Period>
	</TimeSeries>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<GL_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-6:generationloaddocument:3:0">
	<mRID>load</mRID>
	<type>${type}</type>
	<process.processType>${processType}</process.processType>${ts}
</GL_MarketDocument>`;
}

describe('a DE-LU day published by two auctions', () => {
  it('imports the official sequence 1 only and reports sequence 2 as skipped', () => {
    const result = expectOk(importEntsoeXml(fixture(TWO_SEQUENCES)));
    expect(result.points).toHaveLength(96);
    expect(result.auction).toBe('official');
    expect(result.area).toBe('DE');
    expect(result.meta.series.map((s) => [s.sequence, s.points, s.skipped ?? null])).toEqual([
      [2, 0, 'other_sequence'],
      [1, 96, null],
    ]);
    expect(result.points[0]).toEqual({ startUtcMs: DAY_START, durationMin: 15, priceUnits: 8_210 });
    expect(result.points[95]).toEqual({ startUtcMs: DAY_START + 95 * Q, durationMin: 15, priceUnits: 8_550 });
  });

  it('imports sequence 2 instead when asked, as its own auction', () => {
    const result = expectOk(importEntsoeXml(fixture(TWO_SEQUENCES), { sequence: 2 }));
    expect(result.auction).toBe('sequence-2');
    expect(result.points).toHaveLength(96);
    expect(result.points[0]?.priceUnits).toBe(8_550); // 82.10 + 3.40
  });

  it('reports a sequence the document does not have as no data', () => {
    expect(theIssue(importEntsoeXml(fixture(TWO_SEQUENCES), { sequence: 3 }), 'no_data').message).toMatch(/classification sequence 3 \(the document has 1, 2\)/);
  });

  it('fills the positions an A03 curve leaves out with the price before them', () => {
    const { points, meta } = expectOk(importEntsoeXml(fixture(TWO_SEQUENCES)));
    // Sequence 1 gives 84 of its 96 positions; hour 2 (positions 9–12) and hour 3 (13–16) are flat, so only 9 and 13 are given.
    expect(meta.recordCount).toBe(84);
    expect(points.slice(8, 16).map((p) => p.priceUnits)).toEqual([7_500, 7_500, 7_500, 7_500, 7_420, 7_420, 7_420, 7_420]);
  });
});

describe('ENTSO-E periods and resolutions', () => {
  it('reads a 25-hour autumn day as one of two Periods, exactly as SMARD gives the same hours', () => {
    const result = expectOk(importEntsoeXml(fixture(AUTUMN)));
    expect(groupByDeliveryDay(result.points).map((d) => [d.day, d.points.length])).toEqual([
      ['2023-10-28', 24],
      ['2023-10-29', 25],
    ]);
    const smard = expectOk(importPriceCsv(fixture('smard-de-lu-2023.csv')));
    const sameHours = smard.points.filter((p) => p.startUtcMs >= utc('2023-10-27T22:00:00Z') && p.startUtcMs < utc('2023-10-29T23:00:00Z'));
    expect(result.points).toEqual(sameHours);
  });

  it('reads PT30M periods', () => {
    const xml = entsoeXml([{ periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(48), 'PT30M')] }]);
    const { points } = expectOk(importEntsoeXml(xml));
    expect(points).toHaveLength(48);
    expect(points[47]).toEqual({ startUtcMs: utc('2025-10-02T21:30:00Z'), durationMin: 30, priceUnits: 4_800 });
  });
});

describe('forecast documents that drive the price', () => {
  it('reads an A69 wind and solar forecast as three drivers, in kW, A03 zeros filled', () => {
    const result = expectOk(importEntsoeXml(fixture(WIND_SOLAR)));
    expect(result.meta.format).toBe('entsoe-a69');
    expect(result.points).toEqual([]);
    expect(result.currency).toBeNull();
    expect(result.area).toBe('DE');
    const of = (driver: string) => result.drivers.filter((d) => d.driver === driver);
    expect(of('gen_pv_mwh')).toHaveLength(24);
    expect(of('gen_wind_offshore_mwh')).toHaveLength(24);
    expect(of('gen_wind_onshore_mwh')).toHaveLength(24);
    expect(of('gen_pv_mwh').slice(5, 9).map((d) => d.kw)).toEqual([0, 0, 17_500, 909_250]);
    expect(of('gen_wind_onshore_mwh')[0]).toEqual({ driver: 'gen_wind_onshore_mwh', startUtcMs: utc('2023-10-27T22:00:00Z'), durationMin: 60, kw: 11_369_750 });
  });

  it('reads an A65 day-ahead load forecast as the load driver', () => {
    const result = expectOk(importEntsoeXml(forecastXml('A65', [[null, ['52100.5', '50980']]])));
    expect(result.meta.format).toBe('entsoe-a65');
    expect(result.drivers.map((d) => [d.driver, d.kw])).toEqual([
      ['load_mwh', 52_100_500],
      ['load_mwh', 50_980_000],
    ]);
  });

  it('refuses a forecast that is not the day-ahead one, since it is published after the auction', () => {
    expect(theIssue(importEntsoeXml(forecastXml('A65', [[null, ['1', '2']]], 'A16')), 'wrong_document').field).toBe('process.processType');
  });

  it('reports a production type that drives no price as skipped', () => {
    const result = expectOk(importEntsoeXml(forecastXml('A69', [['B16', ['0', '0']], ['B20', ['5', '5']]])));
    expect(result.meta.series.map((s) => [s.kind, s.psrType ?? null, s.skipped ?? null])).toEqual([
      ['gen_pv_mwh', null, null],
      ['other', 'B20', 'unknown_psr_type'],
    ]);
    expect(result.drivers).toHaveLength(2);
  });

  it('refuses a bidding zone the terminal does not know', () => {
    const xml = entsoeXml([{ area: '10YXX-UNKNOWN--Z', periods: [period('2025-10-01T22:00Z', '2025-10-01T23:00Z', ['1.00'])] }]);
    expect(codes(importEntsoeXml(xml))).toEqual(['unknown_area']);
  });
});

describe('SMARD CSV forecast columns', () => {
  it('keeps the generation forecasts of every row as drivers', () => {
    const result = expectOk(importPriceCsv(fixture('smard-de-lu-2023-07-negative.csv')));
    expect(new Set(result.drivers.map((d) => d.driver))).toEqual(new Set(['gen_total_mwh', 'gen_wind_onshore_mwh', 'gen_wind_offshore_mwh', 'gen_pv_mwh', 'gen_other_mwh']));
    expect(result.drivers).toHaveLength(72 * 5);
    expect(result.meta.series.map((s) => [s.kind, s.points])).toContainEqual(['gen_pv_mwh', 72]);
  });

  it('accepts a row with forecasts and no price yet, as tomorrow before the auction', () => {
    const csv = 'utc_start,price_eur_mwh,gen_da_forecast_pv_mwh\n2024-01-01T10:00:00Z,55.10,1200.50\n2024-01-01T11:00:00Z,,1300.25\n';
    const result = expectOk(importPriceCsv(csv));
    expect(result.points).toEqual([{ startUtcMs: utc('2024-01-01T10:00:00Z'), durationMin: 60, priceUnits: 5_510 }]);
    expect(result.drivers.map((d) => d.kw)).toEqual([1_200_500, 1_300_250]);
  });

  it('still refuses a row with neither a price nor a forecast', () => {
    const csv = 'utc_start,price_eur_mwh,gen_da_forecast_pv_mwh\n2024-01-01T10:00:00Z,55.10,1200.50\n2024-01-01T11:00:00Z,,\n';
    expect(expectFailure(importPriceCsv(csv)).errors.map((e) => [e.code, e.line])).toEqual([['bad_price', 3]]);
  });
});
