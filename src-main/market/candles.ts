import { DateTime } from 'luxon';
import { deliveryZoneOf } from './delivery-days';

/**
 * OHLCV candles built trade by trade. Minute resolutions are aligned to UTC multiples, which
 * equals local alignment because the listed areas' offsets are whole hours. "1d" is the delivery
 * day of the product's area (a Europe/Berlin day for DE: 23, 24 or 25 hours), because that is the
 * trading day a desk reads a daily bar as.
 */
export const CANDLE_RESOLUTIONS = ['1m', '5m', '15m', '30m', '1h', '1d'] as const;
export type CandleResolution = (typeof CANDLE_RESOLUTIONS)[number];

const MINUTES: Record<Exclude<CandleResolution, '1d'>, number> = { '1m': 1, '5m': 5, '15m': 15, '30m': 30, '1h': 60 };

export interface Trade {
  tsMs: number;
  /** 0.01 €/MWh units, may be negative. */
  priceUnits: number;
  /** kW, positive. */
  quantity: number;
}

export interface Candle {
  resolution: CandleResolution;
  startMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Sum of trade quantities (kW). */
  volume: number;
  trades: number;
  /**
   * Times of the trades that set open and close. Stored with the candle so a trade arriving
   * late can still tell whether it comes before the open or after the close.
   */
  openTsMs: number;
  closeTsMs: number;
}

/** A candle as older storage may hold it, without the open/close times. */
export type StoredCandle = Omit<Candle, 'openTsMs' | 'closeTsMs'> & Partial<Pick<Candle, 'openTsMs' | 'closeTsMs'>>;

class LocalDays {
  private start = 0;
  private end = 0;

  constructor(private readonly zone: string) {}

  /** Cached so a burst of trades on one day costs one luxon call, not one per trade. */
  startOf(tsMs: number): number {
    if (tsMs < this.start || tsMs >= this.end) {
      const day = DateTime.fromMillis(tsMs, { zone: this.zone }).startOf('day');
      this.start = day.toMillis();
      this.end = day.plus({ days: 1 }).toMillis();
    }
    return this.start;
  }
}

const daysByZone = new Map<string, LocalDays>();

function daysOf(zone: string): LocalDays {
  let days = daysByZone.get(zone);
  if (!days) {
    days = new LocalDays(zone);
    daysByZone.set(zone, days);
  }
  return days;
}

/** `zone`: where "1d" bars start, the zone of the product's area (the home area's by default). */
export function bucketStart(resolution: CandleResolution, tsMs: number, zone: string = deliveryZoneOf()): number {
  if (resolution === '1d') return daysOf(zone).startOf(tsMs);
  const size = MINUTES[resolution] * 60_000;
  return Math.floor(tsMs / size) * size;
}

function checkTrade(trade: Trade): void {
  if (!Number.isSafeInteger(trade.tsMs)) throw new RangeError(`trade time must be integer milliseconds, got ${trade.tsMs}`);
  if (!Number.isSafeInteger(trade.priceUnits)) throw new RangeError(`trade price must be integer price units, got ${trade.priceUnits}`);
  if (!Number.isSafeInteger(trade.quantity) || trade.quantity <= 0) throw new RangeError(`trade quantity must be a positive integer, got ${trade.quantity}`);
}

function key(resolution: CandleResolution, startMs: number): string {
  return `${resolution}:${startMs}`;
}

export interface CandleAggregatorOptions {
  resolutions?: readonly CandleResolution[];
  /** The zone of the product's area, where its daily bars start; the home area's by default. */
  zone?: string;
}

/**
 * One aggregator per instrument. Buckets without trades never get a candle: a chart should show
 * that nothing traded, not a flat bar. Candles are kept for the life of the aggregator, which is
 * bounded by a product's trading window (about 2,000 one-minute candles).
 */
export class CandleAggregator {
  readonly resolutions: readonly CandleResolution[];
  private readonly zone: string;
  private readonly byKey = new Map<string, Candle>();

  constructor(options: CandleAggregatorOptions = {}) {
    this.resolutions = options.resolutions ?? CANDLE_RESOLUTIONS;
    this.zone = options.zone ?? deliveryZoneOf();
  }

  /**
   * Seeds state from storage so aggregation continues where it stopped. Without stored open/close
   * times the open is kept and the next trade in the bucket becomes the close, which is right
   * when trades resume in time order.
   */
  load(candles: Iterable<StoredCandle>): void {
    for (const c of candles) {
      if (c.startMs !== bucketStart(c.resolution, c.startMs, this.zone)) {
        throw new RangeError(`candle ${c.resolution} at ${new Date(c.startMs).toISOString()} does not start on a bucket boundary`);
      }
      this.byKey.set(key(c.resolution, c.startMs), { ...c, openTsMs: c.openTsMs ?? c.startMs, closeTsMs: c.closeTsMs ?? c.startMs });
    }
  }

  /** Folds one trade into every resolution; returns the updated candles (copies). */
  apply(trade: Trade): Candle[] {
    checkTrade(trade);
    return this.resolutions.map((resolution) => ({ ...this.fold(resolution, trade) }));
  }

  /** Several trades at once; each changed candle appears once, in its final state. */
  applyAll(trades: Iterable<Trade>): Candle[] {
    const changed = new Map<string, Candle>();
    for (const trade of trades) for (const c of this.apply(trade)) changed.set(key(c.resolution, c.startMs), c);
    return [...changed.values()];
  }

  private fold(resolution: CandleResolution, trade: Trade): Candle {
    const startMs = bucketStart(resolution, trade.tsMs, this.zone);
    const k = key(resolution, startMs);
    const c = this.byKey.get(k);
    if (!c) {
      const created: Candle = {
        resolution,
        startMs,
        open: trade.priceUnits,
        high: trade.priceUnits,
        low: trade.priceUnits,
        close: trade.priceUnits,
        volume: trade.quantity,
        trades: 1,
        openTsMs: trade.tsMs,
        closeTsMs: trade.tsMs,
      };
      this.byKey.set(k, created);
      return created;
    }
    const volume = c.volume + trade.quantity;
    if (!Number.isSafeInteger(volume)) throw new RangeError(`volume of ${resolution} candle at ${startMs} overflows`);
    // Ties: among trades with the same time, the first applied stays the open, the last applied becomes the close.
    if (trade.tsMs < c.openTsMs) {
      c.open = trade.priceUnits;
      c.openTsMs = trade.tsMs;
    }
    if (trade.tsMs >= c.closeTsMs) {
      c.close = trade.priceUnits;
      c.closeTsMs = trade.tsMs;
    }
    c.high = Math.max(c.high, trade.priceUnits);
    c.low = Math.min(c.low, trade.priceUnits);
    c.volume = volume;
    c.trades += 1;
    return c;
  }

  get(resolution: CandleResolution, startMs: number): Candle | undefined {
    const c = this.byKey.get(key(resolution, startMs));
    return c ? { ...c } : undefined;
  }

  /** Candles of one resolution with start in [fromMs, toMs), oldest first. */
  candles(resolution: CandleResolution, fromMs = -Infinity, toMs = Infinity): Candle[] {
    const out: Candle[] = [];
    for (const c of this.byKey.values()) if (c.resolution === resolution && c.startMs >= fromMs && c.startMs < toMs) out.push({ ...c });
    return out.sort((a, b) => a.startMs - b.startMs);
  }
}
