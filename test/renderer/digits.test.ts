import { afterEach, describe, expect, it } from 'vitest';
import { parseMw, parsePrice } from '../../src-shared/domain/units';
import { localFigures, setDigitContext } from '../../src-renderer/src/ui/digits';
import { dayTime, num, productLabel } from '../../src-renderer/src/ui/format';
import { formatMw, formatPrice } from '../../src-renderer/src/ui/units';

afterEach(() => setDigitContext({ language: 'en', arabicIndic: false }));

const HOUR = { area: 'DE', kind: 'hour' as const, blockName: '', deliveryStart: Date.UTC(2026, 11, 4, 8), deliveryEnd: Date.UTC(2026, 11, 4, 9) };

describe('figures in the digits the user chose', () => {
  it('are Latin by default, in Arabic too', () => {
    setDigitContext({ language: 'ar', arabicIndic: false });
    expect(formatPrice(-123_456)).toBe('-1234.56');
    expect(productLabel(HOUR, 'ar')).toMatch(/^H 09:00–10:00/);
  });

  it('are Arabic-Indic, with the Arabic decimal separator, for an Arabic reader who chose them: prices, power, figures, times and labels', () => {
    setDigitContext({ language: 'ar', arabicIndic: true });
    expect(formatPrice(-123_456)).toBe('-١٢٣٤٫٥٦');
    expect(formatMw(1_500)).toBe('١٫٥');
    expect(num(12_345.5)).toBe('١٢٬٣٤٥٫٥');
    expect(productLabel(HOUR, 'ar')).toMatch(/^H ٠٩:٠٠–١٠:٠٠/);
    expect(dayTime(HOUR.deliveryStart, 'ar')).toMatch(/٠٩:٠٠/);
  });

  it('stay Latin in the other languages whatever the Arabic choice, with the decimal comma and grouping of French, Spanish and German', () => {
    setDigitContext({ language: 'fr', arabicIndic: true });
    expect(formatPrice(4_550)).toBe('45,50');
    expect(num(12_345.5)).toBe('12\u202f345,5');
    expect(productLabel(HOUR, 'fr')).toMatch(/^H 09:00–10:00/);
    setDigitContext({ language: 'de', arabicIndic: false });
    expect(formatMw(-1_500)).toBe('-1,5');
    expect(localFigures('1,234,567.25 €')).toBe('1.234.567,25 €');
    setDigitContext({ language: 'en', arabicIndic: false });
    expect(num(12_345.5)).toBe('12,345.5');
  });

  it('are read back when typed in Arabic-Indic or Eastern Arabic-Indic digits, or with a decimal comma', () => {
    expect(parsePrice('٤٥٫٥')).toBe(4_550);
    expect(parsePrice('45,5')).toBe(4_550);
    expect(parsePrice('−١٢')).toBe(-1_200);
    expect(parseMw('۱٫۲۵')).toBe(1_250);
    expect(parsePrice('٤٥٫٥٥٥')).toBeNull();
  });
});
