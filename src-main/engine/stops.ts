import type { Order } from './order';

/**
 * Untriggered stop orders of one product. Each side is kept sorted so that the next stop to fire
 * sits at the END of its array: buy stops by ascending stop price (a rising price reaches the lowest
 * first), sell stops by descending stop price; equal stop prices fire oldest first.
 */
export class StopBook {
  readonly buys: Order[] = [];
  readonly sells: Order[] = [];

  add(o: Order): void {
    const list = o.buy ? this.buys : this.sells;
    const key = o.buy ? o.stopPrice : -o.stopPrice;
    // Keys descend from index 0 to the end; a new stop goes before the older ones with its key.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = list[mid]!;
      const k = m.buy ? m.stopPrice : -m.stopPrice;
      if (k > key) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, o);
  }

  remove(o: Order): void {
    const list = o.buy ? this.buys : this.sells;
    const i = list.lastIndexOf(o);
    if (i >= 0) list.splice(i, 1);
  }

  /** The next stop that `lastPrice` triggers, taken out of the book; buys are checked first. */
  takeTriggered(lastPrice: number): Order | null {
    const b = this.buys[this.buys.length - 1];
    if (b !== undefined && lastPrice >= b.stopPrice) return this.buys.pop()!;
    const s = this.sells[this.sells.length - 1];
    if (s !== undefined && lastPrice <= s.stopPrice) return this.sells.pop()!;
    return null;
  }

  /** In firing order: buys, then sells. */
  forEach(fn: (o: Order) => void): void {
    for (const o of [...this.buys].reverse()) fn(o);
    for (const o of [...this.sells].reverse()) fn(o);
  }

  get size(): number {
    return this.buys.length + this.sells.length;
  }
}
