import { describe, expect, it } from 'vitest';
import { importPriceCsv } from '../../../src-main/market/import';
import { codes, expectFailure, fixtureText, theIssue } from '../helpers/fixtures';

const HEADER = 'utc_start,price_eur_mwh';

function smard(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

describe('CSV import errors', () => {
  it('refuses a file over the size limit before parsing it', () => {
    const big = new Uint8Array(2048).fill(0xff); // not even valid UTF-8: parsing would fail differently
    const failure = expectFailure(importPriceCsv(big, { maxBytes: 1024 }));
    expect(failure.errors).toEqual([{ code: 'too_large', message: expect.stringMatching(/file is 2\.0 KB; the limit is 1\.0 KB \(1024 bytes\)/) }]);
  });

  it('counts a string by its UTF-8 bytes for the size limit', () => {
    const text = `${HEADER}\n${'€'.repeat(400)}`; // 1,200 bytes in 400 + 27 characters
    expect(codes(importPriceCsv(text, { maxBytes: 1000 }))).toEqual(['too_large']);
  });

  it('defaults the size limit to 50 MB', () => {
    const justOver = new Uint8Array(50 * 1024 * 1024 + 1);
    expect(expectFailure(importPriceCsv(justOver)).errors[0]?.message).toMatch(/limit is 50\.0 MB/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(codes(importPriceCsv(new Uint8Array([0x75, 0x74, 0x63, 0xc3, 0x28])))).toEqual(['bad_encoding']);
  });

  it('reports an empty file', () => {
    expect(codes(importPriceCsv(''))).toEqual(['empty']);
  });

  it('reports a header without rows', () => {
    expect(theIssue(importPriceCsv(`${HEADER}\n`), 'empty').message).toMatch(/no data rows/);
  });

  it('reports malformed CSV (an unclosed quote) with its line', () => {
    const issue = theIssue(importPriceCsv(smard('2023-07-01T00:00:00Z,1.00', '"2023-07-01T01:00:00Z,2.00')), 'malformed');
    expect(issue.message).toMatch(/not valid CSV/);
    expect(issue.line).toBeGreaterThanOrEqual(3);
  });

  it('names a missing time column', () => {
    const issue = theIssue(importPriceCsv('start,price_eur_mwh\n2023-07-01T00:00:00Z,1.00'), 'missing_column');
    expect(issue.message).toMatch(/utc_start.*delivery_start/);
  });

  it('names a missing price column', () => {
    const issue = theIssue(importPriceCsv('utc_start,price\n2023-07-01T00:00:00Z,1.00'), 'missing_column');
    expect(issue.field).toBe('price');
    expect(issue.message).toMatch(/price_eur_mwh/);
  });

  it('refuses a header that names a column twice', () => {
    expect(codes(importPriceCsv('utc_start,price_eur_mwh,price_eur_mwh\n2023-07-01T00:00:00Z,1.00,2.00'))).toEqual(['malformed']);
  });

  it('reports every non-numeric price with its line and column, not just the first', () => {
    const failure = expectFailure(importPriceCsv(smard('2023-07-01T00:00:00Z,abc', '2023-07-01T01:00:00Z,1.00', '2023-07-01T02:00:00Z,-')));
    expect(failure.errors.map((e) => [e.code, e.line, e.field])).toEqual([
      ['bad_price', 2, 'price_eur_mwh'],
      ['bad_price', 4, 'price_eur_mwh'],
    ]);
  });

  it('does not also report a row with a bad price as a gap', () => {
    expect(codes(importPriceCsv(smard('2023-07-01T00:00:00Z,1.00', '2023-07-01T01:00:00Z,x', '2023-07-01T02:00:00Z,1.00')))).toEqual(['bad_price']);
  });

  it('refuses a price with more decimals than a price unit holds', () => {
    expect(theIssue(importPriceCsv(smard('2023-07-01T00:00:00Z,1.234', '2023-07-01T01:00:00Z,1.00')), 'bad_price').message).toMatch(/more than 2 decimals/);
  });

  it('refuses a SMARD timestamp without Z or offset', () => {
    const issue = theIssue(importPriceCsv(smard('2023-07-01 00:00,1.00', '2023-07-01T01:00:00Z,1.00')), 'bad_timestamp');
    expect(issue).toMatchObject({ line: 2, field: 'utc_start' });
  });

  it('refuses a date that does not exist', () => {
    expect(theIssue(importPriceCsv(smard('2023-02-30T00:00:00Z,1.00', '2023-07-01T01:00:00Z,1.00')), 'bad_timestamp').message).toMatch(/not a real date/);
  });

  it('reports a row with the wrong number of cells', () => {
    expect(theIssue(importPriceCsv(smard('2023-07-01T00:00:00Z,1.00', '2023-07-01T01:00:00Z,1.00,extra')), 'bad_row').line).toBe(3);
  });

  it('reports a duplicate interval naming both lines', () => {
    const issue = theIssue(importPriceCsv(smard('2023-07-01T00:00:00Z,1.00', '2023-07-01T01:00:00Z,2.00', '2023-07-01T01:00:00Z,3.00')), 'duplicate_interval');
    expect(issue.interval).toBe('2023-07-01T01:00:00Z/2023-07-01T02:00:00Z');
    expect(issue.message).toMatch(/line 3.*line 4/);
  });

  it('reports a missing interval as one gap', () => {
    const lines = fixtureText('smard-de-lu-2023-07-negative.csv').trim().split('\n');
    const withHole = [...lines.slice(0, 11), ...lines.slice(14)].join('\n'); // drop 3 hours
    const issue = theIssue(importPriceCsv(withHole), 'missing_interval');
    expect(issue.message).toMatch(/3 intervals of 60 min/);
    expect(issue.interval).toBe('2023-07-01T08:00:00Z/2023-07-01T11:00:00Z');
    expect(issue.line).toBe(12);
  });

  it('refuses a wrong currency once, with the first line and the count', () => {
    const csv = 'delivery_start,price,currency\n2023-07-01 00:00,1.00,SEK\n2023-07-01 01:00,1.00,SEK\n';
    const issue = theIssue(importPriceCsv(csv), 'wrong_currency');
    expect(issue).toMatchObject({ line: 2, field: 'currency' });
    expect(issue.message).toMatch(/"SEK" \(2 times\).*EUR/);
  });

  it('refuses prices per kWh', () => {
    const csv = 'delivery_start,price,unit\n2023-07-01 00:00,0.10,EUR/kWh\n2023-07-01 01:00,0.10,EUR/kWh\n';
    expect(theIssue(importPriceCsv(csv), 'wrong_unit').message).toMatch(/per KWH/);
  });

  it('refuses a unit whose currency contradicts the currency column', () => {
    const csv = 'delivery_start,price,currency,unit\n2023-07-01 00:00,1.00,EUR,SEK/MWh\n2023-07-01 01:00,1.00,EUR,EUR/MWh\n';
    expect(codes(importPriceCsv(csv))).toContain('wrong_unit');
  });

  it('refuses two currencies in one file even when both are allowed', () => {
    const csv = 'delivery_start,price,currency\n2023-07-01 00:00,1.00,EUR\n2023-07-01 01:00,1.00,SEK\n';
    expect(codes(importPriceCsv(csv, { allowedCurrencies: ['EUR', 'SEK'] }))).toEqual(['mixed_currency']);
  });

  it('refuses mixed resolutions in one file', () => {
    const csv = 'delivery_start,price,resolution\n2024-06-01 10:00,1.00,PT60M\n2024-06-01 11:00,2.00,PT15M\n';
    expect(theIssue(importPriceCsv(csv), 'mixed_resolution').line).toBe(3);
  });

  it('refuses a resolution other than 15, 30 or 60 minutes', () => {
    const csv = 'delivery_start,price,resolution\n2024-06-01 10:00,1.00,PT5M\n';
    expect(codes(importPriceCsv(csv))).toEqual(['bad_resolution']);
  });

  it('refuses rows spaced 20 minutes apart when nothing gives the resolution', () => {
    const csv = 'delivery_start,price\n2024-06-01 10:00,1.00\n2024-06-01 10:20,2.00\n';
    expect(theIssue(importPriceCsv(csv), 'bad_resolution').message).toMatch(/20 minutes apart/);
  });

  it('refuses an end that makes neither 15 nor 60 minutes', () => {
    const csv = 'delivery_start,delivery_end,price\n2024-06-01 10:00,2024-06-01 12:00,1.00\n';
    expect(theIssue(importPriceCsv(csv), 'bad_interval').line).toBe(2);
  });

  it('collects all errors but keeps at most maxErrors, with the full count', () => {
    const rows = Array.from({ length: 250 }, (_, h) => `${new Date(Date.UTC(2023, 0, 1, h)).toISOString()},x`);
    const failure = expectFailure(importPriceCsv(smard(...rows)));
    expect(failure.errors).toHaveLength(100);
    expect(failure.errorCount).toBe(250);
    expect(expectFailure(importPriceCsv(smard(...rows), { maxErrors: 5 })).errors).toHaveLength(5);
  });
});
