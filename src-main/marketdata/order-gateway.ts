import type { OrderView, ProductView, BookView, Side } from '../../src-shared/domain/schemas';
import { CallFailure } from '../../src-shared/domain/errors';
import type { PartialHandlers } from '../api/context';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { systemContext } from './system-context';

export interface GatewayUser {
  userId: number;
  username: string;
}

export interface GatewayOrder {
  productId: string;
  side: Side;
  type: 'limit' | 'ioc';
  price: number;
  quantity: number;
}

export type PlaceOutcome = { ok: true; order: OrderView } | { ok: false; reason: string };

/**
 * How the simulator trades: as a given user, through the same handlers (validation, journal, audit,
 * events) a person's orders go through. Nothing here reaches into the engine.
 */
export interface OrderGateway {
  products(now: number): ProductView[];
  book(productId: string, now: number, depth: number): BookView | null;
  place(user: GatewayUser, order: GatewayOrder, now: number): Promise<PlaceOutcome>;
  cancelAll(user: GatewayUser, productId: string, now: number): Promise<number>;
  openOrders(user: GatewayUser, productId?: string): Array<Pick<OrderView, 'id' | 'productId' | 'side' | 'price' | 'remaining'>>;
}

type TradingHandlers = PartialHandlers<'trading.products.list' | 'trading.book.get' | 'trading.orders.place' | 'trading.orders.cancelAll'>;

/** The gateway onto this terminal's TradingService. */
export class TradingGateway implements OrderGateway {
  private readonly open;
  private readonly openInProduct;

  constructor(
    private readonly handlers: TradingHandlers,
    private readonly db: Db,
    private readonly log: EventLog,
  ) {
    const base = `SELECT id, product_id AS productId, side, price, remaining FROM orders
      WHERE owner_id = ? AND status IN ('working','partially_filled','pending_trigger')`;
    this.open = db.prepare(`${base} ORDER BY id`);
    this.openInProduct = db.prepare(`${base} AND product_id = ? ORDER BY id`);
  }

  private ctx(user: GatewayUser | null, now: number) {
    return systemContext(this.db, this.log, now, user && { ...user, role: 'trader' });
  }

  products(now: number): ProductView[] {
    return this.handlers['trading.products.list']({}, this.ctx(null, now)) as ProductView[];
  }

  book(productId: string, now: number, depth: number): BookView | null {
    try {
      return this.handlers['trading.book.get']({ productId, depth }, this.ctx(null, now)) as BookView;
    } catch (err) {
      if (err instanceof CallFailure && err.error.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async place(user: GatewayUser, order: GatewayOrder, now: number): Promise<PlaceOutcome> {
    try {
      const placed = await this.handlers['trading.orders.place'](
        {
          productId: order.productId,
          side: order.side,
          type: order.type,
          timeInForce: 'gtc',
          price: order.price,
          quantity: order.quantity,
          allOrNone: false,
        },
        this.ctx(user, now),
      );
      return { ok: true, order: placed };
    } catch (err) {
      if (err instanceof CallFailure) return { ok: false, reason: err.error.reason ?? err.error.code };
      throw err;
    }
  }

  async cancelAll(user: GatewayUser, productId: string, now: number): Promise<number> {
    const result = await this.handlers['trading.orders.cancelAll']({ productId }, this.ctx(user, now));
    return result.cancelled;
  }

  openOrders(user: GatewayUser, productId?: string): Array<Pick<OrderView, 'id' | 'productId' | 'side' | 'price' | 'remaining'>> {
    const rows = productId ? this.openInProduct.all(user.userId, productId) : this.open.all(user.userId);
    return rows as Array<Pick<OrderView, 'id' | 'productId' | 'side' | 'price' | 'remaining'>>;
  }
}
