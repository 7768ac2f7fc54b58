import { DateTime } from 'luxon';
import type { ParsedInput } from '../../src-shared/contract';
import type { BlockOrderView } from '../../src-shared/contract/trading';
import { fail } from '../../src-shared/domain/errors';
import type { OrderView, ProductView } from '../../src-shared/domain/schemas';
import type { CallContext, Caller } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { EngineEvent, PlaceCommand } from '../engine';
import { zoneOfArea } from '../../src-shared/domain/market-areas';
import { assertOpen, blockProducts } from './block-legs';
import type { EngineHost, TradingWriter } from './engine-host';
import { withEngineState } from './engine-state';
import type { OrdersRepo } from './orders-repo';
import type { ProductListing } from './product-listing';

/** What a pre-trade check is asked about; `replaces` is a modify's order, whose open quantity the new one replaces. */
export interface PreTradeOrder {
  owner: number;
  productId: string;
  side: OrderView['side'];
  type: OrderView['type'];
  price: number | null;
  stopPrice: number | null;
  quantity: number;
  replaces?: number;
}

/**
 * Checks other domains run before the engine decides (risk limits and the desk kill, the site's
 * batteries): throws a REJECTED failure to refuse, and may return what to run once the order is
 * stored (a warning only for orders that went through).
 */
export type PreTradeCheck = (order: PreTradeOrder, ctx: PreTradeContext) => void | (() => void);

/** What a check knows of the call: its time, and the batched refusal log to explain a refusal in. */
export type PreTradeContext = Pick<CallContext, 'now' | 'refused'>;

type Ctx = CallContext<Caller>;

/** Order entry: each call's rules, then one engine command through the host, then the stored result. */
export class OrderEntry {
  constructor(
    private readonly host: EngineHost,
    private readonly orders: OrdersRepo,
    private readonly listing: ProductListing,
    private readonly bus: EventBus,
    private readonly preTrade: PreTradeCheck | undefined,
  ) {}

  async place(input: ParsedInput<'trading.orders.place'>, ctx: Ctx): Promise<OrderView> {
    const owner = ctx.caller.userId;
    this.assertNewClientId(owner, input.clientOrderId);
    const product = this.listing.get(input.productId);
    if (product) this.assertTakesOrders(product, ctx.now, 'productId');
    const accepted = this.preTrade?.({ owner, productId: input.productId, side: input.side, type: input.type, price: input.price ?? null, stopPrice: input.stopPrice ?? null, quantity: input.quantity }, ctx);
    const orderId = this.host.takeOrderId();
    const place = (seq: number): PlaceCommand => ({
      type: 'place',
      seq,
      ts: ctx.now,
      orderId,
      owner,
      clientOrderId: input.clientOrderId ?? null,
      productId: input.productId,
      side: input.side,
      orderType: input.type,
      quantity: input.quantity,
      price: input.price ?? null,
      stopPrice: input.stopPrice ?? null,
      tif: input.timeInForce,
      expireAt: input.timeInForce === 'gfd' ? endOfDeliveryDay(ctx.now, product) : null,
      peak: input.displayQuantity ?? null,
      allOrNone: input.allOrNone,
    });
    failOnRejection(await this.host.submit(place, ctx), true);
    if (accepted) accepted();
    return this.readBack(orderId);
  }

  async placeBlock(input: ParsedInput<'trading.orders.placeBlock'>, ctx: Ctx): Promise<BlockOrderView> {
    const owner = ctx.caller.userId;
    this.assertNewClientId(owner, input.clientOrderId);
    const legs = blockProducts(input.productIds, this.listing.asMap(), ctx.now);
    legs.forEach((leg, i) => this.assertTakesOrders(leg, ctx.now, `productIds.${i}`));
    const accepted = legs.map((leg) =>
      this.preTrade?.({ owner, productId: leg.id, side: input.side, type: 'limit', price: input.price, stopPrice: null, quantity: input.quantity }, ctx),
    );
    const orderId = this.host.takeOrderId();
    const events = await this.host.submit(
      (seq) => ({
        type: 'placeBlock',
        seq,
        ts: ctx.now,
        orderId,
        owner,
        clientOrderId: input.clientOrderId ?? null,
        side: input.side,
        legs: legs.map((p) => ({ productId: p.id, price: input.price, quantity: input.quantity })),
        tif: 'gtc',
      }),
      ctx,
    );
    failOnRejection(events, true);
    for (const after of accepted) if (after) after();
    return this.blockView(orderId);
  }

  async cancel(input: ParsedInput<'trading.orders.cancel'>, ctx: Ctx): Promise<OrderView> {
    const existing = this.orders.get(input.orderId);
    if (!existing || (existing.ownerId !== ctx.caller.userId && ctx.caller.role !== 'admin')) {
      fail('NOT_FOUND', `You have no order ${input.orderId}.`, { field: 'orderId', reason: 'NO_SUCH_ORDER', params: { orderId: input.orderId } });
    }
    failOnRejection(await this.host.submit((seq) => ({ type: 'cancel', seq, ts: ctx.now, orderId: input.orderId, owner: existing.ownerId }), ctx), false);
    return this.readBack(input.orderId);
  }

