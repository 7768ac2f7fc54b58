import { z } from 'zod';
import type { PriceDriver } from '../domain/price-drivers';
import type { ProductKind, Side } from '../domain/schemas';

/**
 * The views of the market-data domain: candles, watchlist, time & sales, imported day-ahead prices, the
 * built-in simulator and the MQTT price feed.
 *
 * Units (integers): prices in 0.01 €/MWh (signed), quantities and volumes in kW — a product's
 * quantity is a constant power over its delivery period, so a candle's volume is the sum of the
 * traded kW, not energy. Times are ms since the epoch (UTC).
 */

export const CandleResolutionSchema = z.enum(['1m', '5m', '15m', '30m', '1h', '1d']);
export type CandleResolutionName = z.infer<typeof CandleResolutionSchema>;

/** Where a candle's trades came from: this terminal's engine, or ticks of the MQTT price feed. */
export const CandleSourceSchema = z.enum(['trades', 'feed']);
export type CandleSource = z.infer<typeof CandleSourceSchema>;

export const TimeMsSchema = z.number().int().min(0).max(8_640_000_000_000);

export interface CandleView {
  /** Bucket start, ms UTC. Minute buckets align to UTC; '1d' is the Europe/Berlin day. */
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Sum of traded quantities, kW. */
  volume: number;
  trades: number;
}

export interface CandleSeriesView {
  productId: string;
  resolution: CandleResolutionName;
  source: CandleSource;
  /** Oldest first; a bucket without trades has no candle (a gap, never a flat bar). */
  candles: CandleView[];
}

/** One forming or finished candle changed; replace the candle with the same start, or append. */
export interface CandleUpdate {
  productId: string;
  resolution: CandleResolutionName;
  source: CandleSource;
  candle: CandleView;
}

/** A watchlist row as everybody sees it. */
export interface TickerRow {
  productId: string;
  area: string;
  kind: ProductKind;
  blockName: string;
  deliveryStart: number;
  deliveryEnd: number;
  gateClosure: number;
  bestBid: number | null;
  bidQuantity: number;
  bestAsk: number | null;
  askQuantity: number;
  last: number | null;
  lastTs: number | null;
  /** Traded on this product since it was listed, kW summed over trades. */
  volume: number;
  trades: number;
  /** Imported day-ahead price of the delivery window when present, else the first trade's price. */
  reference: number | null;
  referenceSource: 'day_ahead' | 'open' | null;
  /** last − reference, price units; null until both exist. */
  change: number | null;
  /** Latest external price from the MQTT feed, when one arrived. */
  feedPrice: number | null;
  feedTs: number | null;
}

export interface WatchlistRow extends TickerRow {
  /** The caller's net position in this product from their trades: bought − sold, kW. */
  position: number;
}

/** A public trade for time & sales: who traded is never shown. */
export interface TapeTrade {
  id: number;
  productId: string;
  price: number;
  quantity: number;
  ts: number;
  /** The incoming side that crossed the spread; null when it cannot be told (auction). */
  aggressor: Side | null;
}

export interface DayAheadPoint {
  start: number;
  durationMin: 15 | 30 | 60;
  price: number;
}

export interface DayAheadHistory {
  area: string;
  /** Oldest first. Where an hour and its quarters were both imported, both are returned. */
  points: DayAheadPoint[];
}

export const ImportIssueCodeSchema = z.enum([
  'too_large',
  'bad_encoding',
  'malformed',
  'empty',
  'missing_column',
  'bad_row',
  'bad_price',
  'bad_timestamp',
  'nonexistent_local_time',
  'bad_interval',
  'bad_resolution',
  'mixed_resolution',
  'bad_position',
  'duplicate_interval',
  'overlapping_interval',
  'missing_interval',
  'wrong_currency',
  'wrong_unit',
  'mixed_currency',
  'mixed_area',
  'wrong_document',
  /** ENTSO-E answered with an acknowledgement (no data for the request), or nothing in the file was to be imported. */
  'no_data',
  'unknown_area',
  /** A forecast (driver) value that is not a number. */
  'bad_value',
]);

