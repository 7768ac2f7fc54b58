import { blocksOf, endBlocks, endOrders, ordersOf } from './controls';
import { TIF_GFD } from './order';
import { copySpec, Product } from './product';
import type { EngineState } from './state';
import type { AddProductCommand, RemoveProductCommand } from './api/commands';
import { checkSpec } from './validation';

export function addProduct(s: EngineState, cmd: AddProductCommand): void {
  const spec = cmd.product;
  const id = typeof spec === 'object' && spec !== null && typeof spec.id === 'string' ? spec.id : null;
  if (!checkSpec(spec)) return s.reject('addProduct', null, null, id, 'BAD_PRODUCT');
  if (s.products.has(spec.id)) return s.reject('addProduct', null, null, spec.id, 'DUPLICATE_PRODUCT');
  if (spec.gateClosure <= s.now) return s.reject('addProduct', null, null, spec.id, 'GATE_CLOSED');
  insertProduct(s, copySpec(spec));
  s.emit({ type: 'productAdded', seq: s.seq, ts: s.ts, productId: spec.id, mode: spec.mode });
}

export function insertProduct(s: EngineState, spec: ReturnType<typeof copySpec>): Product {
  const p = new Product(spec, s.productCounter++);
  const carried = s.carriedChanges.get(p.id);
  if (carried !== undefined) {
    p.bids.changes.adopt(carried.bids);
    p.asks.changes.adopt(carried.asks);
    s.carriedChanges.delete(p.id);
  }
  s.products.set(p.id, p);
  s.productList.push(p);
  if (!p.closed) s.addGate(p);
  return p;
}

export function removeProduct(s: EngineState, cmd: RemoveProductCommand): void {
  const p = s.products.get(cmd.productId);
  if (p === undefined) return s.reject('removeProduct', null, null, typeof cmd.productId === 'string' ? cmd.productId : null, 'UNKNOWN_PRODUCT');
  if (!p.closed) return s.reject('removeProduct', null, null, p.id, 'NOT_CLOSED');
  s.products.delete(p.id);
  s.productList = s.productList.filter((q) => q !== p);
  // Levels that emptied at gate closure and were not taken yet: a product added again under this
  // id continues from them, so a taker still learns that they are gone.
  const bids = p.bids.changes.carry();
  const asks = p.asks.changes.carry();
  if (bids.length + asks.length > 0) s.carriedChanges.set(p.id, { bids, asks });
  s.emit({ type: 'productRemoved', seq: s.seq, ts: s.ts, productId: p.id });
}

/**
 * Moves the clock to `now` and fires every deadline that has passed, in time order: gate closures
 * (ties: the product added first) before good-for-day expiries at the same instant (ties: lower id).
 */
export function advance(s: EngineState, now: number): void {
  s.now = now;
  for (;;) {
    const gate = s.gates[0];
    const gateAt = gate === undefined ? Number.POSITIVE_INFINITY : gate.gateClosure;
    const gfdAt = s.deadlines.peekAt();
    if (gateAt <= gfdAt) {
      if (gate === undefined || gateAt > now) return;
      s.gates.shift();
      closeGate(s, gate);
    } else {
      if (gfdAt > now) return;
      expireGoodForDay(s, s.deadlines.pop(), gfdAt);
    }
  }
}

function closeGate(s: EngineState, p: Product): void {
  p.closed = true;
  s.emit({ type: 'gateClosed', seq: s.seq, ts: s.ts, productId: p.id });
  endOrders(s, ordersOf(p, null), 'expired', 'gate_closure');
  endBlocks(s, blocksOf(s, null, p), 'expired', 'gate_closure');
}

function expireGoodForDay(s: EngineState, id: number, at: number): void {
  const o = s.orders.get(id);
  if (o !== undefined) {
    if (o.tif === TIF_GFD && o.expireAt === at) endOrders(s, [o], 'expired', 'end_of_day');
    return;
  }
  const b = s.blocks.get(id);
  if (b !== undefined && b.tif === TIF_GFD && b.expireAt === at) endBlocks(s, [b], 'expired', 'end_of_day');
}
