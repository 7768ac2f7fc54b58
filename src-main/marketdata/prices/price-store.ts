import type { DayAheadPoint } from '../../../src-shared/contract/marketdata';
import type { Db } from '../../store/database';
import type { ImportedPrices } from './port';

/** A stored interval as the readers need it: start, length and price. */
export interface StoredInterval {
  startUtcMs: number;
  durationMin: 15 | 60;
  priceUnits: number;
}

/** Imported day-ahead prices (`md_prices`, see migration.ts): one row per area, interval start and length. */
export class PriceStore {
  private readonly exists;
  private readonly upsert;
  private readonly range;
  private readonly window;

  constructor(db: Db) {
    this.exists = db.prepare('SELECT 1 FROM md_prices WHERE area = ? AND start = ? AND duration_min = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO md_prices (area, start, duration_min, price, currency, format, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (area, start, duration_min) DO UPDATE SET price = excluded.price, currency = excluded.currency, format = excluded.format,
         source = excluded.source, imported_at = excluded.imported_at`,
    );
    this.range = db.prepare(
      'SELECT start AS startUtcMs, duration_min AS durationMin, price AS priceUnits FROM md_prices WHERE area = ? AND start >= ? AND start < ? ORDER BY start, duration_min LIMIT ?',
    );
    this.window = db.prepare('SELECT SUM(price) AS total, COUNT(*) AS n FROM md_prices WHERE area = ? AND duration_min = ? AND start >= ? AND start < ?');
  }

  /** Call inside a transaction; returns how many intervals existed before and were overwritten. */
  write(prices: ImportedPrices): { replaced: number } {
    let replaced = 0;
    for (const p of prices.points) {
      if (this.exists.get(prices.area, p.startUtcMs, p.durationMin) !== undefined) replaced++;
      this.upsert.run(prices.area, p.startUtcMs, p.durationMin, p.priceUnits, prices.currency, prices.format, prices.source, prices.importedAt);
    }
    return { replaced };
  }

  /** Every stored interval of the range, in start order (quarters before the hour they share a start with). */
  intervals(area: string, from: number, to: number, limit = Number.MAX_SAFE_INTEGER): StoredInterval[] {
    return this.range.all(area, from, to, limit) as StoredInterval[];
  }

  /** What `marketdata.history` shows: at most 100,000 intervals. */
  history(area: string, from: number, to: number): DayAheadPoint[] {
    return this.intervals(area, from, to, 100_000).map((r) => ({ start: r.startUtcMs, durationMin: r.durationMin, price: r.priceUnits }));
  }

  /**
   * The day-ahead price of a delivery window: the mean of its quarters if all were imported, else of
   * the hours it lies in (a quarter takes its hour's price); null when the window is not fully
   * covered, because a partial mean would mislead.
   */
  windowPrice(area: string, start: number, end: number): number | null {
    for (const minutes of [15, 60] as const) {
      const size = minutes * 60_000;
      const from = Math.floor(start / size) * size;
      const to = Math.ceil(end / size) * size;
      const row = this.window.get(area, minutes, from, to) as { total: number | null; n: number };
      if (row.n > 0 && row.n === (to - from) / size && row.total !== null) return Math.round(row.total / row.n) + 0;
    }
    return null;
  }
}
