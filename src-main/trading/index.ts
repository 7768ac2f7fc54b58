import type { Clock } from '../core/clock';
import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import { engineSpecOf } from '../market/products';
import type { Command } from '../engine';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { BookPublisher } from './book-publisher';
import { EngineHost, type EngineHostOptions } from './engine-host';
import { tradingHandlers } from './handlers';
import { OrderEntry, type PreTradeCheck } from './order-entry';
import { OrdersRepo } from './orders-repo';
import type { TradingPort } from './port';
import { MarketRulesBook } from './market-rules';
import { ProductListing } from './product-listing';
import { RefusalRecord } from './refusals';
import { TradingReads } from './trading-reads';

export type { TradingPort, TradeRecord, OpenOrder, Quote, TradingActor } from './port';
export type { PreTradeCheck, PreTradeContext, PreTradeOrder } from './order-entry';

export interface TradingDeps {
  db: Db;
  log: EventLog;
  bus: EventBus;
  clock: Clock;
  /** Risk limits, the desk kill and the site batteries, asked before the engine decides; bound once those domains exist. */
  preTrade: () => PreTradeCheck | undefined;
  options?: Partial<EngineHostOptions>;
}

export interface Trading {
  domain: Domain<'trading'>;
  port: TradingPort;
  /** Writes a snapshot of the books now, so a restart replays nothing before it. */
  checkpoint(): void;
}

/**
 * The trading domain: products on the calendar, the matching engine with its journal, order entry
 * and the blotter, the market halt, and the local market's auctions. Other domains reach it only
 * through `port`.
 */
export function createTrading(deps: TradingDeps): Trading {
  const orders = new OrdersRepo(deps.db);
  const rules = new MarketRulesBook(deps.db);
  const listing = new ProductListing((area, day) => rules.rulesFor(area, day));
  const host = new EngineHost(
    deps.db,
    deps.log,
    orders,
    (engine) => new BookPublisher(deps.bus, engine),
    deps.clock,
    { snapshotEvery: 2_000, ...deps.options },
    () => listing.all(),
  );
  const entry = new OrderEntry(host, orders, listing, deps.bus, (order, ctx) => deps.preTrade()?.(order, ctx));
  const reads = new TradingReads(deps.db);

  /** Time passes: today's and tomorrow's products exist, gates close, good-for-day orders expire. */
  const tick = (): void => {
    const now = deps.clock.now();
    const added = listing.listNewDays(now);
    const additions: Array<(seq: number) => Command> = added
      .filter((product) => product.deliveryEnd > now && !host.engine.product(product.id))
      .map((product) => (seq) => ({ type: 'addProduct', seq, ts: now, product: engineSpecOf(product) }));
    host.executeAll(additions, now);
    if (added.length > 0) host.rebuildSchedule(now);
    // Due auctions run first, inside the host's decide: the clock command could otherwise close their books.
    host.execute((seq) => ({ type: 'clock', seq, ts: now }), now);
    // A day after delivery a product can no longer change: drop it from memory and snapshots.
    for (const id of listing.takeExpired(now)) {
      if (host.engine.product(id)) host.execute((seq) => ({ type: 'removeProduct', seq, ts: now, productId: id }), now);
    }
  };
  tick();

  const port: TradingPort = {
    listedProducts: (now) => listing.listed(now),
    product: (productId) => listing.get(productId),
    book: (productId, depth, viewerId = null) => host.engine.book(productId, depth, viewerId),
    quote: (productId, depth = 100) => {
      const book = host.engine.book(productId, depth, null);
      if (!book) return null;
      return { bid: book.bids[0]?.price ?? null, ask: book.asks[0]?.price ?? null, last: book.lastPrice, bids: book.bids, asks: book.asks };
    },
    openOrders: (ownerId, productId) => reads.openOrders(ownerId, productId),
    openSellKw: (ownerIds, productId, excludeOrderId = 0) => reads.openSellKw(ownerIds, productId, excludeOrderId),
    sellRemaining: (orderId) => reads.sellRemaining(orderId),
    order: (orderId) => orders.get(orderId),
    tradesAfter: (afterId, limit = 1_000_000) => reads.tradesAfter(afterId, limit),
    latestTrades: (productId, limit) => reads.latestTrades(productId, limit),
    lastPriceBefore: (productId, ts) => reads.lastPriceBefore(productId, ts),
    vwapByProduct: (pattern) => reads.vwapByProduct(pattern),
    netPositions: (userId) => reads.netPositions(userId),
    netPosition: (userId, productId) => reads.netPosition(userId, productId),
    killSwitch: (actor, userId, active) => entry.killSwitch(userId, active, actor),
    isKilled: (userId) => host.engine.isKilled(userId),
    killedUsers: () => reads.killedUsers(),
    onTrades: (listener) => host.bookPublisher.onTrades(listener),
  };

  const domain = defineDomain('trading', {
    handlers: tradingHandlers(entry, host, orders, listing, new RefusalRecord(deps.db), rules),
    tick,
    stop: () => host.close(),
  });
  return { domain, port, checkpoint: () => host.snapshot() };
}
