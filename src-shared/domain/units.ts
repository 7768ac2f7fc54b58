/**
 * Conversions between what people type and read (€/MWh, MW) and the integers the core keeps
 * (0.01 €/MWh price units, kW). Text is parsed digit by digit so no float ever rounds a price.
 */

const DECIMAL = /^\s*([+-]?)(\d{1,12})(?:[.,](\d*))?\s*$/;

/** Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits and the Arabic decimal separator, read as Latin. */
export function latinDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, '.');
}

/** "84.5" (or "٨٤٫٥") with 2 decimals → 8450; null when not a number or when it has more decimals than allowed. */
export function parseDecimal(text: string, decimals: number): number | null {
  const match = DECIMAL.exec(latinDigits(text).replace(/\u2212/g, '-'));
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > decimals) return null;
  const value = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(value)) return null;
  return sign === '-' ? -value : value;
}

export function formatDecimal(value: number, decimals: number): string {
  const negative = value < 0;
  const digits = Math.abs(value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** 0.01 of the currency per unit (0.01 €/MWh): the smallest step any European day-ahead auction publishes. */
export const PRICE_DECIMALS = 2;
export const MW_DECIMALS = 3;

export const parsePrice = (text: string): number | null => parseDecimal(text, PRICE_DECIMALS);
export const formatPrice = (units: number): string => formatDecimal(units, PRICE_DECIMALS);
export const parseMw = (text: string): number | null => parseDecimal(text, MW_DECIMALS);

/** kW → "1.5" MW with no trailing zeros beyond the first decimal. */
export function formatMw(kw: number): string {
  const text = formatDecimal(kw, MW_DECIMALS);
  return text.replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '.0');
}
