import { insertProduct } from './lifecycle';
import { Block, BlockLegState, K_STOP, KIND_NAMES, type Order, S_BOOK, S_STOP, STP_NAMES, TIF_GFD, TIF_NAMES } from './order';
import { copySpec } from './product';
import { clientKey, type EngineState } from './state';
import type { StpMode } from './api/commands';
import type { BlockSnapshot, EngineSnapshot, OrderSnapshot, ProductSnapshot } from './api/snapshot';

export const SNAPSHOT_FORMAT = 'griddesk-engine/1';

function orderSnapshot(o: Order): OrderSnapshot {
  return {
    id: o.id,
    owner: o.owner,
    clientOrderId: o.clientOrderId,
    side: o.buy ? 'buy' : 'sell',
    orderType: KIND_NAMES[o.kind]!,
    tif: TIF_NAMES[o.tif]!,
    stp: STP_NAMES[o.stp]!,
    allOrNone: o.aon,
    price: o.price,
    stopPrice: o.kind >= K_STOP ? o.stopPrice : null,
    quantity: o.quantity,
    remaining: o.remaining,
    visible: o.visible,
    peak: o.peak > 0 ? o.peak : null,
    filled: o.filled,
    expireAt: o.tif === TIF_GFD ? o.expireAt : null,
    ts: o.ts,
    prio: o.prio,
  };
}

export function takeSnapshot(s: EngineState): EngineSnapshot {
  const products: ProductSnapshot[] = s.productList.map((p) => {
    const bids: OrderSnapshot[] = [];
    const asks: OrderSnapshot[] = [];
    const stops: OrderSnapshot[] = [];
    p.bids.forEach((o) => bids.push(orderSnapshot(o)));
    p.asks.forEach((o) => asks.push(orderSnapshot(o)));
    p.stops.forEach((o) => stops.push(orderSnapshot(o)));
    return { spec: copySpec(p.spec), closed: p.closed, lastPrice: p.lastPrice, bids, asks, stops };
  });
  const blocks: BlockSnapshot[] = [...s.blocks.values()].map((b) => ({
    id: b.id,
    owner: b.owner,
    clientOrderId: b.clientOrderId,
    side: b.buy ? 'buy' : 'sell',
    legs: b.legs.map((l) => ({ productId: l.product.id, price: l.price, quantity: l.quantity })),
    tif: TIF_NAMES[b.tif]!,
    expireAt: b.tif === TIF_GFD ? b.expireAt : null,
    ts: b.ts,
    prio: b.prio,
  }));
  return {
    format: SNAPSHOT_FORMAT,
    lastSeq: s.lastSeq,
    now: s.now,
    halted: s.halted,
    nextTradeId: s.nextTradeId,
    nextPrio: s.nextPrio,
    stp: STP_NAMES[s.defaultStp] as StpMode,
    killed: [...s.killed].sort((a, b) => a - b),
    products,
    blocks,
  };
}

/** Rebuilds state into a fresh EngineState: queues are refilled in snapshot order, so priority is kept. */
export function restoreInto(s: EngineState, snap: EngineSnapshot): void {
  if (typeof snap !== 'object' || snap === null || snap.format !== SNAPSHOT_FORMAT) throw new Error('not a GridDesk engine snapshot');
  s.lastSeq = snap.lastSeq;
  s.now = snap.now;
  s.halted = snap.halted;
  s.nextTradeId = snap.nextTradeId;
  s.nextPrio = snap.nextPrio;
  s.defaultStp = Math.max(1, STP_NAMES.indexOf(snap.stp));
  for (const owner of snap.killed) s.killed.add(owner);
  for (const ps of snap.products) {
    const p = insertProduct(s, copySpec(ps.spec));
    p.closed = ps.closed;
    if (p.closed) s.gates = s.gates.filter((g) => g !== p);
    p.lastPrice = ps.lastPrice;
    const load = (os: OrderSnapshot, state: number): Order => {
      const o = s.pool.acquire();
      o.id = os.id;
      o.owner = os.owner;
      o.clientOrderId = os.clientOrderId;
      o.product = p;
      o.buy = os.side === 'buy';
      o.kind = KIND_NAMES.indexOf(os.orderType);
      o.tif = TIF_NAMES.indexOf(os.tif);
      o.stp = Math.max(1, STP_NAMES.indexOf(os.stp));
      o.aon = os.allOrNone;
      o.price = os.price;
      o.stopPrice = os.stopPrice ?? 0;
      o.quantity = os.quantity;
      o.remaining = os.remaining;
      o.visible = os.visible;
      o.peak = os.peak ?? 0;
      o.filled = os.filled;
      o.expireAt = os.expireAt ?? 0;
      o.ts = os.ts;
      o.prio = os.prio;
      o.state = state;
      s.index(o);
      if (o.tif === TIF_GFD) s.deadlines.push(o.expireAt, o.id);
      return o;
    };
    for (const os of ps.bids) p.bids.append(load(os, S_BOOK));
    for (const os of ps.asks) p.asks.append(load(os, S_BOOK));
    for (const os of ps.stops) p.stops.add(load(os, S_STOP));
    // A restored book is where its takers start from, not a change.
    p.bids.changes.discard();
    p.asks.changes.discard();
  }
  for (const bs of snap.blocks) {
    const legs = bs.legs.map((l, i) => {
      const p = s.products.get(l.productId);
      if (p === undefined) throw new Error(`snapshot block ${bs.id} names unknown product ${l.productId}`);
      return new BlockLegState(p, i, l.price, l.quantity);
    });
    const tif = TIF_NAMES.indexOf(bs.tif);
    const b = new Block(bs.id, bs.owner, bs.clientOrderId, bs.side === 'buy', legs, tif, bs.expireAt ?? 0, bs.ts, bs.prio);
    s.blocks.set(b.id, b);
    if (b.id > s.maxId) s.maxId = b.id;
    if (b.clientOrderId !== null) s.clientIds.set(clientKey(b.owner, b.clientOrderId), b.id);
    if (tif === TIF_GFD) s.deadlines.push(b.expireAt, b.id);
  }
}
