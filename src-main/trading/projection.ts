import type { AuctionResultView } from '../../src-shared/contract/trading';
import type { OrderStatus, OrderView, Side, TradeView } from '../../src-shared/domain/schemas';
import type { LogFn } from '../api/context';
import type { Command, EngineEvent } from '../engine';
import type { OrdersRepo } from './orders-repo';

export interface Projection {
  orders: OrderView[];
  trades: Array<{ view: Omit<TradeView, 'ownSide'>; buyerId: number; sellerId: number; aggressor: Side | null }>;
  /** Products whose book changed. */
  products: Set<string>;
  auctions: AuctionResultView[];
}

function statusAfterFill(remaining: number): OrderStatus {
  return remaining === 0 ? 'filled' : 'partially_filled';
}

/**
 * Turns engine events into blotter rows and trades, inside the command's transaction. Every change
 * is also logged, so the audit trail reads as the user's order history.
 */
export function projectEvents(events: readonly EngineEvent[], orders: OrdersRepo, command: Command, log: LogFn): Projection {
  // The blotter rows this command touched, as they now are: each read from disk at most once.
  const touched = new Map<number, OrderView>();
  const view = (id: number): OrderView | undefined => {
    const known = touched.get(id);
    if (known) return known;
    const row = orders.get(id);
    if (row) touched.set(id, row);
    return row;
  };
  const projection: Projection = { orders: [], trades: [], products: new Set(), auctions: [] };
  // A block order's trades are per leg: its one blotter row counts them against all legs together.
  const fill = (id: number, leg: number | null, quantity: number, legRemaining: number, ts: number) => {
    if (leg === null) {
      update(id, (o) => ({ filled: o.filled + quantity, remaining: legRemaining, status: statusAfterFill(legRemaining) }), ts);
      return;
    }
    orders.fillLeg(id, leg, quantity);
    update(id, (o) => ({ filled: o.filled + quantity, remaining: o.remaining - quantity, status: statusAfterFill(o.remaining - quantity) }), ts);
  };
  const update = (id: number, change: (order: OrderView) => Partial<OrderView>, ts: number) => {
    const current = view(id);
    if (!current) return;
    const next: OrderView = { ...current, ...change(current), updatedAt: ts };
    orders.update({ id, filled: next.filled, remaining: next.remaining, status: next.status, reason: next.reason, reasonParams: next.reasonParams, price: next.price, stopPrice: next.stopPrice, quantity: next.quantity, ts });
    touched.set(id, next);
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
          displayQuantity: event.peak,
          allOrNone: event.allOrNone,
          quantity: event.quantity,
          status: event.stopPrice !== null ? 'pending_trigger' : 'working',
          reason: null,
          ts: event.ts,
        });
        log('order.accepted', { orderId: event.orderId, productId: event.productId, side: event.side, price: event.price, quantity: event.quantity });
        view(event.orderId);
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
          aggressor: event.aggressor,
        });
        fill(event.buyOrderId, event.buyLeg, event.quantity, event.buyRemaining, event.ts);
        fill(event.sellOrderId, event.sellLeg, event.quantity, event.sellRemaining, event.ts);
        log('trade', { tradeId: event.tradeId, productId: event.productId, price: event.price, quantity: event.quantity, buyOrderId: event.buyOrderId, sellOrderId: event.sellOrderId });
        projection.trades.push({
          view: { id: event.tradeId, productId: event.productId, price: event.price, quantity: event.quantity, ts: event.ts, buyOrderId: event.buyOrderId, sellOrderId: event.sellOrderId },
          buyerId: event.buyOwner,
          sellerId: event.sellOwner,
          aggressor: event.aggressor,
        });
        projection.products.add(event.productId);
        break;
      }
      case 'cancelled':
        // A block the daily auction did not accept was refused by the market, not withdrawn by anyone.
        if (event.reason === 'block_rejected') {
          update(event.orderId, () => ({ remaining: 0, status: 'rejected', reason: event.reason }), event.ts);
          log('order.block_rejected', { orderId: event.orderId, quantity: event.quantity });
        } else {
          update(event.orderId, () => ({ remaining: 0, status: 'cancelled', reason: event.reason }), event.ts);
          log('order.cancelled', { orderId: event.orderId, reason: event.reason, quantity: event.quantity });
        }
        if (event.productId) projection.products.add(event.productId);
        break;
      case 'expired':
        update(event.orderId, () => ({ remaining: 0, status: 'expired', reason: event.reason, reasonParams: auctionPriceOf(events, event) }), event.ts);
        log('order.expired', { orderId: event.orderId, reason: event.reason, quantity: event.quantity });
        if (event.productId) projection.products.add(event.productId);
        break;
      case 'modified':
        update(event.orderId, (o) => ({ price: event.price, stopPrice: event.stopPrice, remaining: event.quantity, quantity: o.filled + event.quantity }), event.ts);
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
      case 'blockAccepted': {
        const first = event.legs[0]!;
        orders.insert({
          id: event.orderId,
          clientOrderId: event.clientOrderId,
          ownerId: event.owner,
          productId: first.productId,
          side: event.side,
          type: 'limit',
          timeInForce: 'gtc',
          price: first.price,
          stopPrice: null,
          displayQuantity: null,
          allOrNone: true,
          quantity: event.legs.reduce((sum, leg) => sum + leg.quantity, 0),
          status: 'working',
          reason: null,
          ts: event.ts,
        });
        event.legs.forEach((leg, i) => {
          orders.addLeg(event.orderId, i, leg.productId, leg.price, leg.quantity);
          projection.products.add(leg.productId);
        });
        log('order.block_accepted', { orderId: event.orderId, side: event.side, legs: event.legs });
        view(event.orderId);
        break;
      }
      case 'auction': {
        const result: AuctionResultView = {
          productId: event.productId,
          ts: event.ts,
          price: event.price,
          volume: event.volume,
          buyVolume: event.buyVolume,
          sellVolume: event.sellVolume,
          decidedBy: event.decidedBy,
          trades: events.filter((e) => e.type === 'trade' && e.productId === event.productId && e.aggressor === null).length,
        };
        orders.addAuctionResult(result);
        projection.auctions.push(result);
        projection.products.add(event.productId);
        log('engine.auction', { ...result, rule: event.rule, acceptedBlocks: event.acceptedBlocks, rejectedBlocks: event.rejectedBlocks });
        break;
      }
      case 'halted':
      case 'resumed':
      case 'killSwitch':
        log(`engine.${event.type}`, event);
        break;
      case 'productAdded':
      case 'productRemoved':
        // The journaled command already records these; the audit trail need not repeat 250 products a day.
        break;
    }
  }
  projection.orders.push(...touched.values());
  return projection;
}

/** The clearing price an order's auction left it unfilled at (`context` noCross when nothing crossed), for its blotter row. */
function auctionPriceOf(events: readonly EngineEvent[], expired: Extract<EngineEvent, { type: 'expired' }>): OrderView['reasonParams'] {
  if (expired.reason !== 'auction_unfilled') return null;
  const auction = events.find((e) => e.type === 'auction' && e.productId === expired.productId);
  if (auction?.type !== 'auction' || auction.price === null) return { context: 'noCross' };
  return { priceUnits: auction.price };
}
