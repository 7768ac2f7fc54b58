import { describe, expect, it } from 'vitest';
import { groupByDeliveryDay, importPriceCsv } from '../../../src-main/market/import';
import { codes, expectOk, fixture, theIssue, utc } from '../helpers/fixtures';

describe('generic CSV with Europe/Berlin delivery times', () => {
  it('places the repeated autumn hour by order of appearance: first summer time, then winter time', () => {
    const { points } = expectOk(importPriceCsv(fixture('berlin-local-de-lu-2023-10-autumn-dst.csv')));
    const at = (iso: string) => points.find((p) => p.startUtcMs === utc(iso))?.priceUnits;
    expect(at('2023-10-29T00:00:00Z')).toBe(1); // 02:00 CEST, listed first
    expect(at('2023-10-29T01:00:00Z')).toBe(2); // 02:00 CET, listed second
  });

  it('gives 25 points for the autumn delivery day and 24 for its neighbours', () => {
    const result = expectOk(importPriceCsv(fixture('berlin-local-de-lu-2023-10-autumn-dst.csv')));
    expect(result.meta.format).toBe('berlin-csv');
    expect(groupByDeliveryDay(result.points).map((d) => d.points.length)).toEqual([24, 25, 24]);
  });

  it('agrees with the SMARD UTC export of the same prices', () => {
    const local = expectOk(importPriceCsv(fixture('berlin-local-de-lu-2023-10-autumn-dst.csv'))).points;
    const smard = expectOk(importPriceCsv(fixture('smard-de-lu-2023-10-autumn-dst.csv'))).points;
    const byStart = new Map(smard.map((p) => [p.startUtcMs, p.priceUnits]));
    for (const p of local) expect(byStart.get(p.startUtcMs)).toBe(p.priceUnits);
  });

  it('gives 23 points for the spring delivery day', () => {
    const rows = ['delivery_start,price'];
    for (let h = 0; h < 24; h += 1) if (h !== 2) rows.push(`2023-03-26 ${String(h).padStart(2, '0')}:00,${h}.50`);
    const result = expectOk(importPriceCsv(rows.join('\n')));
    expect(groupByDeliveryDay(result.points).map((d) => [d.day, d.points.length])).toEqual([['2023-03-26', 23]]);
    expect(result.points[2]).toEqual({ startUtcMs: utc('2023-03-26T01:00:00Z'), durationMin: 60, priceUnits: 350 });
  });

  it('refuses the non-existent spring hour 02:00 with its line', () => {
    const csv = 'delivery_start,price\n2023-03-26 01:00,10.00\n2023-03-26 02:00,11.00\n2023-03-26 03:00,12.00\n';
    const issue = theIssue(importPriceCsv(csv), 'nonexistent_local_time');
    expect(issue.line).toBe(3);
    expect(issue.field).toBe('delivery_start');
    expect(issue.message).toMatch(/does not exist in Europe\/Berlin/);
  });

  it('reports a third appearance of the repeated autumn hour as a duplicate', () => {
    const csv = ['delivery_start,price', '2023-10-29 01:00,1', '2023-10-29 02:00,2', '2023-10-29 02:00,3', '2023-10-29 02:00,4', '2023-10-29 03:00,5'].join('\n');
    const issue = theIssue(importPriceCsv(csv), 'duplicate_interval');
    expect(issue.line).toBe(5);
    expect(issue.interval).toBe('2023-10-29T01:00:00Z/2023-10-29T02:00:00Z');
  });

  it('reads quarter-hours across the autumn change from delivery_end', () => {
    const rows = ['delivery_start,delivery_end,price'];
    const quarters = ['00', '15', '30', '45'];
    for (const pass of [0, 1]) for (const [i, q] of quarters.entries()) rows.push(`2023-10-29 02:${q},${i === 3 ? '2023-10-29 03:00' : `2023-10-29 02:${quarters[i + 1]}`},${pass * 10 + i}`);
    const { points } = expectOk(importPriceCsv(rows.join('\n')));
    expect(points).toHaveLength(8);
    expect(points.every((p) => p.durationMin === 15)).toBe(true);
    expect(points[0]!.startUtcMs).toBe(utc('2023-10-29T00:00:00Z'));
    expect(points[7]!.startUtcMs).toBe(utc('2023-10-29T01:45:00Z'));
    expect(points[4]!.priceUnits).toBe(1000);
  });

  it('reads the interval length from a resolution column', () => {
    const csv = 'delivery_start,price,resolution\n2024-06-01 10:00,1.00,PT15M\n2024-06-01 10:15,2.00,PT15M\n';
    expect(expectOk(importPriceCsv(csv)).points.map((p) => p.durationMin)).toEqual([15, 15]);
  });

  it('infers 15 minutes from the spacing when nothing says otherwise', () => {
    const csv = 'delivery_start,price\n2024-06-01 10:00,1.00\n2024-06-01 10:15,2.00\n2024-06-01 10:30,3.00\n';
    expect(expectOk(importPriceCsv(csv)).meta.series[0]!.durationMin).toBe(15);
  });

  it('takes timestamps with an explicit offset as instants', () => {
    const csv = 'delivery_start,price\n2023-10-29T02:00:00+01:00,5.00\n2023-10-29T02:00:00+02:00,4.00\n';
    const { points } = expectOk(importPriceCsv(csv));
    expect(points.map((p) => [p.startUtcMs, p.priceUnits])).toEqual([
      [utc('2023-10-29T00:00:00Z'), 400],
      [utc('2023-10-29T01:00:00Z'), 500],
    ]);
  });

  it('reads a semicolon file with decimal commas and German dates', () => {
    const csv = 'delivery_start;price;currency;unit\n01.07.2023 00:00;-5,17;EUR;€/MWh\n01.07.2023 01:00;12,00;EUR;€/MWh\n';
    const { points } = expectOk(importPriceCsv(csv));
    expect(points.map((p) => p.priceUnits)).toEqual([-517, 1200]);
    expect(points[0]!.startUtcMs).toBe(utc('2023-06-30T22:00:00Z'));
  });

  it('takes the area from an area column, as the terminal\'s key for it', () => {
    const csv = 'delivery_start,price,area\n2023-07-01 00:00,1.00,DE-LU\n2023-07-01 01:00,1.00,DE-LU\n';
    expect(expectOk(importPriceCsv(csv)).area).toBe('DE');
  });

  it('refuses an area the terminal does not know', () => {
    const csv = 'delivery_start,price,area\n2023-07-01 00:00,1.00,XX\n2023-07-01 01:00,1.00,XX\n';
    expect(codes(importPriceCsv(csv))).toEqual(['unknown_area']);
  });

  it('refuses two areas in one file', () => {
    const csv = 'delivery_start,price,area\n2023-07-01 00:00,1.00,DE-LU\n2023-07-01 01:00,1.00,AT\n';
    expect(codes(importPriceCsv(csv))).toEqual(['mixed_area']);
  });

  it('accepts another currency when the caller allows it', () => {
    const csv = 'delivery_start,price,currency,unit\n2023-07-01 00:00,1.00,SEK,SEK/MWh\n2023-07-01 01:00,2.00,SEK,SEK/MWh\n';
    expect(codes(importPriceCsv(csv))).toEqual(['wrong_currency']);
    const allowed = expectOk(importPriceCsv(csv, { allowedCurrencies: ['EUR', 'SEK'] }));
    expect(allowed.currency).toBe('SEK');
  });
});
