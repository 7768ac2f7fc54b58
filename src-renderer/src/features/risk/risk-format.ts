/** Money for the risk panels: money units (0.00001 €) shown as € with cents, Latin digits. */
import { localFigures } from '../../ui/digits';
import { latinDigits } from '../../ui/units';

const MONEY_PER_EUR = 100_000;
const euro = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function eur(money: number | null | undefined): string {
  if (money === null || money === undefined || !Number.isFinite(money)) return '—';
  return localFigures(euro.format(money / MONEY_PER_EUR));
}

/** € text → money units; null when not a number with at most 5 decimals. */
export function parseEur(text: string): number | null {
  const match = /^\s*(-?)(\d{1,12})(?:[.,](\d{0,5}))?\s*$/.exec(latinDigits(text));
  if (!match) return null;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const value = Number(whole) * MONEY_PER_EUR + Number(fraction.padEnd(5, '0') || '0');
  return sign === '-' ? -value : value;
}
