import type { BookView, OrderView, ProductView, Side } from '../../src-shared/domain/schemas';

/**
 * What other domains may know of and do to trading. Risk marks positions with quotes and stops
 * traders through it; market data folds its trades into candles and the tape; delivery counts a
 * site's open sells. None of them reads the orders or trades tables: the tables are trading's, and
 * this interface is the contract. Orders that other domains place in the market (the simulator's)
 * do not come through here but through the router, with a real system caller.
 */
export interface TradingPort {
  /** Today's and tomorrow's products, continuous and local-market alike. */
  listedProducts(now: number): ProductView[];
  product(productId: string): ProductView | undefined;
  /** The book to `depth` levels, with `viewerId`'s own quantities; null for an unknown product. */
  book(productId: string, depth: number, viewerId?: number | null): BookView | null;
  /** Best bid, best ask and last price, and the top levels, without building a whole book view. */
  quote(productId: string, depth?: number): Quote | null;

  /** A user's working orders (limit, stop and iceberg orders that still rest or wait for a trigger). */
  openOrders(ownerId: number, productId?: string): OpenOrder[];
  /** kW still open on sells of `productId` by any of `ownerIds`, block legs included, leaving out order `excludeOrderId`. */
  openSellKw(ownerIds: readonly number[], productId: string, excludeOrderId?: number): number;
  /** An order's remaining sell quantity, or null when it is not a sell. */
  sellRemaining(orderId: number): number | null;
  order(orderId: number): OrderView | undefined;

  /** Committed trades with an id above `afterId`, oldest first. */
  tradesAfter(afterId: number, limit?: number): TradeRecord[];
  /** The newest trades, of one product or of all, newest first. */
  latestTrades(productId: string | null, limit: number): TradeRecord[];
  /** The last trade price of a product before `ts`. */
  lastPriceBefore(productId: string, ts: number): number | undefined;
  /** Volume-weighted average price per product whose id matches the SQL LIKE pattern. */
  vwapByProduct(productIdPattern: string): Array<{ productId: string; priceQuantity: number; quantity: number }>;
  /** A user's net position (bought − sold kW) per product, from the trades. */
  netPositions(userId: number): Map<string, number>;
  netPosition(userId: number, productId: string): number;

  /** Sets or releases one user's kill switch: their orders are cancelled, new ones refused. */
  killSwitch(actor: TradingActor, userId: number, active: boolean): Promise<{ active: boolean; cancelled: number }>;
  isKilled(userId: number): boolean;
  killedUsers(): number[];

  /** Runs after each commit that stored trades, with those trades. */
  onTrades(listener: (trades: readonly TradeRecord[]) => void): () => void;
}

/** Who stands behind a change made through the port, for the journal and the audit trail. */
export interface TradingActor {
  username: string;
  now: number;
}

export interface Quote {
  bid: number | null;
  ask: number | null;
  last: number | null;
  /** Best first. */
  bids: ReadonlyArray<{ price: number; quantity: number }>;
  asks: ReadonlyArray<{ price: number; quantity: number }>;
}

export interface OpenOrder {
  id: number;
  productId: string;
  side: Side;
  price: number | null;
  remaining: number;
}

export interface TradeRecord {
  id: number;
  productId: string;
  price: number;
  quantity: number;
  ts: number;
  buyOrderId: number;
  sellOrderId: number;
  buyerId: number;
  sellerId: number;
  /** Null for auction fills, and for trades stored before the column existed. */
  aggressor: Side | null;
}
