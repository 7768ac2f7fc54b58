import type { OrderStatus, OrderView, TradeView } from '../../src-shared/schemas';
import type { LogFn } from '../api/context';
import type { Command, EngineEvent } from '../engine';
import type { OrdersRepo } from './orders-repo';

export interface Projection {
  orders: OrderView[];
  trades: Array<{ view: Omit<TradeView, 'ownSide'>; buyerId: number; sellerId: number }>;
  /** Products whose book changed. */
  products: Set<string>;
}

function statusAfterFill(remaining: number): OrderStatus {
  return remaining === 0 ? 'filled' : 'partially_filled';
}

/**
 * Turns engine events into blotter rows and trades, inside the command's transaction. Every change
 * is also logged, so the audit trail reads as the user's order history.
 */
export function projectEvents(events: readonly EngineEvent[], orders: OrdersRepo, command: Command, log: LogFn): Projection {
  const touched = new Map<number, true>();
  const projection: Projection = { orders: [], trades: [], products: new Set() };
  const update = (id: number, change: (order: OrderView) => Partial<OrderView>, ts: number) => {
    const current = orders.get(id);
    if (!current) return;
    const next = { ...current, ...change(current) };
    orders.update({ id, filled: next.filled, remaining: next.remaining, status: next.status, reason: next.reason, price: next.price, quantity: next.quantity, ts });
    touched.set(id, true);
  };

  for (const event of events) {
    switch (event.type) {
      case 'accepted':
        orders.insert({
          id: event.orderId,
          clientOrderId: event.clientOrderId,
          ownerId: event.owner,
          productId: event.productId,
          side: event.side,
          type: event.orderType,
          timeInForce: event.tif,
          price: event.orderType === 'market' || event.orderType === 'stop' ? null : event.price,
          stopPrice: event.stopPrice,
          quantity: event.quantity,
          status: event.stopPrice !== null ? 'pending_trigger' : 'working',
          reason: null,
          ts: event.ts,
        });
        log('order.accepted', { orderId: event.orderId, productId: event.productId, side: event.side, price: event.price, quantity: event.quantity });
        touched.set(event.orderId, true);
        projection.products.add(event.productId);
        break;
      case 'rejected':
        // Refused commands change nothing; the attempt is kept in the audit trail only.
        log('order.rejected', { command: event.command, orderId: event.orderId, productId: event.productId, reason: event.reason });
        break;
      case 'trade': {
        orders.addTrade({
          id: event.tradeId,
          productId: event.productId,
          price: event.price,
          quantity: event.quantity,
          ts: event.ts,
          buyOrderId: event.buyOrderId,
          sellOrderId: event.sellOrderId,
          buyerId: event.buyOwner,
          sellerId: event.sellOwner,
        });
        update(event.buyOrderId, (o) => ({ filled: o.filled + event.quantity, remaining: event.buyRemaining, status: statusAfterFill(event.buyRemaining) }), event.ts);
        update(event.sellOrderId, (o) => ({ filled: o.filled + event.quantity, remaining: event.sellRemaining, status: statusAfterFill(event.sellRemaining) }), event.ts);
        log('trade', { tradeId: event.tradeId, productId: event.productId, price: event.price, quantity: event.quantity, buyOrderId: event.buyOrderId, sellOrderId: event.sellOrderId });
        projection.trades.push({
          view: { id: event.tradeId, productId: event.productId, price: event.price, quantity: event.quantity, ts: event.ts, buyOrderId: event.buyOrderId, sellOrderId: event.sellOrderId },
          buyerId: event.buyOwner,
          sellerId: event.sellOwner,
        });
        projection.products.add(event.productId);
        break;
      }
      case 'cancelled':
        update(event.orderId, () => ({ remaining: 0, status: 'cancelled', reason: event.reason }), event.ts);
        log('order.cancelled', { orderId: event.orderId, reason: event.reason, quantity: event.quantity });
        if (event.productId) projection.products.add(event.productId);
        break;
      case 'expired':
        update(event.orderId, () => ({ remaining: 0, status: 'expired', reason: event.reason }), event.ts);
        log('order.expired', { orderId: event.orderId, reason: event.reason, quantity: event.quantity });
        if (event.productId) projection.products.add(event.productId);
        break;
      case 'modified':
        update(event.orderId, (o) => ({ price: event.price, remaining: event.quantity, quantity: o.filled + event.quantity }), event.ts);
        log('order.modified', { orderId: event.orderId, price: event.price, quantity: event.quantity, priorityKept: event.priorityKept });
        projection.products.add(event.productId);
        break;
      case 'triggered':
        update(event.orderId, () => ({ status: 'working' }), event.ts);
        log('order.triggered', { orderId: event.orderId, stopPrice: event.stopPrice, lastPrice: event.lastPrice });
        projection.products.add(event.productId);
        break;
      case 'gateClosed':
        log('product.gate_closed', { productId: event.productId });
        projection.products.add(event.productId);
        break;
      case 'halted':
      case 'resumed':
      case 'killSwitch':
      case 'auction':
      case 'blockAccepted':
        log(`engine.${event.type}`, event);
        break;
      case 'productAdded':
      case 'productRemoved':
        // The journaled command already records these; the audit trail need not repeat 250 products a day.
        break;
    }
  }
  for (const id of touched.keys()) {
    const order = orders.get(id);
    if (order) projection.orders.push(order);
  }
  return projection;
}
