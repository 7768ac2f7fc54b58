import type { TickerRow, WatchlistRow } from '../../src-shared/contract/marketdata';
import type { BookView, ProductView } from '../../src-shared/domain/schemas';
import type { CandleStore, ProductStats } from './candles/candle-store';
import type { PriceStore } from './prices/price-store';
import type { OrderGateway } from './simulator/order-gateway';

export interface RowSources {
  trades: ProductStats | undefined;
  feed: ProductStats | undefined;
  book: BookView | null;
}

/** One public watchlist row from the product, its book's best levels and its stored figures. */
export function tickerRow(product: ProductView, sources: RowSources, dayAhead: Pick<PriceStore, 'windowPrice'>): TickerRow {
  const bid = sources.book?.bids[0];
  const ask = sources.book?.asks[0];
  const t = sources.trades;
  // Imports store every zone under its area key (DE, whatever the file called it), so one lookup finds it.
  const da = dayAhead.windowPrice(product.area, product.deliveryStart, product.deliveryEnd);
  const reference = da ?? t?.firstPrice ?? null;
  const last = t?.lastPrice ?? null;
  return {
    productId: product.id,
    area: product.area,
    kind: product.kind,
    blockName: product.blockName,
    deliveryStart: product.deliveryStart,
    deliveryEnd: product.deliveryEnd,
    gateClosure: product.gateClosure,
    bestBid: bid?.price ?? null,
    bidQuantity: bid?.quantity ?? 0,
    bestAsk: ask?.price ?? null,
    askQuantity: ask?.quantity ?? 0,
    last,
    lastTs: t?.lastTs ?? null,
    volume: t?.volume ?? 0,
    trades: t?.trades ?? 0,
    reference,
    referenceSource: da !== null ? 'day_ahead' : t ? 'open' : null,
    change: last !== null && reference !== null ? last - reference : null,
    feedPrice: sources.feed?.lastPrice ?? null,
    feedTs: sources.feed?.lastTs ?? null,
  };
}

/** Today's and tomorrow's products in delivery order: hours and quarters interleaved, blocks last. */
export function sortProducts(products: readonly ProductView[]): ProductView[] {
  const rank = { hour: 0, quarter: 1, block: 2 } as const;
  return [...products].sort(
    (a, b) =>
      (a.kind === 'block' ? 1 : 0) - (b.kind === 'block' ? 1 : 0) ||
      a.deliveryStart - b.deliveryStart ||
      rank[a.kind] - rank[b.kind] ||
      a.deliveryEnd - b.deliveryEnd,
  );
}

export function withPosition(row: TickerRow, position: number): WatchlistRow {
  return { ...row, position };
}

/** The public rows of the listed products, from their books, stored figures and day-ahead prices. */
export class TickerBoard {
  private products = new Map<string, ProductView>();
  private productsAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly gateway: Pick<OrderGateway, 'products' | 'book'>,
    private readonly candles: Pick<CandleStore, 'stats'>,
    private readonly dayAhead: Pick<PriceStore, 'windowPrice'>,
  ) {}

  /** One product's row; null for a product not listed now. */
  row(productId: string, now: number): TickerRow | null {
    const product = this.index(now).get(productId);
    return product ? this.rowOf(product, now) : null;
  }

  /** Every listed product's row, in watchlist order. */
  rows(now: number): TickerRow[] {
    return sortProducts([...this.index(now).values()]).map((p) => this.rowOf(p, now));
  }

  private rowOf(product: ProductView, now: number): TickerRow {
    const sources = { trades: this.candles.stats('trades', product.id), feed: this.candles.stats('feed', product.id), book: this.gateway.book(product.id, now, 1) };
    return tickerRow(product, sources, this.dayAhead);
  }

  private index(now: number): Map<string, ProductView> {
    // The listing changes at most once a day; a minute's staleness only delays a new day's rows.
    if (now - this.productsAt > 60_000 || now < this.productsAt) {
      this.products = new Map(this.gateway.products(now).map((p) => [p.id, p]));
      this.productsAt = now;
    }
    return this.products;
  }
}
