import { PRICE_DECIMALS } from '../../../src-shared/domain/units';

export type ParsedPrice = { ok: true; units: number } | { ok: false; message: string };

const PATTERN = {
  '.': /^([+-]?)(\d+)(?:\.(\d+))?$/,
  ',': /^([+-]?)(\d+)(?:,(\d+))?$/,
} as const;

/**
 * Decimal text → integer price units, digit by digit, so "-5.17" is exactly -517 and never
 * -516.99999. Extra decimals are accepted only when they are zeros ("12.340"), because anything
 * else would have to be rounded and a rounded price is a wrong price.
 */
export function parsePriceText(raw: string, decimalMark: '.' | ',' = '.'): ParsedPrice {
  const text = raw.trim().replace(/\u2212/g, '-');
  if (text === '') return { ok: false, message: 'price is empty' };
  const match = PATTERN[decimalMark].exec(text);
  if (!match) return { ok: false, message: `price "${raw}" is not a decimal number` };
  const [, sign = '', whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, PRICE_DECIMALS);
  const dropped = fraction.slice(PRICE_DECIMALS);
  if (/[1-9]/.test(dropped)) {
    return { ok: false, message: `price "${raw}" has more than ${PRICE_DECIMALS} decimals; it cannot be stored without rounding` };
  }
  const magnitude = Number(whole) * 10 ** PRICE_DECIMALS + Number(kept.padEnd(PRICE_DECIMALS, '0'));
  if (!Number.isSafeInteger(magnitude)) return { ok: false, message: `price "${raw}" is out of range` };
  return { ok: true, units: sign === '-' && magnitude !== 0 ? -magnitude : magnitude };
}
