import type { PartialHandlers } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import { productsOfDay, tradingDays } from '../market/products';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { OrdersRepo } from './orders-repo';

export class TradingService {
  private readonly orders: OrdersRepo;
  constructor(db: Db, _log: EventLog, _bus: EventBus, private readonly clock: Clock) {
    this.orders = new OrdersRepo(db);
  }
  onClock(): void {}
  close(): void {}
  handlers(): PartialHandlers<'products.list' | 'book.get' | 'orders.place' | 'orders.cancel' | 'orders.list' | 'trades.list'> {
    return {
      'products.list': () => tradingDays(this.clock.now()).flatMap((d) => productsOfDay(d)),
      'book.get': (input) => ({ productId: input.productId, bids: [], asks: [], lastPrice: null, seq: 0 }),
      'orders.place': () => { throw new Error('TEMP'); },
      'orders.cancel': () => { throw new Error('TEMP'); },
      'orders.list': (input, ctx) => this.orders.list(input.scope === 'all' ? null : ctx.caller!.userId, input.limit),
      'trades.list': (input, ctx) => this.orders.trades(ctx.caller!.userId, input.limit),
    };
  }
}
