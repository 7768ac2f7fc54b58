/**
 * Thresholds and limits as people type them, and back to the core's integer units: guards are kept
 * in percent, price units and kW and typed as percent, €/MWh and MW; limits are kept in kW, kWh,
 * price units and money units and typed as MW, MWh, €/MWh and €. The guard editor, the limits panel
 * and the terminal's defaults share these, so a value reads the same on every screen.
 */
import type { GuardKey, LimitKey } from '../../../../src-shared/contract/risk';
import { latinDigits } from '../../ui/units';
import { eur, parseEur } from './risk-format';

const GUARD_SCALE: Record<GuardKey, number> = { confirmPricePct: 1, confirmPriceUnits: 100, confirmSizeKw: 1000, maxOrderKw: 1000 };

export function guardText(key: GuardKey, value: number | undefined): string {
  return value === undefined ? '' : String(value / GUARD_SCALE[key]);
}

/** Typed text → the threshold; null for an empty field, 'bad' for anything but a positive number. */
export function guardFromText(key: GuardKey, text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const value = Number(latinDigits(text).replace(',', '.'));
  const scaled = Math.round(value * GUARD_SCALE[key]);
  return Number.isFinite(value) && scaled > 0 && Math.abs(scaled - value * GUARD_SCALE[key]) < 1e-6 ? scaled : 'bad';
}

const MONEY_KEYS: ReadonlySet<LimitKey> = new Set(['maxOrderValueMoney', 'maxDailyLossMoney', 'creditLimitMoney']);
const limitScale = (key: LimitKey) => (key === 'priceCollarUnits' ? 100 : 1000);

export function limitText(key: LimitKey, value: number | undefined): string {
  if (value === undefined) return '';
  if (MONEY_KEYS.has(key)) return String(value / 100_000);
  return String(value / limitScale(key));
}

/** Typed text → the limit; null for an empty field, 'bad' for a negative or unreadable one. */
export function limitFromText(key: LimitKey, text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  if (MONEY_KEYS.has(key)) {
    const money = parseEur(text);
    return money === null || money < 0 ? 'bad' : money;
  }
  const value = Number(latinDigits(text).replace(',', '.'));
  if (!Number.isFinite(value) || value < 0) return 'bad';
  const scaled = Math.round(value * limitScale(key));
  return Math.abs(scaled - value * limitScale(key)) > 1e-6 ? 'bad' : scaled;
}

/** A limit as the table shows it: money with its € sign, a missing one as a dash. */
export function limitShown(key: LimitKey, value: number | undefined): string {
  if (value === undefined) return '—';
  return MONEY_KEYS.has(key) ? `${eur(value)} €` : limitText(key, value);
}
