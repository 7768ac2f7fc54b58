import { describe, expect, it } from 'vitest';
import { parsePriceText } from '../../../src-main/market/import';

describe('parsePriceText', () => {
  it('turns a negative decimal into exact price units', () => {
    expect(parsePriceText('-5.17')).toEqual({ ok: true, units: -517 });
  });

  it('keeps values that a float would round (0.29 * 100 is 28.999…)', () => {
    expect(parsePriceText('0.29')).toEqual({ ok: true, units: 29 });
    expect(parsePriceText('1.005')).toMatchObject({ ok: false });
  });

  it('reads whole numbers and a single decimal', () => {
    expect(parsePriceText('-500')).toEqual({ ok: true, units: -50_000 });
    expect(parsePriceText('84.5')).toEqual({ ok: true, units: 8450 });
  });

  it('accepts surplus decimals only when they are zeros', () => {
    expect(parsePriceText('12.340')).toEqual({ ok: true, units: 1234 });
    const rejected = parsePriceText('12.345');
    expect(rejected.ok).toBe(false);
    expect(!rejected.ok && rejected.message).toMatch(/more than 2 decimals/);
  });

  it('never yields negative zero', () => {
    const parsed = parsePriceText('-0.00');
    expect(parsed.ok && Object.is(parsed.units, 0)).toBe(true);
  });

  it('reads a decimal comma only when asked to', () => {
    expect(parsePriceText('-5,17', ',')).toEqual({ ok: true, units: -517 });
    expect(parsePriceText('-5,17').ok).toBe(false);
  });

  it('rejects text, exponents, empty cells and SMARD\'s "-" placeholder', () => {
    for (const text of ['abc', '1e3', '', '-', '1.2.3', '.5', 'NaN']) expect(parsePriceText(text).ok, text).toBe(false);
  });

  it('rejects values beyond safe integers', () => {
    expect(parsePriceText('99999999999999999').ok).toBe(false);
  });
});
