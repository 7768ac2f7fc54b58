import { z } from 'zod';
import { ADMIN_ROLES, call, TRADING_ROLES } from './contract-kit';
import { PriceUnitsSchema, ProductIdSchema, type ProductKind, type Side } from './schemas';

/**
 * Market-data calls and events: candles, watchlist, time & sales, imported day-ahead prices, the
 * built-in simulator and the MQTT price feed. Spread into the contract by contract.ts.
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

const timeMs = z.number().int().min(0).max(8_640_000_000_000);

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
  durationMin: 15 | 60;
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

/** A refused import changed nothing; `errors` is capped, `errorCount` is the full count. */
export type MarketImportResult =
  | {
      ok: true;
      imported: number;
      /** Intervals that already existed and were overwritten by this file. */
      replaced: number;
      from: number;
      to: number;
      area: string;
      currency: string;
      format: 'smard-csv' | 'berlin-csv' | 'entsoe-a44';
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

export interface FeedStatus {
  enabled: boolean;
  connected: boolean;
  url: string | null;
  site: string;
  /** Subscription pattern, e.g. griddesk/desk1/market/+/tick. */
  topic: string;
  accepted: number;
  dropped: number;
  lastDropReason: string | null;
  lastTickAt: number | null;
}

const SiteSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, dot, colon, dash and underscore only');

const empty = z.object({}).strict();

export const marketCalls = {
  'marketdata.candles': call<CandleSeriesView>()({
    input: z
      .object({
        productId: ProductIdSchema,
        resolution: CandleResolutionSchema,
        source: CandleSourceSchema.default('trades'),
        from: timeMs.optional(),
        to: timeMs.optional(),
        limit: z.number().int().min(1).max(10_000).default(2_000),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'marketdata.watchlist': call<WatchlistRow[]>()({ input: empty, access: 'session', mutates: false }),
  'marketdata.timeAndSales': call<TapeTrade[]>()({
    input: z
      .object({ productId: ProductIdSchema.optional(), limit: z.number().int().min(1).max(100_000).default(500) })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'marketdata.history': call<DayAheadHistory>()({
    input: z
      .object({ area: z.string().min(1).max(32).default('DE'), from: timeMs, to: timeMs })
      .strict()
      .refine((v) => v.to > v.from, 'to must be after from')
      .refine((v) => v.to - v.from <= 400 * 86_400_000, 'at most 400 days at a time'),
    access: 'session',
    mutates: false,
  }),
  /** Appends a chunk to a pending upload (started without uploadId); the upload lives 10 minutes. */
  'marketdata.upload': call<{ uploadId: string; bytes: number }>()({
    input: z
      .object({
        uploadId: z.string().min(1).max(64).optional(),
        content: z.string().max(MAX_IMPORT_CHUNK_CHARS, `at most ${MAX_IMPORT_CHUNK_CHARS} characters per chunk`),
      })
      .strict(),
    access: TRADING_ROLES,
    mutates: false,
  }),
  'marketdata.import': call<MarketImportResult>()({
    input: z
      .object({
        format: z.enum(['csv', 'entsoe']),
        content: z.string().max(MAX_IMPORT_CHUNK_CHARS, `at most ${MAX_IMPORT_CHUNK_CHARS} characters; send larger files with marketdata.upload`).optional(),
        uploadId: z.string().min(1).max(64).optional(),
        /** CSV only: the area the file is for (SMARD files do not say). */
        area: z.string().min(1).max(32).regex(/^[A-Z0-9_-]+$/).default('DE'),
        /** CSV only: interval length when the file has no end column. */
        durationMin: z.union([z.literal(15), z.literal(60)]).optional(),
      })
      .strict()
      .refine((v) => (v.content === undefined) !== (v.uploadId === undefined), 'send either content or uploadId'),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'marketdata.simulator.status': call<SimulatorStatus>()({ input: empty, access: 'session', mutates: false }),
  'marketdata.simulator.start': call<SimulatorStatus>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  'marketdata.simulator.stop': call<SimulatorStatus>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  'marketdata.feed.status': call<FeedStatus>()({ input: empty, access: 'session', mutates: false }),
  'marketdata.feed.configure': call<FeedStatus>()({
    input: z
      .object({
        enabled: z.boolean(),
        url: z.string().max(256).regex(/^mqtts?:\/\/[^\s/]+$/, 'mqtt://host:port or mqtts://host:port').optional(),
        site: SiteSchema.optional(),
        username: z.string().max(128).nullable().optional(),
        password: z.string().max(256).nullable().optional(),
      })
      .strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
} as const;

export interface MarketEvents {
  'marketdata.candle': CandleUpdate;
  /** One watchlist row changed (book, last, volume, feed); merge over the row with the same productId. */
  'marketdata.ticker': TickerRow;
  /** The receiving user's own net position in one product changed. */
  'marketdata.position': { productId: string; position: number };
  /** A public trade for time & sales; prepend. */
  'marketdata.trade': TapeTrade;
  'marketdata.feed': FeedStatus;
  'marketdata.simulator': SimulatorStatus;
}

export const MARKET_EVENT_NAMES: ReadonlyArray<keyof MarketEvents> = [
  'marketdata.candle',
  'marketdata.ticker',
  'marketdata.position',
  'marketdata.trade',
  'marketdata.feed',
  'marketdata.simulator',
];

/** Tick payload on `griddesk/<site>/market/<productId>/tick` (see docs/mqtt-namespace.md). */
export const FeedTickSchema = z
  .object({ price: PriceUnitsSchema, quantity: z.number().int().positive().max(1_000_000_000), ts: timeMs })
  .strict();
export type FeedTick = z.infer<typeof FeedTickSchema>;