export interface ImportIssueView {
  code: z.infer<typeof ImportIssueCodeSchema>;
  /** 1-based line of the file when one line is to blame. */
  line?: number;
  /** ISO-8601 "start/end" (UTC) interval the problem concerns. */
  interval?: string;
  field?: string;
  message: string;
}

export type PriceFileFormat = 'smard-csv' | 'berlin-csv' | 'entsoe-a44' | 'entsoe-a69' | 'entsoe-a65';

/** One series of an imported file: what it held, what was stored of it, or why it was skipped. */
export interface ImportSeriesView {
  /** ENTSO-E TimeSeries mRID. */
  id?: string;
  /** Prices, one forecast driver, or (skipped) a production type that drives no price. */
  kind: 'price' | PriceDriver | 'other';
  /** ENTSO-E classificationSequence of a price series. */
  sequence?: number;
  /** ENTSO-E production type of a generation forecast series. */
  psrType?: string;
  /** Where its prices were stored: 'official' (the area's reference price) or `sequence-N`. */
  auction?: string;
  durationMin: 15 | 30 | 60;
  from: number;
  to: number;
  /** Intervals stored from it; 0 when skipped. */
  points: number;
  /** other_sequence: another auction than the one imported; unknown_psr_type: a production type that is no driver. */
  skipped?: 'other_sequence' | 'unknown_psr_type';
}

/** A refused import changed nothing; `errors` is capped, `errorCount` is the full count. */
export type MarketImportResult =
  | {
      ok: true;
      /** Price intervals stored. */
      imported: number;
      /** Forecast driver values stored (one per driver and interval). */
      drivers: number;
      /** Price intervals that already existed and were overwritten by this file. */
      replaced: number;
      from: number;
      to: number;
      /** The market area key the file was stored under (DE for DE-LU or 10Y1001A1001A82H). */
      area: string;
      /** Null for a file of forecasts only. */
      currency: string | null;
      format: PriceFileFormat;
      /** The auction the prices were stored as: 'official' or `sequence-N`. */
      auction: string;
      series: ImportSeriesView[];
    }
  | { ok: false; errors: ImportIssueView[]; errorCount: number };

/** One WebSocket message carries at most 2 MB, so larger files travel in chunks through `marketdata.upload`. */
export const MAX_IMPORT_CHUNK_CHARS = 1_000_000;
/** A whole import; larger files are refused before any of them is parsed. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface SimulatorStatus {
  enabled: boolean;
  running: boolean;
  seed: number;
  marketMakerUserId: number | null;
  /** Products the market maker currently quotes. */
  products: number;
  ordersPlaced: number;
  crossingOrders: number;
  lastRefreshAt: number | null;
}

/**
 * Why the feed dropped a tick: BAD_TOPIC not the feed's topic shape; BAD_PRODUCT_ID the topic names
 * no product id; TOO_LARGE an oversized payload; NOT_JSON a payload that is not JSON text;
 * BAD_PAYLOAD JSON that is not {price, quantity, ts}; FUTURE_TS a tick stamped in the future.
 */
export const FEED_DROP_CODES = ['BAD_TOPIC', 'BAD_PRODUCT_ID', 'TOO_LARGE', 'NOT_JSON', 'BAD_PAYLOAD', 'FUTURE_TS'] as const;
export type FeedDropCode = (typeof FEED_DROP_CODES)[number];

export interface FeedStatus {
  enabled: boolean;
  connected: boolean;
  url: string | null;
  site: string;
  /** Subscription pattern, e.g. griddesk/desk1/market/+/tick. */
  topic: string;
  accepted: number;
  dropped: number;
  /** The last drop in English, naming the offending part; screens word `lastDropCode` instead. */
  lastDropReason: string | null;
  lastDropCode: FeedDropCode | null;
  lastTickAt: number | null;
}
