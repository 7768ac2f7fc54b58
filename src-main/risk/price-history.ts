/**
 * The reference price history behind VaR, the forward curve and forecasts, per delivery area, as
 * hourly prices (0.01 €/MWh).
 *
 * Sources, in order of precedence:
 * 1. 'imported': day-ahead prices imported with `risk.history.import` (SMARD/Berlin CSV or ENTSO-E
 *    A44 XML through the market import code), and those the market-data service imported into its
 *    day-ahead table (`md_day_ahead`, when that table exists); a risk import wins for the same
 *    interval. Quarter-hour prices are averaged to their hour (rounded half away from zero), so
 *    every consumer works on one hourly grid.
 * 2. 'trades': for hours without an imported price, the volume-weighted average price of the
 *    terminal's own trades in that hour's hourly product (rounded the same way).
 * The result says which sources contributed.
 */
import type { PriceHistorySourceView } from '../../src-shared/contract/risk';
import type { Db } from '../store/database';
import type { PricePoint } from './var/var-inputs';
import type { HistoryRow, RiskStore } from './risk-store';

const HOUR_MS = 3_600_000;
const roundHalfAway = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

export interface PriceHistory {
  points: PricePoint[];
  source: PriceHistorySourceView;
}

export class PriceHistoryReader {
  private readonly hourlyTrades;
  private readonly marketDayAhead;

  constructor(
    db: Db,
    private readonly store: RiskStore,
  ) {
    this.hourlyTrades = db.prepare(
      `SELECT product_id AS productId, SUM(price * quantity) AS pq, SUM(quantity) AS q FROM trades
       WHERE product_id LIKE ? GROUP BY product_id`,
    );
    const shared = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'md_day_ahead'").get() !== undefined;
    this.marketDayAhead = shared
      ? db.prepare('SELECT start AS startUtcMs, duration_min AS durationMin, price AS priceUnits FROM md_day_ahead WHERE area = ? AND start >= ? AND start < ?')
      : null;
  }

  private importedRows(area: string, fromMs: number, toMs: number): HistoryRow[] {
    const own = this.store.history(area, fromMs, toMs);
    if (!this.marketDayAhead) return own;
    const key = (r: HistoryRow) => `${r.startUtcMs}/${r.durationMin}`;
    const seen = new Set(own.map(key));
    const shared = (this.marketDayAhead.all(area, fromMs, toMs) as HistoryRow[]).filter((r) => !seen.has(key(r)));
    return [...own, ...shared];
  }

  read(area: string, fromMs: number, toMs: number): PriceHistory {
    const hourly = new Map<number, number>();
    const quarters = new Map<number, { sum: number; count: number }>();
    for (const row of this.importedRows(area, fromMs, toMs)) {
      const hour = row.startUtcMs - (((row.startUtcMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
      if (row.durationMin === 60) {
        hourly.set(hour, row.priceUnits);
        continue;
      }
      const acc = quarters.get(hour) ?? { sum: 0, count: 0 };
      acc.sum += row.priceUnits;
      acc.count += 1;
      quarters.set(hour, acc);
    }
    // An hour with both an hourly price and quarter prices keeps the hourly one.
    const imported = new Map<number, number>(hourly);
    for (const [hour, acc] of quarters) if (!imported.has(hour)) imported.set(hour, roundHalfAway(acc.sum / acc.count));

    const fromTrades = new Map<number, number>();
    for (const row of this.hourlyTrades.all(`${area}-H-%`) as Array<{ productId: string; pq: number; q: number }>) {
      const start = startOfHourlyId(row.productId);
      if (start === null || start < fromMs || start >= toMs || imported.has(start)) continue;
      fromTrades.set(start, roundHalfAway(row.pq / row.q));
    }
    const points: PricePoint[] = [...imported.entries(), ...fromTrades.entries()]
      .map(([startUtcMs, priceUnits]) => ({ startUtcMs, priceUnits }))
      .sort((a, b) => a.startUtcMs - b.startUtcMs);
    const kinds: PriceHistorySourceView['kinds'] = [];
    if (imported.size > 0) kinds.push('imported');
    if (fromTrades.size > 0) kinds.push('trades');
    return {
      points,
      source: { kinds, points: points.length, fromMs: points[0]?.startUtcMs ?? null, toMs: points.length > 0 ? (points.at(-1) as PricePoint).startUtcMs + HOUR_MS : null },
    };
  }
}

function startOfHourlyId(productId: string): number | null {
  const match = /-H-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(productId);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
}
