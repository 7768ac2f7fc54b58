import { DateTime } from 'luxon';
import type { MarketRulesValues, RulesArea, ScheduledRulesView } from '../../src-shared/contract/trading';
import { zoneOfArea } from '../../src-shared/domain/market-areas';
import { fail } from '../../src-shared/domain/errors';
import { DEFAULT_RULES, LOCAL_MARKET_RULES, type MarketRules } from '../market/products';
import type { Db } from '../store/database';

/** The rules the terminal ships with, per editable area. */
export const BUILT_IN_RULES: Readonly<Record<RulesArea, MarketRules>> = { DE: DEFAULT_RULES, LM: LOCAL_MARKET_RULES };

/** How far ahead a change may be scheduled: a year, as exchanges announce rule changes. */
const MAX_DAYS_AHEAD = 366;

interface RulesRow {
  area: RulesArea;
  effective_from: string;
  tick_size: number;
  lot_size: number;
  min_price: number;
  max_price: number;
  max_quantity: number;
  gate_closure_minutes: number;
  open_hour_day_before: number;
  set_at: number;
  set_by: string | null;
}

export function valuesOf(rules: MarketRules): MarketRulesValues {
  const { tickSize, lotSize, minPrice, maxPrice, maxQuantity, gateClosureMinutes, openHourDayBefore } = rules;
  return { tickSize, lotSize, minPrice, maxPrice, maxQuantity, gateClosureMinutes, openHourDayBefore };
}

function scheduledOf(row: RulesRow): ScheduledRulesView {
  return {
    effectiveFrom: row.effective_from,
    rules: {
      tickSize: row.tick_size,
      lotSize: row.lot_size,
      minPrice: row.min_price,
      maxPrice: row.max_price,
      maxQuantity: row.max_quantity,
      gateClosureMinutes: row.gate_closure_minutes,
      openHourDayBefore: row.open_hour_day_before,
    },
    setAt: row.set_at,
    setBy: row.set_by,
  };
}

/**
 * Each area's rules history, held in memory (a handful of rows) so listing a day asks no query.
 * Rows are only ever written for days not listed yet, which is what keeps every listed product on
 * the rules it opened with, across restarts too.
 */
export class MarketRulesBook {
  private readonly rows = new Map<RulesArea, ScheduledRulesView[]>();

  constructor(private readonly db: Db) {
    const all = db.prepare('SELECT * FROM trading_market_rules ORDER BY area, effective_from').all() as RulesRow[];
    for (const row of all) this.history(row.area).push(scheduledOf(row));
  }

  /** The rules of `area` for delivery day `day` (yyyy-MM-dd): the latest change on or before it, else the built-in ones. */
  rulesFor(area: RulesArea, day: string): MarketRules {
    let found: MarketRulesValues | null = null;
    for (const row of this.history(area)) {
      if (row.effectiveFrom > day) break;
      found = row.rules;
    }
    return { ...BUILT_IN_RULES[area], ...found };
  }

  /** Changes starting on `day` or later, earliest first. */
  scheduledFrom(area: RulesArea, day: string): ScheduledRulesView[] {
    return this.history(area).filter((row) => row.effectiveFrom >= day);
  }

  /** Inside the caller's transaction; the same day again replaces its change. */
  put(area: RulesArea, effectiveFrom: string, rules: MarketRulesValues, at: number, by: string | null): void {
    this.db
      .prepare(
        `INSERT INTO trading_market_rules (area, effective_from, tick_size, lot_size, min_price, max_price, max_quantity, gate_closure_minutes, open_hour_day_before, set_at, set_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (area, effective_from) DO UPDATE SET tick_size = excluded.tick_size, lot_size = excluded.lot_size, min_price = excluded.min_price,
           max_price = excluded.max_price, max_quantity = excluded.max_quantity, gate_closure_minutes = excluded.gate_closure_minutes,
           open_hour_day_before = excluded.open_hour_day_before, set_at = excluded.set_at, set_by = excluded.set_by`,
      )
      .run(area, effectiveFrom, rules.tickSize, rules.lotSize, rules.minPrice, rules.maxPrice, rules.maxQuantity, rules.gateClosureMinutes, rules.openHourDayBefore, at, by);
    const history = this.history(area).filter((row) => row.effectiveFrom !== effectiveFrom);
    history.push({ effectiveFrom, rules: { ...rules }, setAt: at, setBy: by });
    history.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    this.rows.set(area, history);
  }

  /** Inside the caller's transaction; whether there was such a change. */
  remove(area: RulesArea, effectiveFrom: string): boolean {
    const removed = this.db.prepare('DELETE FROM trading_market_rules WHERE area = ? AND effective_from = ?').run(area, effectiveFrom).changes > 0;
    this.rows.set(area, this.history(area).filter((row) => row.effectiveFrom !== effectiveFrom));
    return removed;
  }

  private history(area: RulesArea): ScheduledRulesView[] {
    let list = this.rows.get(area);
    if (!list) {
      list = [];
      this.rows.set(area, list);
    }
    return list;
  }
}

/** `day` must name a real day from `firstOpenDay` on and within a year of it. */
export function checkEffectiveDay(area: RulesArea, day: string, firstOpenDay: string): void {
  const parsed = DateTime.fromISO(day, { zone: zoneOfArea(area) });
  if (!parsed.isValid || parsed.toISODate() !== day) fail('BAD_INPUT', `${day} is not a day.`, { field: 'effectiveFrom', reason: 'NOT_A_DAY', params: { day } });
  if (day < firstOpenDay) {
    fail('BAD_INPUT', `Products of ${day} are already listed; a change can start on ${firstOpenDay} at the earliest.`, {
      field: 'effectiveFrom',
      reason: 'RULES_DAY_LISTED',
      params: { day, firstDay: firstOpenDay },
    });
  }
  const last = DateTime.fromISO(firstOpenDay, { zone: zoneOfArea(area) }).plus({ days: MAX_DAYS_AHEAD }).toISODate() ?? firstOpenDay;
  if (day > last) fail('BAD_INPUT', `A change can be scheduled up to ${last}.`, { field: 'effectiveFrom', reason: 'RULES_DAY_TOO_FAR', params: { day, lastDay: last } });
}
