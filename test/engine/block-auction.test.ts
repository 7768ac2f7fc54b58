import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src-main/engine';
import { Harness, ofType, spec, trades } from './helpers';

/** A daily auction's quarters: Q0..Q(n-1), consecutive, cleared together. */
function day(n: number): Harness {
  return new Harness(Array.from({ length: n }, (_, i) => spec(`Q${i}`, { mode: 'auction', lotSize: 1 }, i)));
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `Q${i}`);

function block(h: Harness, side: 'buy' | 'sell', price: number, quantity: number, owner: number, quarters: string[]): number {
  const [id] = h.block({ owner, side, legs: quarters.map((productId) => ({ productId, price, quantity })) });
  return id;
}

const order = (h: Harness, productId: string, side: 'buy' | 'sell', price: number, quantity: number, owner: number) =>
  h.limit(side, price, quantity, owner, { productId })[0];

function prices(events: EngineEvent[]): Record<string, number | null> {
  return Object.fromEntries(ofType(events, 'auction').map((e) => [e.productId, e.price]));
}

function accepted(events: EngineEvent[]): number[] {
  return [...new Set(ofType(events, 'auction').flatMap((e) => e.acceptedBlocks))].sort((a, b) => a - b);
}

describe('daily block auction: acceptance', () => {
  it('accepts a block in the money on average although one quarter clears above its price', () => {
    const h = day(2);
    const b = block(h, 'buy', 60, 10, 1, ids(2));
    order(h, 'Q0', 'sell', 20, 10, 2);
    order(h, 'Q1', 'sell', 90, 10, 3);
    const events = h.send({ type: 'auction' });
    expect(prices(events)).toEqual({ Q0: 20, Q1: 90 });
    expect(accepted(events)).toEqual([b]);
    // Filled whole on both quarters, each at its quarter's uniform price.
    expect(trades(events).map((t) => [t.productId, t.price, t.quantity, t.buyOrderId])).toEqual([
      ['Q0', 20, 10, b],
      ['Q1', 90, 10, b],
    ]);
  });

  it('refuses to accept a block whose own volume pushes prices out of its money (no paradoxical acceptance)', () => {
    // Without the block Q0 clears 10 kW at 10 and it would be in the money there (average 40 < 80);
    // with it Q0 must reach the offer at 100 and Q1 clears at 70: average 85 > 80.
    const h = day(2);
    const b = block(h, 'buy', 80, 10, 1, ids(2));
    order(h, 'Q0', 'sell', 10, 10, 2);
    order(h, 'Q0', 'sell', 100, 10, 3);
    order(h, 'Q0', 'buy', 150, 10, 4);
    order(h, 'Q1', 'sell', 70, 10, 5);
    const events = h.send({ type: 'auction' });
    expect(accepted(events)).toEqual([]);
    expect(prices(events)).toEqual({ Q0: 10, Q1: null });
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: b, reason: 'block_rejected' }]);
    // That block is paradoxically rejected: in the money at the final price of Q0, yet out.
    expect(trades(events).every((t) => t.buyOrderId !== b)).toBe(true);
  });

  it('rejects the most out-of-the-money block first, re-clears, and keeps the other', () => {
    // Supply per quarter: 10 @ 10, 10 @ 100. Both blocks: 20 kW of demand, price 100; A (60) is
    // 40 out, B (40) 60 out. B goes; alone, A clears at 10 and is in the money.
    const h = day(2);
    for (const q of ids(2)) {
      order(h, q, 'sell', 10, 10, 2);
      order(h, q, 'sell', 100, 10, 3);
    }
    const a = block(h, 'buy', 60, 10, 1, ids(2));
    const b = block(h, 'buy', 40, 10, 4, ids(2));
    const events = h.send({ type: 'auction' });
    expect(accepted(events)).toEqual([a]);
    expect(prices(events)).toEqual({ Q0: 10, Q1: 10 });
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: b, reason: 'block_rejected' }]);
    // B, in the money at 10, is tried again and refused: with it A would be out of the money again.
    expect(ofType(events, 'auction')[0]!.iterations).toBeGreaterThan(2);
  });

  it('re-admits a block rejected on the way once the block that priced it out is gone', () => {
    // Per quarter: a regular buy of 10 and offers 10 @ 10, 10 @ 50, 100 @ 100. Blocks A (1 kW @ 1000),
    // B (9 kW @ 55), C (1 kW @ 30). All three: 21 kW of demand, price 100; B is furthest out (9 x -45)
    // and goes. A and C: price 50, C out and goes. At 50 B is in the money: re-admitted, A and B
    // clear at 50 and both stay in the money.
    const h = day(2);
    for (const q of ids(2)) {
      order(h, q, 'buy', 1000, 10, 2);
      order(h, q, 'sell', 10, 10, 3);
      order(h, q, 'sell', 50, 10, 3);
      order(h, q, 'sell', 100, 100, 3);
    }
    const a = block(h, 'buy', 1000, 1, 1, ids(2));
    const b = block(h, 'buy', 55, 9, 4, ids(2));
    const c = block(h, 'buy', 30, 1, 5, ids(2));
    const events = h.send({ type: 'auction' });
    expect(accepted(events)).toEqual([a, b]);
    expect(prices(events)).toEqual({ Q0: 50, Q1: 50 });
    expect(ofType(events, 'cancelled')).toMatchObject([{ orderId: c, reason: 'block_rejected' }]);
  });

  it('matches buy and sell blocks against each other at one price per quarter', () => {
    const h = day(3);
    const buyer = block(h, 'buy', 70, 8, 1, ids(3));
    const seller = block(h, 'sell', 50, 8, 2, ids(3));
    const events = h.send({ type: 'auction', referencePrices: { Q0: 60, Q1: 60, Q2: 60 } });
    expect(accepted(events)).toEqual([buyer, seller]);
    expect(prices(events)).toEqual({ Q0: 60, Q1: 60, Q2: 60 });
    expect(trades(events)).toHaveLength(3);
  });
});

