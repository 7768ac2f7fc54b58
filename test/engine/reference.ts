/**
 * A deliberately naive price-time priority book (arrays, sorting on every match) for one product:
 * the differential oracle for the engine's continuous matching of limit, market, cancel and modify.
 */
export interface RefTrade {
  price: number;
  quantity: number;
  buyOrderId: number;
  sellOrderId: number;
}

interface RefOrder {
  id: number;
  buy: boolean;
  price: number;
  remaining: number;
  time: number;
}

export class ReferenceBook {
  private resting: RefOrder[] = [];
  private clock = 0;

  constructor(
    private readonly minPrice: number,
    private readonly maxPrice: number,
  ) {}

  private match(o: RefOrder): RefTrade[] {
    const out: RefTrade[] = [];
    for (;;) {
      if (o.remaining === 0) break;
      const candidates = this.resting
        .filter((r) => r.buy !== o.buy && (o.buy ? r.price <= o.price : r.price >= o.price))
        .sort((a, b) => (a.price === b.price ? a.time - b.time : o.buy ? a.price - b.price : b.price - a.price));
      const best = candidates[0];
      if (best === undefined) break;
      const q = Math.min(o.remaining, best.remaining);
      o.remaining -= q;
      best.remaining -= q;
      out.push({ price: best.price, quantity: q, buyOrderId: o.buy ? o.id : best.id, sellOrderId: o.buy ? best.id : o.id });
      if (best.remaining === 0) this.resting = this.resting.filter((r) => r !== best);
    }
    return out;
  }

  limit(id: number, buy: boolean, price: number, quantity: number): RefTrade[] {
    const o = { id, buy, price, remaining: quantity, time: this.clock++ };
    const trades = this.match(o);
    if (o.remaining > 0) this.resting.push(o);
    return trades;
  }

  market(id: number, buy: boolean, quantity: number): RefTrade[] {
    return this.match({ id, buy, price: buy ? this.maxPrice : this.minPrice, remaining: quantity, time: this.clock++ });
  }

  cancel(id: number): boolean {
    const before = this.resting.length;
    this.resting = this.resting.filter((r) => r.id !== id);
    return this.resting.length < before;
  }

  /** New open quantity; the same price with less keeps priority, anything else re-enters. */
  modify(id: number, price: number, quantity: number): RefTrade[] | null {
    const o = this.resting.find((r) => r.id === id);
    if (o === undefined) return null;
    if (price === o.price && quantity === o.remaining) return null;
    if (price === o.price && quantity < o.remaining) {
      o.remaining = quantity;
      return [];
    }
    this.resting = this.resting.filter((r) => r !== o);
    return this.limit(id, o.buy, price, quantity);
  }

  has(id: number): boolean {
    return this.resting.some((r) => r.id === id);
  }

  /** Resting quantity per price, bids then asks. */
  depth(): { bids: [number, number][]; asks: [number, number][] } {
    const agg = (buy: boolean): [number, number][] => {
      const m = new Map<number, number>();
      for (const r of this.resting) if (r.buy === buy) m.set(r.price, (m.get(r.price) ?? 0) + r.remaining);
      return [...m.entries()].sort((a, b) => (buy ? b[0] - a[0] : a[0] - b[0]));
    };
    return { bids: agg(true), asks: agg(false) };
  }
}
