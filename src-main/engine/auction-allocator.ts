import { type Ladder, proRataShare } from './auction-price';
import type { Order } from './order';
import type { Product } from './product';

/**
 * One side in fill order: best price first, queue order within a price, block legs after the queue.
 * Levels before the marginal one fill whole; the marginal one is shared pro rata. Each order is
 * allocated as the walk reaches it, so it is touched while it is in cache.
 */
export class Allocator {
  private readonly prices: number[];
  private readonly at: number[];
  private x: number;
  private cum = 0;
  private next: Order | null = null;
  private full = true;
  /** Active block legs of this side, best price first, then time priority. */
  private readonly legs: Order[];
  private legAt = 0;
  private legsFrom = 0;
  private legsTo = 0;

  /**
   * `blockLegs`: the accepted block legs of this side; `acceptedAon`: the all-or-none orders the
   * auction accepted (the others get nothing). P and V: the clearing price and volume.
   */
  constructor(
    private readonly p: Product,
    private readonly ladder: Ladder,
    blockLegs: Order[],
    private readonly acceptedAon: ReadonlySet<Order>,
    private readonly buy: boolean,
    private readonly P: number,
    private readonly V: number,
  ) {
    this.prices = ladder.prices;
    this.at = buy ? ladder.buyAt : ladder.sellAt;
    this.x = buy ? this.prices.length : -1;
    this.legs = blockLegs.sort((a, b) => (a.price === b.price ? a.prio - b.prio : buy ? b.price - a.price : a.price - b.price));
  }

  /** The next order with something allocated (its `alloc` set), or null when the side is done. */
  take(): Order | null {
    for (;;) {
      while (this.next !== null) {
        const o = this.next;
        this.next = o.next;
        if (this.full) o.alloc = o.aon && !this.acceptedAon.has(o) ? 0 : o.remaining;
        if (o.alloc > 0) return o;
      }
      if (this.legsFrom < this.legsTo) {
        const o = this.legs[this.legsFrom++]!;
        o.alloc = o.remaining;
        return o;
      }
      if (!this.enterLevel()) return null;
    }
  }

  private enterLevel(): boolean {
    const { prices, at, P, V } = this;
    while (this.cum < V) {
      this.x += this.buy ? -1 : 1;
      const price = prices[this.x];
      if (price === undefined || (this.buy ? price < P : price > P)) return false;
      const total = at[this.x]!;
      if (total === 0) continue;
      const side = this.buy ? this.p.bids : this.p.asks;
      const i = side.find(price);
      const level = i >= 0 ? side.levels[i]! : null;
      this.next = level === null ? null : level.head;
      this.legsFrom = this.legAt;
      while (this.legAt < this.legs.length && this.legs[this.legAt]!.price === price) this.legAt++;
      this.legsTo = this.legAt;
      if (this.cum + total <= V) {
        this.full = true;
        this.cum += total;
        return true;
      }
      // The marginal level. Units here were dropped by the acceptance loop (they would not fill
      // whole), so the share goes to regular orders only.
      this.full = false;
      this.legsTo = this.legsFrom;
      const rest = V - this.cum;
      this.cum = V;
      if (level === null) return true;
      const regular = level.qty;
      const lot = this.p.lot;
      let given = 0;
      for (let o = level.head; o !== null; o = o.next) {
        o.alloc = o.aon ? 0 : proRataShare(rest, o.remaining, regular, lot);
        given += o.alloc;
      }
      // Each order lost less than one lot to rounding, so one more lot each in time priority covers the rest.
      for (let o = level.head; o !== null && given < rest; o = o.next) {
        if (o.aon || o.alloc >= o.remaining) continue;
        o.alloc += lot;
        given += lot;
      }
      return true;
    }
    return false;
  }
}
