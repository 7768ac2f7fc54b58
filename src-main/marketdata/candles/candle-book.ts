/**
 * Candles, the service half: folding trading's trades and the feed's ticks, storing and caching the
 * candles. The bucket maths are the pure library's (market/candles.ts).
 */
import type { CandleSource } from '../../../src-shared/contract/marketdata';
import { parseProductId } from '../../../src-shared/domain/product-id';
import { CandleAggregator, type Candle, type Trade } from '../../market/candles';
import { deliveryZoneOf } from '../../market/delivery-days';
import type { CandleStore, ProductStats } from './candle-store';

/** Products held in memory at once; a terminal lists about 250 a day, the rest reload from disk on demand. */
const MAX_CACHED = 2_000;

export interface FoldResult {
  productId: string;
  candles: Candle[];
  stats: ProductStats;
}

/**
 * One CandleAggregator per product and source, seeded from the stored candles the first time a
 * product trades after a start. Must be called inside the transaction that also moves the cursor:
 * what it returns has already been written.
 */
export class CandleBook {
  private readonly aggregators = new Map<string, CandleAggregator>();
  private readonly stats = new Map<string, ProductStats>();

  constructor(
    private readonly store: CandleStore,
    private readonly source: CandleSource,
  ) {}

  private aggregator(productId: string): CandleAggregator {
    let agg = this.aggregators.get(productId);
    if (agg) return agg;
    // Daily bars follow the product's area; a feed may name an area the terminal does not list.
    agg = new CandleAggregator({ zone: deliveryZoneOf(parseProductId(productId)?.area) });
    agg.load(this.store.load(this.source, productId));
    if (this.aggregators.size >= MAX_CACHED) {
      const oldest = this.aggregators.keys().next().value;
      if (oldest !== undefined) {
        this.aggregators.delete(oldest);
        this.stats.delete(oldest);
      }
    }
    this.aggregators.set(productId, agg);
    return agg;
  }

  private statsOf(productId: string): ProductStats | undefined {
    const cached = this.stats.get(productId);
    if (cached) return cached;
    const stored = this.store.stats(this.source, productId);
    if (stored) this.stats.set(productId, stored);
    return stored;
  }

  /** Folds trades (in time order per product) and writes the changed candles and figures. */
  fold(trades: ReadonlyArray<Trade & { productId: string }>): FoldResult[] {
    const byProduct = new Map<string, Array<Trade>>();
    for (const t of trades) {
      const list = byProduct.get(t.productId) ?? [];
      list.push(t);
      byProduct.set(t.productId, list);
    }
    const results: FoldResult[] = [];
    for (const [productId, list] of byProduct) {
      const candles = this.aggregator(productId).applyAll(list);
      let stats = this.statsOf(productId);
      for (const t of list) {
        stats = stats
          ? {
              ...stats,
              // Late ticks (feed) must not move "last" backwards in time.
              ...(t.tsMs >= stats.lastTs ? { lastPrice: t.priceUnits, lastTs: t.tsMs } : {}),
              volume: stats.volume + t.quantity,
              trades: stats.trades + 1,
            }
          : { firstPrice: t.priceUnits, lastPrice: t.priceUnits, lastTs: t.tsMs, volume: t.quantity, trades: 1 };
      }
      if (!stats) continue;
      this.stats.set(productId, stats);
      this.store.saveCandles(this.source, productId, candles);
      this.store.saveStats(this.source, productId, stats);
      results.push({ productId, candles, stats });
    }
    return results;
  }

  /** Drops the cache, so that after a failed transaction memory is rebuilt from what was stored. */
  reset(): void {
    this.aggregators.clear();
    this.stats.clear();
  }
}