interface Scenario {
  quarters: number;
  orders: Array<{ q: number; buy: boolean; price: number; qty: number }>;
  blocks: Array<{ from: number; len: number; buy: boolean; price: number; qty: number }>;
}

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 2, max: 4 }).chain((quarters) =>
  fc.record({
    quarters: fc.constant(quarters),
    orders: fc.array(
      fc.record({ q: fc.integer({ min: 0, max: quarters - 1 }), buy: fc.boolean(), price: fc.integer({ min: -20, max: 120 }), qty: fc.integer({ min: 1, max: 30 }) }),
      { maxLength: 14 },
    ),
    blocks: fc.array(
      fc.record({ from: fc.integer({ min: 0, max: quarters - 2 }), len: fc.integer({ min: 2, max: quarters }), buy: fc.boolean(), price: fc.integer({ min: -20, max: 120 }), qty: fc.integer({ min: 1, max: 20 }) }),
      { maxLength: 6 },
    ),
  }),
);

describe('daily block auction: properties', () => {
  it('no accepted block is out of the money, every block ends, and each quarter clears at one price', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const h = day(sc.quarters);
        const all = ids(sc.quarters);
        const orders = new Map<number, { buy: boolean; price: number; productId: string }>();
        for (const o of sc.orders) {
          const productId = all[o.q]!;
          orders.set(order(h, productId, o.buy ? 'buy' : 'sell', o.price, o.qty, 10 + orders.size), { buy: o.buy, price: o.price, productId });
        }
        const blocks = new Map<number, { buy: boolean; price: number; qty: number; legs: string[] }>();
        for (const b of sc.blocks) {
          const legs = all.slice(b.from, Math.min(sc.quarters, b.from + b.len));
          if (legs.length < 2) continue;
          blocks.set(block(h, b.buy ? 'buy' : 'sell', b.price, b.qty, 100 + blocks.size, legs), { buy: b.buy, price: b.price, qty: b.qty, legs });
        }
        const events = h.send({ type: 'auction' });
        const price = prices(events);
        const volume = Object.fromEntries(ofType(events, 'auction').map((e) => [e.productId, e.volume]));
        const ok = new Set(accepted(events));
        const rejected = new Set(ofType(events, 'cancelled').filter((e) => e.reason === 'block_rejected').map((e) => e.orderId));
        for (const [id, b] of blocks) {
          // Every block leaves: accepted or rejected, never still waiting.
          expect(ok.has(id) !== rejected.has(id)).toBe(true);
          expect(h.engine.block(id)).toBeNull();
          if (!ok.has(id)) continue;
          let surplus = 0;
          for (const leg of b.legs) {
            const P = price[leg]!;
            expect(P).not.toBeNull();
            const filled = trades(events).filter((t) => t.productId === leg && (b.buy ? t.buyOrderId : t.sellOrderId) === id).reduce((n, t) => n + t.quantity, 0);
            expect(filled).toBe(b.qty);
            surplus += b.qty * (b.buy ? b.price - P : P - b.price);
          }
          expect(surplus).toBeGreaterThanOrEqual(0);
        }
        for (const q of all) {
          const inQ = trades(events).filter((t) => t.productId === q);
          // One price per quarter; what trades is the cleared volume (buys = sells by construction of a trade).
          for (const t of inQ) expect(t.price).toBe(price[q]);
          expect(inQ.reduce((n, t) => n + t.quantity, 0)).toBe(price[q] === null ? 0 : volume[q]);
          // No regular order trades against its limit.
          for (const t of inQ) {
            const buyer = orders.get(t.buyOrderId);
            const seller = orders.get(t.sellOrderId);
            if (buyer) expect(buyer.price).toBeGreaterThanOrEqual(t.price);
            if (seller) expect(seller.price).toBeLessThanOrEqual(t.price);
          }
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
