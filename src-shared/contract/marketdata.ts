import { z } from 'zod';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event, TRADING_ROLES } from './kit';
import { ProductIdSchema } from '../domain/schemas';
import {
  CandleResolutionSchema,
  type CandleSeriesView,
  CandleSourceSchema,
  type CandleUpdate,
  type DayAheadHistory,
  type FeedStatus,
  MAX_IMPORT_CHUNK_CHARS,
  type MarketImportResult,
  type SimulatorStatus,
  type TapeTrade,
  type TickerRow,
  TimeMsSchema,
  type WatchlistRow,
} from './marketdata-views';

/** Market data: candles, watchlist, time & sales, imported day-ahead prices, the simulator and the MQTT price feed. */

export * from './marketdata-views';

const SiteSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, dot, colon, dash and underscore only');

const empty = z.object({}).strict();

/** An absent field keeps its value; a null url or username clears it (a null password removes the stored one). */
export const FeedConfigureInputSchema = z
  .object({
    enabled: z.boolean(),
    // No user:password@ part: the URL is shown and audited, the password is stored sealed on its own.
    url: z.string().max(256).regex(/^mqtts?:\/\/[^\s/@]+$/, 'mqtt://host:port or mqtts://host:port').nullable().optional(),
    site: SiteSchema.optional(),
    username: z.string().max(128).nullable().optional(),
    /** Write-only: no call answers it. */
    password: z.string().max(256).nullable().optional(),
  })
  .strict();
export type FeedConfigureInput = z.infer<typeof FeedConfigureInputSchema>;

export interface FeedSettingsView {
  enabled: boolean;
  url: string | null;
  site: string;
  username: string | null;
  passwordSet: boolean;
}

export const marketdataCalls = defineCalls('marketdata', {
  'marketdata.candles': call<CandleSeriesView>()({
    input: z
      .object({
        productId: ProductIdSchema,
        resolution: CandleResolutionSchema,
        source: CandleSourceSchema.default('trades'),
        from: TimeMsSchema.optional(),
        to: TimeMsSchema.optional(),
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
      .object({ area: z.string().min(1).max(32).default('DE'), from: TimeMsSchema, to: TimeMsSchema })
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
        /** The area the file is for, when it does not say (SMARD files): a key (DE), short name (DE-LU) or EIC code. */
        area: z.string().min(1).max(32).regex(/^[A-Z0-9_-]+$/).default('DE'),
        /** CSV only: interval length when the file has no end column. */
        durationMin: z.union([z.literal(15), z.literal(30), z.literal(60)]).optional(),
        /**
         * ENTSO-E prices only: the classificationSequence to import. 1 (default) is the official
         * coupling price, which forecasts, VaR and the curve read; another sequence (a second
         * auction of the same zone and day) is stored apart, as `sequence-N`.
         */
        sequence: z.number().int().min(1).max(20).default(1),
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
  /** What the feed is set to, for admins: the password only as whether one is stored. */
  'marketdata.feed.settings': call<FeedSettingsView>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  'marketdata.feed.configure': call<FeedStatus>()({ input: FeedConfigureInputSchema, access: ADMIN_ROLES, mutates: true }),
});

export const marketdataEvents = defineEvents('marketdata', {
  'marketdata.candle': event<CandleUpdate>(),
  /** One watchlist row changed (book, last, volume, feed); merge over the row with the same productId. */
  'marketdata.ticker': event<TickerRow>(),
  /** The receiving user's own net position in one product changed. */
  'marketdata.position': event<{ productId: string; position: number }>(),
  /** A public trade for time & sales; prepend. */
  'marketdata.trade': event<TapeTrade>(),
  'marketdata.feed': event<FeedStatus>(),
  'marketdata.simulator': event<SimulatorStatus>(),
});
