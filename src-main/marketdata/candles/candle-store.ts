import type { CandleSource, CandleView } from '../../../src-shared/contract/marketdata';
import type { Candle, CandleResolution, StoredCandle } from '../../market/candles';
import type { Db } from '../../store/database';

interface CandleRow {
  resolution: CandleResolution;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  open_ts: number;
  close_ts: number;
}

export interface ProductStats {
  firstPrice: number;
  lastPrice: number;
  lastTs: number;
  volume: number;
  trades: number;
}

export function toCandleView(c: Pick<Candle, 'startMs' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades'>): CandleView {
  return { start: c.startMs, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, trades: c.trades };
}

/** Candles and per-product figures in SQLite; the aggregators in memory are a cache of this. */
export class CandleStore {
  private readonly upsertCandle;
  private readonly ofProduct;
  private readonly range;
  private readonly upsertStats;
  private readonly statsOf;
  private readonly allStats;

  constructor(db: Db) {
    this.upsertCandle = db.prepare(
      `INSERT INTO md_candles (source, product_id, resolution, start, open, high, low, close, volume, trades, open_ts, close_ts)
       VALUES (@source, @productId, @resolution, @startMs, @open, @high, @low, @close, @volume, @trades, @openTsMs, @closeTsMs)
       ON CONFLICT (source, product_id, resolution, start) DO UPDATE SET open = excluded.open, high = excluded.high,
         low = excluded.low, close = excluded.close, volume = excluded.volume, trades = excluded.trades,
         open_ts = excluded.open_ts, close_ts = excluded.close_ts`,
    );
    this.ofProduct = db.prepare('SELECT * FROM md_candles WHERE source = ? AND product_id = ?');
    // The newest `limit` candles of the range, returned oldest first.
    this.range = db.prepare(
      `SELECT * FROM (SELECT * FROM md_candles WHERE source = ? AND product_id = ? AND resolution = ? AND start >= ? AND start < ?
         ORDER BY start DESC LIMIT ?) ORDER BY start`,
    );
    this.upsertStats = db.prepare(
      `INSERT INTO md_stats (source, product_id, first_price, last_price, last_ts, volume, trades)
       VALUES (@source, @productId, @firstPrice, @lastPrice, @lastTs, @volume, @trades)
       ON CONFLICT (source, product_id) DO UPDATE SET last_price = excluded.last_price, last_ts = excluded.last_ts,
         volume = excluded.volume, trades = excluded.trades`,
    );
    this.statsOf = db.prepare('SELECT first_price, last_price, last_ts, volume, trades FROM md_stats WHERE source = ? AND product_id = ?');
    this.allStats = db.prepare('SELECT product_id, first_price, last_price, last_ts, volume, trades FROM md_stats WHERE source = ?');
  }

  saveCandles(source: CandleSource, productId: string, candles: readonly Candle[]): void {
    for (const c of candles) this.upsertCandle.run({ source, productId, ...c });
  }

  load(source: CandleSource, productId: string): StoredCandle[] {
    return (this.ofProduct.all(source, productId) as CandleRow[]).map((r) => ({
      resolution: r.resolution,
      startMs: r.start,
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      volume: r.volume,
      trades: r.trades,
      openTsMs: r.open_ts,
      closeTsMs: r.close_ts,
    }));
  }

  candles(source: CandleSource, productId: string, resolution: CandleResolution, from: number, to: number, limit: number): CandleView[] {
    return (this.range.all(source, productId, resolution, from, to, limit) as CandleRow[]).map((r) => ({
      start: r.start,
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      volume: r.volume,
      trades: r.trades,
    }));
  }

  saveStats(source: CandleSource, productId: string, stats: ProductStats): void {
    this.upsertStats.run({ source, productId, ...stats });
  }

  stats(source: CandleSource, productId: string): ProductStats | undefined {
    const row = this.statsOf.get(source, productId) as
      | { first_price: number; last_price: number; last_ts: number; volume: number; trades: number }
      | undefined;
    return row && { firstPrice: row.first_price, lastPrice: row.last_price, lastTs: row.last_ts, volume: row.volume, trades: row.trades };
  }

  allStatsOf(source: CandleSource): Map<string, ProductStats> {
    const rows = this.allStats.all(source) as Array<{ product_id: string; first_price: number; last_price: number; last_ts: number; volume: number; trades: number }>;
    return new Map(rows.map((r) => [r.product_id, { firstPrice: r.first_price, lastPrice: r.last_price, lastTs: r.last_ts, volume: r.volume, trades: r.trades }]));
  }
}
