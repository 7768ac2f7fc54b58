import { type IssueSink } from './issues';

export const DEFAULT_CURRENCIES: readonly string[] = ['EUR'];
export const DEFAULT_UNITS: readonly string[] = ['MWH'];

/** Distinct values with where each was first seen, so one wrong currency on 8,760 rows is one message. */
export class Tally {
  private readonly seen = new Map<string, { line: number | undefined; count: number }>();

  add(value: string, line?: number): void {
    const entry = this.seen.get(value);
    if (entry) entry.count += 1;
    else this.seen.set(value, { line, count: 1 });
  }

  entries(): Array<{ value: string; line: number | undefined; count: number }> {
    return [...this.seen].map(([value, e]) => ({ value, ...e }));
  }

  get size(): number {
    return this.seen.size;
  }
}

export function normalizeCurrency(raw: string): string {
  return raw.trim().replace(/€/g, 'EUR').toUpperCase();
}

/** "EUR/MWh", "€/MWh" or plain "MWh" (the form ENTSO-E uses). */
export function splitUnit(raw: string): { currency?: string; unit: string } {
  const parts = raw.split('/');
  const [first = '', second] = parts;
  if (parts.length === 2 && second !== undefined) return { currency: normalizeCurrency(first), unit: second.trim().toUpperCase() };
  return { unit: raw.trim().toUpperCase() };
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

export interface CurrencyUnitCheck {
  currencies: Tally;
  units: Tally;
  allowedCurrencies: readonly string[];
  allowedUnits: readonly string[];
  currencyField: string;
  unitField: string;
}

/**
 * Prices from the wrong currency or per kWh would be stored as if they were €/MWh and be off by
 * an exchange rate or a factor of 1,000, so they are refused unless the caller opted in.
 * Returns the one currency and unit when all is well.
 */
export function checkCurrencyAndUnit(check: CurrencyUnitCheck, sink: IssueSink): { currency: string; unit: string } | null {
  const before = sink.count;
  for (const { value, line, count } of check.currencies.entries()) {
    if (!check.allowedCurrencies.includes(value)) {
      sink.add({
        code: 'wrong_currency',
        line,
        field: check.currencyField,
        message: `currency "${value}" (${times(count)}) is not accepted; expected ${check.allowedCurrencies.join(' or ')}`,
      });
    }
  }
  for (const { value, line, count } of check.units.entries()) {
    if (!check.allowedUnits.includes(value)) {
      sink.add({
        code: 'wrong_unit',
        line,
        field: check.unitField,
        message: `price unit "per ${value}" (${times(count)}) is not accepted; expected per ${check.allowedUnits.join(' or per ')}`,
      });
    }
  }
  const currencies = check.currencies.entries();
  if (currencies.length > 1) {
    const list = currencies.map((c) => `${c.value}${c.line === undefined ? '' : ` (first on line ${c.line})`}`).join(', ');
    sink.add({ code: 'mixed_currency', field: check.currencyField, message: `more than one currency in one file: ${list}` });
  }
  const units = check.units.entries();
  if (units.length > 1) {
    sink.add({ code: 'wrong_unit', field: check.unitField, message: `more than one price unit in one file: ${units.map((u) => u.value).join(', ')}` });
  }
  const currency = currencies[0]?.value;
  const unit = units[0]?.value;
  if (sink.count > before || currency === undefined || unit === undefined) return null;
  return { currency, unit };
}
