import { blockQuantity } from './controls';
import { execute, fillable } from './matching';
import {
  K_FOK,
  K_ICEBERG,
  K_IOC,
  K_LIMIT,
  K_MARKET,
  K_POST_ONLY,
  K_STOP,
  K_STOP_LIMIT,
  kindOf,
  type Order,
  S_BOOK,
  S_STOP,
  S_TAKER,
  STP_NONE,
  stpOf,
  TIF_GFD,
  tifOf,
} from './order';
import type { Product } from './product';
import type { EngineState } from './state';
import type { CancelCommand, ModifyCommand, PlaceCommand } from './api/commands';
import type { ReasonCode } from './api/events';
import { checkPrice, checkQuantity, checkTrading, isInt } from './validation';

// Rejections go through module-level helpers, not closures: a closure per command costs on the hot path.
function rejectPlace(s: EngineState, cmd: PlaceCommand, reason: ReasonCode): void {
  const { orderId, owner, productId } = cmd;
  s.reject('place', isInt(orderId) ? orderId : null, isInt(owner) ? owner : null, typeof productId === 'string' ? productId : null, reason);
}

/** Validates a new order, then runs it: stop book, or matching and then rest/cancel of the rest. */
export function place(s: EngineState, cmd: PlaceCommand): void {
  const id = cmd.orderId;
  const owner = cmd.owner;
  if (!isInt(id) || !isInt(owner)) return rejectPlace(s, cmd, 'BAD_COMMAND');
  if (s.halted) return rejectPlace(s, cmd, 'HALTED');
  if (s.killed.size > 0 && s.killed.has(owner)) return rejectPlace(s, cmd, 'KILL_SWITCH');
  const p = s.products.get(cmd.productId);
  if (p === undefined) return rejectPlace(s, cmd, 'UNKNOWN_PRODUCT');
  const trading = checkTrading(s, p);
  if (trading !== null) return rejectPlace(s, cmd, trading);
  if (s.idTaken(id)) return rejectPlace(s, cmd, 'DUPLICATE_ORDER_ID');
  const clientOrderId = cmd.clientOrderId ?? null;
  if (clientOrderId !== null) {
    if (typeof clientOrderId !== 'string') return rejectPlace(s, cmd, 'BAD_COMMAND');
    if (s.clientIdTaken(owner, clientOrderId)) return rejectPlace(s, cmd, 'DUPLICATE_CLIENT_ID');
  }
  const side = cmd.side;
  if (side !== 'buy' && side !== 'sell') return rejectPlace(s, cmd, 'BAD_COMMAND');
  const buy = side === 'buy';
  const kind = kindOf(cmd.orderType);
  const tif = tifOf(cmd.tif);
  const stp = stpOf(cmd.stp, s.defaultStp);
  if (kind < 0 || tif < 0 || stp < 0) return rejectPlace(s, cmd, 'BAD_COMMAND');
  const aonField = cmd.allOrNone;
  if (aonField !== undefined && aonField !== null && typeof aonField !== 'boolean') return rejectPlace(s, cmd, 'BAD_COMMAND');
  const aon = aonField === true;
  if (aon && kind !== K_LIMIT) return rejectPlace(s, cmd, 'BAD_COMMAND');
  if (p.auction && kind !== K_LIMIT && kind !== K_MARKET) return rejectPlace(s, cmd, 'TYPE_NOT_ALLOWED');
  const qty = cmd.quantity;
  const qtyReason = checkQuantity(p, qty);
  if (qtyReason !== null) return rejectPlace(s, cmd, qtyReason);
  let price = cmd.price;
  if (price === undefined || price === null) {
    if (kind !== K_MARKET && kind !== K_STOP) return rejectPlace(s, cmd, 'MISSING_PRICE');
    // Without a protection price the band edge is the protection.
    price = buy ? p.maxPrice : p.minPrice;
  } else {
    const priceReason = checkPrice(p, price);
    if (priceReason !== null) return rejectPlace(s, cmd, priceReason);
  }
  let stopPrice = 0;
  if (kind === K_STOP || kind === K_STOP_LIMIT) {
    const sp = cmd.stopPrice;
    if (sp === undefined || sp === null) return rejectPlace(s, cmd, 'MISSING_STOP_PRICE');
    const stopReason = checkPrice(p, sp);
    if (stopReason !== null) return rejectPlace(s, cmd, stopReason);
    stopPrice = sp;
  }
  let peak = 0;
  if (kind === K_ICEBERG) {
    const pk = cmd.peak;
    if (!isInt(pk) || pk <= 0 || pk % p.lot !== 0 || pk > qty) return rejectPlace(s, cmd, 'BAD_PEAK');
    peak = pk;
  }
  let expireAt = 0;
  if (tif === TIF_GFD) {
    const at = cmd.expireAt;
    if (!isInt(at) || at <= s.now) return rejectPlace(s, cmd, 'BAD_EXPIRY');
    expireAt = at;
  }
  if (kind === K_FOK && fillable(p, buy, owner, stp, price, qty) < qty) return rejectPlace(s, cmd, 'FOK_UNFILLED');
  if (kind === K_POST_ONLY && fillable(p, buy, owner, STP_NONE, price, qty) > 0) return rejectPlace(s, cmd, 'WOULD_CROSS');

  const o = s.pool.acquire();
  o.id = id;
  o.owner = owner;
  o.clientOrderId = clientOrderId;
  o.product = p;
  o.buy = buy;
  o.kind = kind;
  o.tif = tif;
  o.stp = stp;
  o.aon = aon;
  o.price = price;
  o.stopPrice = stopPrice;
  o.quantity = qty;
  o.remaining = qty;
  o.visible = qty;
  o.peak = peak;
  o.filled = 0;
  o.expireAt = expireAt;
  o.ts = s.ts;
  s.accepted(o, p);
  if (tif === TIF_GFD) s.deadlines.push(expireAt, id);
  if (kind === K_STOP || kind === K_STOP_LIMIT) {
    o.prio = s.nextPrio++;
    o.state = S_STOP;
    p.stops.add(o);
    s.index(o);
  } else {
    enter(s, p, o);
  }
  runStops(s, p);
}

