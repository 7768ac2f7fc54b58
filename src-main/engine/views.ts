import type { BookSide } from './book';
import { type Block, K_STOP, KIND_NAMES, type Order, S_STOP, TIF_GFD, TIF_NAMES } from './order';
import type { Product } from './product';
import type { BookLevel, BookView } from '../../src-shared/domain/schemas';
import type { BlockView, EngineOrderView } from './api/views';

// Read-only copies for callers: nothing outside the engine ever gets a live (pooled) object.

export function orderView(o: Order): EngineOrderView {
  return {
    orderId: o.id,
    owner: o.owner,
    clientOrderId: o.clientOrderId,
    productId: o.product!.id,
    side: o.buy ? 'buy' : 'sell',
    orderType: KIND_NAMES[o.kind]!,
    tif: TIF_NAMES[o.tif]!,
    price: o.price,
    stopPrice: o.kind >= K_STOP ? o.stopPrice : null,
    quantity: o.quantity,
    remaining: o.remaining,
    visible: o.visible,
    filled: o.filled,
    allOrNone: o.aon,
    expireAt: o.tif === TIF_GFD ? o.expireAt : null,
    status: o.state === S_STOP ? 'pending_trigger' : o.filled > 0 ? 'partially_filled' : 'working',
    ts: o.ts,
  };
}

export function blockView(b: Block): BlockView {
  return {
    orderId: b.id,
    owner: b.owner,
    clientOrderId: b.clientOrderId,
    side: b.buy ? 'buy' : 'sell',
    legs: b.legs.map((l) => ({ productId: l.product.id, price: l.price, quantity: l.quantity })),
    tif: TIF_NAMES[b.tif]!,
    expireAt: b.tif === TIF_GFD ? b.expireAt : null,
    ts: b.ts,
  };
}

function levels(side: BookSide, depth: number, owner: number | null): BookLevel[] {
  const out: BookLevel[] = [];
  const all = side.levels;
  for (let i = all.length - 1; i >= 0 && out.length < depth; i--) {
    const level = all[i]!;
    // A level holding only all-or-none orders shows nothing: they cannot be hit partially.
    if (level.shown === 0) continue;
    let own = 0;
    if (owner !== null) {
      for (let o = level.head; o !== null; o = o.next) if (o.owner === owner && !o.aon) own += o.visible;
    }
    out.push({ price: level.price, quantity: level.qty, orders: level.shown, ownQuantity: own });
  }
  return out;
}

export function bookView(p: Product, depth: number, owner: number | null, seq: number): BookView {
  return { productId: p.id, bids: levels(p.bids, depth, owner), asks: levels(p.asks, depth, owner), lastPrice: p.lastPrice, seq };
}
