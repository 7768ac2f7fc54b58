import type { EventBus } from '../api/event-bus';
import type { MatchingEngine } from '../engine';
import { BookDeltas } from './book-deltas';
import { withEngineState } from './engine-state';
import type { TradeRecord } from './port';
import type { Projection } from './projection';

/**
 * Sends what a commit changed, after the commit: each user's orders and trades to that user, auction
 * results to all, and one depth delta per changed book per batch (after every command of the batch
 * has been answered, so a book changed by many of them is sent once).
 */
export class BookPublisher {
  private readonly deltas = new BookDeltas();
  private readonly changedBooks = new Set<string>();
  private booksScheduled = false;
  private readonly tradeListeners = new Set<(trades: readonly TradeRecord[]) => void>();

  constructor(
    private readonly bus: EventBus,
    private readonly engine: () => MatchingEngine,
  ) {}

  /** Every current book counts as published: at start, and after the books were rebuilt from disk. */
  reset(): void {
    this.deltas.reset(this.engine());
  }

  onTrades(listener: (trades: readonly TradeRecord[]) => void): () => void {
    this.tradeListeners.add(listener);
    return () => this.tradeListeners.delete(listener);
  }

  publish(projection: Projection): void {
    for (const order of projection.orders) this.bus.publish('trading.order', withEngineState(order, this.engine()), { userIds: [order.ownerId] });
    for (const trade of projection.trades) {
      this.bus.publish('trading.trade', { ...trade.view, ownSide: 'buy' }, { userIds: [trade.buyerId] });
      this.bus.publish('trading.trade', { ...trade.view, ownSide: 'sell' }, { userIds: [trade.sellerId] });
    }
    if (projection.trades.length > 0 && this.tradeListeners.size > 0) {
      const records: TradeRecord[] = projection.trades.map((t) => ({ ...t.view, buyerId: t.buyerId, sellerId: t.sellerId, aggressor: t.aggressor }));
      for (const listener of this.tradeListeners) listener(records);
    }
    for (const result of projection.auctions) this.bus.publish('trading.auction.result', result, 'all');
    for (const productId of projection.products) this.changedBooks.add(productId);
    if (this.changedBooks.size > 0 && !this.booksScheduled) {
      this.booksScheduled = true;
      queueMicrotask(() => this.publishBooks());
    }
  }

  private publishBooks(): void {
    this.booksScheduled = false;
    const engine = this.engine();
    for (const productId of this.changedBooks) {
      const delta = this.deltas.next(engine, productId);
      if (delta) this.bus.publish('trading.book.delta', delta, 'all');
    }
    this.changedBooks.clear();
  }
}