/**
 * Runs an order that has just (re-)entered: a new order, a triggered stop or a repriced order.
 * In continuous trading it matches first; what is left rests, or is cancelled for order types that
 * never rest. In an auction's call phase it only joins the queue.
 */
export function enter(s: EngineState, p: Product, o: Order): void {
  const kind = o.kind;
  if (!p.auction) {
    // All-or-none trades on entry only if all of it fills now; otherwise it just rests.
    if (!o.aon || fillable(p, o.buy, o.owner, o.stp, o.price, o.remaining) === o.remaining) {
      o.state = S_TAKER;
      const stopped = execute(s, p, o);
      if (o.remaining === 0) return s.retire(o);
      if (stopped) {
        s.cancelled(o.id, o.owner, p.id, 'stp', o.remaining);
        return s.retire(o);
      }
    }
    if (kind === K_MARKET || kind === K_STOP) {
      s.cancelled(o.id, o.owner, p.id, 'market_remainder', o.remaining);
      return s.retire(o);
    }
    if (kind === K_IOC || kind === K_FOK) {
      s.cancelled(o.id, o.owner, p.id, 'ioc_remainder', o.remaining);
      return s.retire(o);
    }
  }
  o.visible = kind === K_ICEBERG && o.peak < o.remaining ? o.peak : o.remaining;
  o.prio = s.nextPrio++;
  o.state = S_BOOK;
  (o.buy ? p.bids : p.asks).append(o);
  s.index(o);
}

/**
 * Fires the stops that the product's last trade price has reached, one at a time, each becoming a
 * market (stop) or limit (stop_limit) order; its own trades may fire further stops.
 */
export function runStops(s: EngineState, p: Product): void {
  const stops = p.stops;
  if (stops.size === 0) return;
  for (;;) {
    const last = p.lastPrice;
    if (last === null) return;
    const o = stops.takeTriggered(last);
    if (o === null) return;
    o.state = S_TAKER;
    s.emit({ type: 'triggered', seq: s.seq, ts: s.ts, orderId: o.id, owner: o.owner, productId: p.id, stopPrice: o.stopPrice, lastPrice: last });
    enter(s, p, o);
  }
}

function rejectModify(s: EngineState, cmd: ModifyCommand, productId: string | null, reason: ReasonCode): void {
  const { orderId, owner } = cmd;
  s.reject('modify', isInt(orderId) ? orderId : null, isInt(owner) ? owner : null, productId, reason);
}

function emitModified(s: EngineState, o: Order, p: Product, priorityKept: boolean): void {
  s.emit({
    type: 'modified',
    seq: s.seq,
    ts: s.ts,
    orderId: o.id,
    owner: o.owner,
    productId: p.id,
    price: o.price,
    stopPrice: o.kind >= K_STOP ? o.stopPrice : null,
    quantity: o.remaining,
    priorityKept,
  });
}

