import type { DayAheadPoint } from '../../../src-shared/contract/marketdata';
import type { PriceDriver } from '../../../src-shared/domain/price-drivers';
import type { DurationMin } from '../../market/import';
import type { Db } from '../../store/database';
import type { ImportedPrices } from './port';

/** The area's reference day-ahead price: what every reader of the history uses. */
export const OFFICIAL_AUCTION = 'official';

/** A stored interval as the readers need it: start, length and price. */
export interface StoredInterval {
  startUtcMs: number;
  durationMin: DurationMin;
  priceUnits: number;
}

/** A stored driver value: mean power over the interval, kW. */
export interface StoredDriver {
  startUtcMs: number;
  durationMin: DurationMin;
  driver: PriceDriver;
  kw: number;
}

/**
 * Imported day-ahead prices (`md_auction_prices`) and the forecasts that drive them
 * (`md_price_drivers`), see migration 0011: one price row per area, auction, interval start and
 * length; one driver row per area, interval and driver. Areas are the terminal's keys (DE), as the
 * importers resolve them.
 */
export class PriceStore {
  private readonly exists;
  private readonly upsert;
  private readonly upsertDriver;
  private readonly range;
  private readonly driverRange;
  private readonly window;
  private readonly latest;

  constructor(db: Db) {
    this.exists = db.prepare('SELECT 1 FROM md_auction_prices WHERE area = ? AND auction = ? AND start = ? AND duration_min = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO md_auction_prices (area, auction, start, duration_min, price, currency, format, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (area, auction, start, duration_min) DO UPDATE SET price = excluded.price, currency = excluded.currency, format = excluded.format,
         source = excluded.source, imported_at = excluded.imported_at`,
    );
    this.upsertDriver = db.prepare(
      `INSERT INTO md_price_drivers (area, start, duration_min, driver, kw, format, source, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (area, start, driver, duration_min) DO UPDATE SET kw = excluded.kw, format = excluded.format, source = excluded.source, imported_at = excluded.imported_at`,
    );
    this.range = db.prepare(
      `SELECT start AS startUtcMs, duration_min AS durationMin, price AS priceUnits FROM md_auction_prices
       WHERE area = ? AND auction = ? AND start >= ? AND start < ? ORDER BY start, duration_min LIMIT ?`,
    );
    this.driverRange = db.prepare(
      'SELECT start AS startUtcMs, duration_min AS durationMin, driver, kw FROM md_price_drivers WHERE area = ? AND start >= ? AND start < ? ORDER BY start, driver, duration_min',
    );
    this.window = db.prepare('SELECT SUM(price) AS total, COUNT(*) AS n FROM md_auction_prices WHERE area = ? AND auction = ? AND duration_min = ? AND start >= ? AND start < ?');
    this.latest = db.prepare('SELECT MAX(start + duration_min * 60000) FROM md_auction_prices WHERE area = ? AND auction = ?').pluck();
  }

  /** Call inside a transaction; returns how many price intervals existed before and were overwritten. */
  write(prices: ImportedPrices): { replaced: number } {
    let replaced = 0;
    if (prices.points.length > 0 && prices.currency === null) throw new Error('prices without a currency cannot be stored');
    for (const p of prices.points) {
      if (this.exists.get(prices.area, prices.auction, p.startUtcMs, p.durationMin) !== undefined) replaced++;
      this.upsert.run(prices.area, prices.auction, p.startUtcMs, p.durationMin, p.priceUnits, prices.currency, prices.format, prices.source, prices.importedAt);
    }
    for (const d of prices.drivers) {
      this.upsertDriver.run(prices.area, d.startUtcMs, d.durationMin, d.driver, d.kw, prices.format, prices.source, prices.importedAt);
    }
    return { replaced };
  }

  /** Every stored interval of one auction in the range, in start order (shorter before the longer one sharing its start). */
  intervals(area: string, from: number, to: number, limit = Number.MAX_SAFE_INTEGER, auction = OFFICIAL_AUCTION): StoredInterval[] {
    return this.range.all(area, auction, from, to, limit) as StoredInterval[];
  }

  /** Every stored driver value of the range, in start order. */
  drivers(area: string, from: number, to: number): StoredDriver[] {
    return this.driverRange.all(area, from, to) as StoredDriver[];
  }

  /** The end of the last official price interval stored for the area; null when there is none. */
  lastPriceEnd(area: string): number | null {
    return (this.latest.get(area, OFFICIAL_AUCTION) as number | null) ?? null;
  }

  /** What `marketdata.history` shows: at most 100,000 official intervals. */
  history(area: string, from: number, to: number): DayAheadPoint[] {
    return this.intervals(area, from, to, 100_000).map((r) => ({ start: r.startUtcMs, durationMin: r.durationMin, price: r.priceUnits }));
  }

  /**
   * The day-ahead price of a delivery window: the mean of its quarters if all were imported, else of
   * its half hours, else of the hours it lies in (a quarter takes its hour's price); null when the
   * window is not fully covered, because a partial mean would mislead.
   */
  windowPrice(area: string, start: number, end: number): number | null {
    for (const minutes of [15, 30, 60] as const) {
      const size = minutes * 60_000;
      const from = Math.floor(start / size) * size;
      const to = Math.ceil(end / size) * size;
      const row = this.window.get(area, OFFICIAL_AUCTION, minutes, from, to) as { total: number | null; n: number };
      if (row.n > 0 && row.n === (to - from) / size && row.total !== null) return Math.round(row.total / row.n) + 0;
    }
    return null;
  }
}
