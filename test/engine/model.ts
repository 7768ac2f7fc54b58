import type { EngineEvent, MatchingEngine } from '../../src-main/engine';

interface Tracked {
  buy: boolean;
  limit: number;
  entered: number;
  remaining: number;
  filled: number;
  ended: number;
  live: boolean;
  block: boolean;
}

/**
 * Follows the event stream and checks, event by event, what must always hold: every trade is
 * within both limits and names the right remaining quantities; every order's entered quantity
 * equals filled + open + cancelled/expired; an order ends with exactly its open quantity.
 */
export class Model {
  readonly orders = new Map<string, Tracked>();
  trades = 0;

  private key(id: number, leg: number | null): string {
    return leg === null ? String(id) : `${id}:${leg}`;
  }

  private get(key: string): Tracked {
    const t = this.orders.get(key);
    if (t === undefined) throw new Error(`event names unknown order ${key}`);
    return t;
  }

  private check(t: Tracked, key: string): void {
    if (t.filled + t.remaining + t.ended !== t.entered) throw new Error(`order ${key}: filled ${t.filled} + open ${t.remaining} + ended ${t.ended} ≠ entered ${t.entered}`);
    if (t.remaining < 0) throw new Error(`order ${key}: negative open quantity`);
  }

  private end(key: string, quantity: number): void {
    const t = this.get(key);
    if (!t.live) throw new Error(`order ${key} ended twice`);
    if (quantity !== t.remaining) throw new Error(`order ${key} ended with ${quantity}, open was ${t.remaining}`);
    t.ended += quantity;
    t.remaining = 0;
    t.live = false;
    this.check(t, key);
  }

  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'accepted':
        this.orders.set(this.key(e.orderId, null), {
          buy: e.side === 'buy',
          limit: e.price,
          entered: e.quantity,
          remaining: e.quantity,
          filled: 0,
          ended: 0,
          live: true,
          block: false,
        });
        break;
      case 'blockAccepted':
        e.legs.forEach((l, i) =>
          this.orders.set(this.key(e.orderId, i), {
            buy: e.side === 'buy',
            limit: l.price,
            entered: l.quantity,
            remaining: l.quantity,
            filled: 0,
            ended: 0,
            live: true,
            block: true,
          }),
        );
        break;
      case 'trade': {
        this.trades++;
        if (e.quantity <= 0) throw new Error('empty trade');
        const bk = this.key(e.buyOrderId, e.buyLeg);
        const sk = this.key(e.sellOrderId, e.sellLeg);
        const b = this.get(bk);
        const s = this.get(sk);
        if (!b.buy || s.buy) throw new Error(`trade ${e.tradeId}: sides wrong`);
        // A block leg in an auction (no aggressor) is judged over all its legs, not per leg: see
        // block-auction.test.ts, which checks that every accepted block is in the money on average.
        const auctionBlock = (o: { block?: boolean }): boolean => e.aggressor === null && o.block === true;
        if (e.price > b.limit && !auctionBlock(b)) throw new Error(`trade ${e.tradeId} at ${e.price} above buy limit ${b.limit}`);
        if (e.price < s.limit && !auctionBlock(s)) throw new Error(`trade ${e.tradeId} at ${e.price} below sell limit ${s.limit}`);
        b.remaining -= e.quantity;
        b.filled += e.quantity;
        s.remaining -= e.quantity;
        s.filled += e.quantity;
        if (b.remaining !== e.buyRemaining || s.remaining !== e.sellRemaining) throw new Error(`trade ${e.tradeId}: remaining mismatch`);
        this.check(b, bk);
        this.check(s, sk);
        if (b.remaining === 0) b.live = false;
        if (s.remaining === 0) s.live = false;
        break;
      }
      case 'cancelled':
      case 'expired': {
        if (e.productId === null) {
          let sum = 0;
          for (let i = 0; this.orders.has(this.key(e.orderId, i)); i++) {
            sum += this.get(this.key(e.orderId, i)).remaining;
            this.end(this.key(e.orderId, i), this.get(this.key(e.orderId, i)).remaining);
          }
          if (sum !== e.quantity) throw new Error(`block ${e.orderId} ended with ${e.quantity}, open was ${sum}`);
        } else this.end(this.key(e.orderId, null), e.quantity);
        break;
      }
      case 'modified': {
        const k = this.key(e.orderId, null);
        const t = this.get(k);
        t.entered += e.quantity - t.remaining;
        t.remaining = e.quantity;
        t.limit = e.price;
        this.check(t, k);
        break;
      }
      default:
        break;
    }
  }

  /** The engine's live orders agree with what the events said. */
  verifyAgainst(engine: MatchingEngine): void {
    for (const [key, t] of this.orders) {
      if (t.block) {
        const id = Number(key.split(':')[0]);
        const live = engine.block(id) !== null;
        if (live !== (t.live && t.remaining > 0)) throw new Error(`block ${key}: engine live ${live}, events live ${t.live}`);
        continue;
      }
      const view = engine.order(Number(key));
      const live = t.live && t.remaining > 0;
      if (live && (view === null || view.remaining !== t.remaining)) throw new Error(`order ${key}: events say ${t.remaining} open, engine says ${view?.remaining}`);
      if (!live && view !== null) throw new Error(`order ${key}: events say it ended, the engine still has it`);
    }
  }
}

/** No continuous product shows a bid at or above its best offer. */
export function assertNotCrossed(engine: MatchingEngine): void {
  for (const p of engine.products()) {
    if (p.spec.mode !== 'continuous') continue;
    const book = engine.book(p.spec.id, 1)!;
    const bid = book.bids[0];
    const ask = book.asks[0];
    if (bid !== undefined && ask !== undefined && bid.price >= ask.price) {
      throw new Error(`${p.spec.id} crossed: bid ${bid.price} ≥ ask ${ask.price}`);
    }
  }
}