  async modify(input: ParsedInput<'trading.orders.modify'>, ctx: Ctx): Promise<OrderView> {
    const owner = ctx.caller.userId;
    const existing = this.orders.get(input.orderId);
    if (!existing || existing.ownerId !== owner) fail('NOT_FOUND', `You have no order ${input.orderId}.`, { field: 'orderId', reason: 'NO_SUCH_ORDER', params: { orderId: input.orderId } });
    // A larger or re-priced order is a new risk decision; shrinking one only ever lowers risk.
    const quantity = input.quantity ?? existing.remaining;
    const accepted =
      quantity > existing.remaining || (input.price !== undefined && input.price !== existing.price)
        ? this.preTrade?.(
            { owner, productId: existing.productId, side: existing.side, type: existing.type, price: input.price ?? existing.price, stopPrice: input.stopPrice ?? null, quantity, replaces: existing.id },
            ctx,
          )
        : undefined;
    const events = await this.host.submit(
      (seq) => ({ type: 'modify', seq, ts: ctx.now, orderId: input.orderId, owner, price: input.price ?? null, quantity: input.quantity ?? null, stopPrice: input.stopPrice ?? null }),
      ctx,
    );
    failOnRejection(events, true);
    if (accepted) accepted();
    return this.readBack(input.orderId);
  }

  async cancelAll(input: ParsedInput<'trading.orders.cancelAll'>, ctx: Ctx): Promise<{ cancelled: number }> {
    const events = await this.host.submit((seq) => ({ type: 'cancelAll', seq, ts: ctx.now, owner: ctx.caller.userId, productId: input.productId ?? null, side: input.side ?? null }), ctx);
    const cancelled = events.filter((e) => e.type === 'cancelled').length;
    // One entry names the scope asked for, so the audit shows a cancel-all even when nothing was open.
    ctx.commit((log) => log('order.cancel_all', { productId: input.productId ?? null, side: input.side ?? null, cancelled }));
    return { cancelled };
  }

  async setHalted(halted: boolean, ctx: Ctx): Promise<{ halted: boolean }> {
    await this.host.submit((seq) => ({ type: halted ? 'halt' : 'resume', seq, ts: ctx.now }), ctx);
    this.bus.publish('trading.halted', { halted }, 'all');
    return { halted: this.host.engine.halted };
  }

  /** Sets or releases a user's kill switch; who may do so is the risk domain's rule, checked before this. */
  async killSwitch(userId: number, active: boolean, by: Ctx | TradingWriter): Promise<{ active: boolean; cancelled: number }> {
    const events = await this.host.submit((seq) => ({ type: active ? 'kill' : 'release', seq, ts: by.now, owner: userId }), by);
    return { active: this.host.engine.isKilled(userId), cancelled: events.filter((e) => e.type === 'cancelled').length };
  }

  private assertNewClientId(owner: number, clientOrderId: string | undefined): void {
    if (clientOrderId && this.orders.clientIdTaken(owner, clientOrderId)) {
      fail('REJECTED', `You already used the client order id "${clientOrderId}".`, { field: 'clientOrderId', reason: 'DUPLICATE_CLIENT_ID', params: { context: 'used', clientOrderId } });
    }
  }

  /** An auction product takes orders only until its auction ran. */
  private assertTakesOrders(product: ProductView, now: number, field: string): void {
    assertOpen(product, now, field);
    if (product.mode === 'auction' && !this.host.awaitsAuction(product.id)) {
      fail('REJECTED', `The auction of ${product.id} has already run; it takes no more orders.`, { field, reason: 'GATE_CLOSED', params: { context: 'auctionRan', productId: product.id } });
    }
  }

  private readBack(orderId: number): OrderView {
    const order = this.orders.get(orderId);
    if (!order) fail('INTERNAL', 'The order was accepted but could not be read back.', { reason: 'READ_BACK_FAILED' });
    return withEngineState(order, this.host.engine);
  }

  private blockView(orderId: number): BlockOrderView {
    const order = this.readBack(orderId);
    const legs = this.orders.legs(orderId);
    return {
      id: order.id,
      clientOrderId: order.clientOrderId,
      side: order.side,
      price: legs[0]?.price ?? order.price ?? 0,
      quantity: legs[0]?.quantity ?? 0,
      status: order.status,
      reason: order.reason,
      legs: legs.map((l) => ({ productId: l.productId, quantity: l.quantity, filled: l.filled })),
      createdAt: order.createdAt,
    };
  }
}

/** A good-for-day order expires at the end of its product's delivery day, in the product's market area. */
function endOfDeliveryDay(now: number, product: ProductView | undefined): number {
  return DateTime.fromMillis(now, { zone: zoneOfArea(product?.area ?? 'DE') }).endOf('day').toMillis() + 1;
}

/** An engine refusal becomes the caller's REJECTED failure, pointing at the field it is about. */
function failOnRejection(events: readonly EngineEvent[], withField: boolean): void {
  const rejected = events.find((e) => e.type === 'rejected');
  if (rejected) fail('REJECTED', rejected.message, { reason: rejected.reason, ...(withField ? fieldOf(rejected.reason) : {}) });
}

/** Points the user at the ticket field an engine rejection is about. */
function fieldOf(reason: string): { field?: string } {
  if (['OFF_TICK', 'OUT_OF_BAND', 'MISSING_PRICE', 'BAD_PRICE'].includes(reason)) return { field: 'price' };
  if (['BAD_QUANTITY', 'BAD_LOT', 'ABOVE_MAX_QUANTITY'].includes(reason)) return { field: 'quantity' };
  if (['UNKNOWN_PRODUCT', 'NOT_OPEN', 'GATE_CLOSED'].includes(reason)) return { field: 'productId' };
  if (reason === 'MISSING_STOP_PRICE') return { field: 'stopPrice' };
  if (reason === 'BAD_PEAK') return { field: 'displayQuantity' };
  return {};
}
