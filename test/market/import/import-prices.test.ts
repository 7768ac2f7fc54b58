import { describe, expect, it } from 'vitest';
import { importPrices, looksLikeXml } from '../../../src-main/market/import';
import { codes, expectOk, fixture } from '../helpers/fixtures';

describe('importPrices', () => {
  it('sends XML to the ENTSO-E reader', () => {
    expect(expectOk(importPrices(fixture('se4-day-ahead-A44-PT60M.xml'))).meta.format).toBe('entsoe-a44');
  });

  it('sends anything else to the CSV reader', () => {
    expect(expectOk(importPrices(fixture('smard-de-lu-2023-07-negative.csv'))).meta.format).toBe('smard-csv');
  });

  it('sees XML behind a byte-order mark and whitespace', () => {
    expect(looksLikeXml('\uFEFF  \n<?xml version="1.0"?>')).toBe(true);
    expect(looksLikeXml(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]))).toBe(true);
    expect(looksLikeXml('utc_start,price_eur_mwh')).toBe(false);
  });

  it('applies the size limit to either kind', () => {
    expect(codes(importPrices(fixture('se4-day-ahead-A44-PT60M.xml'), { maxBytes: 100 }))).toEqual(['too_large']);
    expect(codes(importPrices(fixture('smard-de-lu-2023-07-negative.csv'), { maxBytes: 100 }))).toEqual(['too_large']);
  });
});
