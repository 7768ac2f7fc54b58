import type { DayAheadPoint } from '../../src-shared/contract/marketdata';
import type { PricePoint } from '../market/import';
import type { Db } from '../store/database';

/** Imported day-ahead prices, one row per area, interval start and length. */
export class DayAheadStore {
  private readonly exists;
  private readonly upsert;
  private readonly range;
  private readonly window;

  constructor(private readonly db: Db) {
    this.exists = db.prepare('SELECT 1 FROM md_day_ahead WHERE area = ? AND start = ? AND duration_min = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO md_day_ahead (area, start, duration_min, price, currency, imported_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (area, start, duration_min) DO UPDATE SET price = excluded.price, currency = excluded.currency, imported_at = excluded.imported_at`,
    );
    this.range = db.prepare(
      'SELECT start, duration_min, price FROM md_day_ahead WHERE area = ? AND start >= ? AND start < ? ORDER BY start, duration_min LIMIT 100000',
    );
    this.window = db.prepare(
      'SELECT SUM(price) AS total, COUNT(*) AS n FROM md_day_ahead WHERE area = ? AND duration_min = ? AND start >= ? AND start < ?',
    );
  }

  /** Call inside a transaction; returns how many intervals existed before and were overwritten. */
  write(area: string, currency: string, points: readonly PricePoint[], now: number): { replaced: number } {
    let replaced = 0;
    for (const p of points) {
      if (this.exists.get(area, p.startUtcMs, p.durationMin) !== undefined) replaced++;
      this.upsert.run(area, p.startUtcMs, p.durationMin, p.priceUnits, currency, now);
    }
    return { replaced };
  }

  history(area: string, from: number, to: number): DayAheadPoint[] {
    return (this.range.all(area, from, to) as Array<{ start: number; duration_min: 15 | 60; price: number }>).map((r) => ({
      start: r.start,
      durationMin: r.duration_min,
      price: r.price,
    }));
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
