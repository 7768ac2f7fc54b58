import type { OrderView, ProductView, BookView, Side } from '../../../src-shared/domain/schemas';
import { CallFailure } from '../../../src-shared/domain/errors';
import type { SystemActor, SystemCaller } from '../../api/system-caller';
import type { TradingPort } from '../../trading';

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

/**
 * The gateway onto this terminal's trading domain: reads through the trading port, orders through
 * the router as the simulator's own user (role trader), so they are parsed, role-checked, journaled
 * and audited exactly like a person's.
 */
export class TradingGateway implements OrderGateway {
  constructor(
    private readonly trading: TradingPort,
    private readonly system: SystemCaller,
  ) {}

  products(now: number): ProductView[] {
    return this.trading.listedProducts(now).filter((p) => p.mode === 'continuous');
  }

  book(productId: string, _now: number, depth: number): BookView | null {
    return this.trading.book(productId, depth, null);
  }

  async place(user: GatewayUser, order: GatewayOrder, _now: number): Promise<PlaceOutcome> {
    try {
      const placed = await this.system.call(this.actor(user), 'trading.orders.place', {
        productId: order.productId,
        side: order.side,
        type: order.type,
        timeInForce: 'gtc',
        price: order.price,
        quantity: order.quantity,
        allOrNone: false,
      });
      return { ok: true, order: placed };
    } catch (err) {
      if (err instanceof CallFailure) return { ok: false, reason: err.error.reason ?? err.error.code };
      throw err;
    }
  }

  async cancelAll(user: GatewayUser, productId: string, _now: number): Promise<number> {
    const result = await this.system.call(this.actor(user), 'trading.orders.cancelAll', { productId });
    return result.cancelled;
  }

  openOrders(user: GatewayUser, productId?: string): Array<Pick<OrderView, 'id' | 'productId' | 'side' | 'price' | 'remaining'>> {
    return this.trading.openOrders(user.userId, productId);
  }

  private actor(user: GatewayUser): SystemActor {
    return { userId: user.userId, username: user.username, role: 'trader' };
  }
}