export function modify(s: EngineState, cmd: ModifyCommand): void {
  const id = cmd.orderId;
  const owner = cmd.owner;
  if (!isInt(id) || !isInt(owner)) return rejectModify(s, cmd, null, 'BAD_COMMAND');
  if (s.halted) return rejectModify(s, cmd, null, 'HALTED');
  if (s.killed.size > 0 && s.killed.has(owner)) return rejectModify(s, cmd, null, 'KILL_SWITCH');
  const o = s.orders.get(id);
  if (o === undefined) {
    const b = s.blocks.get(id);
    if (b === undefined) return rejectModify(s, cmd, null, 'NOT_LIVE');
    return rejectModify(s, cmd, null, b.owner !== owner ? 'NOT_OWNER' : 'NOT_MODIFIABLE');
  }
  const p = o.product!;
  const productId = p.id;
  if (o.owner !== owner) return rejectModify(s, cmd, productId, 'NOT_OWNER');
  const price = cmd.price ?? o.price;
  if (cmd.price !== undefined && cmd.price !== null) {
    const r = checkPrice(p, price);
    if (r !== null) return rejectModify(s, cmd, productId, r);
  }
  const qty = cmd.quantity ?? o.remaining;
  if (cmd.quantity !== undefined && cmd.quantity !== null) {
    const r = checkQuantity(p, qty);
    if (r !== null) return rejectModify(s, cmd, productId, r);
  }
  const stopPrice = cmd.stopPrice ?? o.stopPrice;
  if (cmd.stopPrice !== undefined && cmd.stopPrice !== null) {
    if (o.state !== S_STOP) return rejectModify(s, cmd, productId, 'BAD_COMMAND');
    const r = checkPrice(p, stopPrice);
    if (r !== null) return rejectModify(s, cmd, productId, r);
  }
  const priceChanged = price !== o.price || stopPrice !== o.stopPrice;
  if (!priceChanged && qty === o.remaining) return rejectModify(s, cmd, productId, 'NO_CHANGE');
  const keeps = !priceChanged && qty < o.remaining;
  if (!keeps && o.kind === K_POST_ONLY && !p.auction && fillable(p, o.buy, o.owner, STP_NONE, price, qty) > 0) return rejectModify(s, cmd, productId, 'WOULD_CROSS');

  if (keeps) {
    // Shrinking in place: the hidden part of an iceberg goes first.
    const cut = o.remaining - qty;
    o.remaining = qty;
    o.quantity -= cut;
    if (o.visible > qty) {
      if (o.state === S_BOOK && !o.aon) (o.buy ? p.bids : p.asks).addQty(o.level!, qty - o.visible);
      o.visible = qty;
    }
    return emitModified(s, o, p, true);
  }
  o.quantity += qty - o.remaining;
  if (o.state === S_STOP) {
    p.stops.remove(o);
    o.price = price;
    o.stopPrice = stopPrice;
    o.remaining = qty;
    o.visible = qty;
    o.prio = s.nextPrio++;
    p.stops.add(o);
    emitModified(s, o, p, false);
    return runStops(s, p);
  }
  (o.buy ? p.bids : p.asks).remove(o);
  o.price = price;
  o.remaining = qty;
  o.visible = qty;
  emitModified(s, o, p, false);
  enter(s, p, o);
  runStops(s, p);
}

export function cancel(s: EngineState, cmd: CancelCommand): void {
  const id = cmd.orderId;
  const owner = cmd.owner;
  if (!isInt(id) || !isInt(owner)) return s.reject('cancel', isInt(id) ? id : null, isInt(owner) ? owner : null, null, 'BAD_COMMAND');
  const o = s.orders.get(id);
  if (o !== undefined) {
    const productId = o.product!.id;
    if (o.owner !== owner) return s.reject('cancel', id, owner, productId, 'NOT_OWNER');
    const q = o.remaining;
    s.removeLive(o);
    return s.cancelled(id, owner, productId, 'user', q);
  }
  const b = s.blocks.get(id);
  if (b === undefined) return s.reject('cancel', id, owner, null, 'NOT_LIVE');
  if (b.owner !== owner) return s.reject('cancel', id, owner, null, 'NOT_OWNER');
  s.removeBlock(b);
  s.cancelled(id, owner, null, 'user', blockQuantity(b));
}
