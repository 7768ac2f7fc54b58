import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote, rngFor, type QuoteInput, type Quotes } from '../../../src-main/market/simulator';

const BASE: QuoteInput = { fairPrice: 9518, tickSize: 1, lotSize: 100 };

function checkLadder(q: Quotes, input: QuoteInput): void {
  const all = [...q.bids, ...q.asks];
  for (const level of all) {
    expect(Math.abs(level.price % input.tickSize)).toBe(0);
    expect(level.quantity % input.lotSize).toBe(0);
    expect(level.quantity).toBeGreaterThan(0);
  }
  for (let i = 1; i < q.bids.length; i += 1) expect(q.bids[i]!.price).toBeLessThan(q.bids[i - 1]!.price);
  for (let i = 1; i < q.asks.length; i += 1) expect(q.asks[i]!.price).toBeGreaterThan(q.asks[i - 1]!.price);
  if (q.bids[0] && q.asks[0]) expect(q.bids[0].price).toBeLessThan(q.asks[0].price);
}

describe('quote', () => {
  it('rests five levels each side around the fair price by default', () => {
    const { quotes } = quote(BASE, rngFor(1));
    expect(quotes.bids).toHaveLength(5);
    expect(quotes.asks).toHaveLength(5);
    expect(quotes.bids[0]!.price).toBeLessThan(BASE.fairPrice);
    expect(quotes.asks[0]!.price).toBeGreaterThan(BASE.fairPrice);
    checkLadder(quotes, BASE);
  });

  it('keeps prices on the tick grid, sizes on the lot grid and bids below asks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000, max: 400_000 }),
        fc.constantFrom(1, 5, 10, 100),
        fc.constantFrom(100, 500, 1000),
        fc.integer({ min: 0, max: 300 }),
        fc.integer(),
        (fairPrice, tickSize, lotSize, halfSpread, seed) => {
          const input = { fairPrice, tickSize, lotSize, halfSpread };
          checkLadder(quote(input, rngFor(seed)).quotes, input);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never crosses itself even with no spread', () => {
    const input = { ...BASE, fairPrice: 10_000, tickSize: 10, halfSpread: 0, levelStep: 0 };
    for (let seed = 0; seed < 50; seed += 1) checkLadder(quote(input, rngFor(seed)).quotes, input);
  });

  it('is pure: the given generator is not advanced', () => {
    const rng = rngFor(9);
    const first = quote(BASE, rng);
    const second = quote(BASE, rng);
    expect(second.quotes).toEqual(first.quotes);
  });

  it('returns the advanced generator for the next call', () => {
    const first = quote(BASE, rngFor(9));
    const next = quote(BASE, first.rng);
    expect(next.quotes).not.toEqual(first.quotes);
  });

  it('sends crossing orders now and then, at about the configured rate', () => {
    let rng = rngFor(3);
    let count = 0;
    for (let i = 0; i < 2000; i += 1) {
      const result = quote({ ...BASE, aggressiveChance: 0.25 }, rng);
      rng = result.rng;
      for (const order of result.quotes.aggressive) {
        count += 1;
        expect(order.quantity % BASE.lotSize).toBe(0);
        if (order.side === 'buy') expect(order.price).toBeGreaterThanOrEqual(result.quotes.asks[0]!.price);
        else expect(order.price).toBeLessThanOrEqual(result.quotes.bids[0]!.price);
      }
    }
    expect(count).toBeGreaterThan(400);
    expect(count).toBeLessThan(600);
  });

  it('leaves out levels beyond the price limits', () => {
    const { quotes } = quote({ ...BASE, fairPrice: 999_950, maxPrice: 999_999, aggressiveChance: 1 }, rngFor(1));
    expect(quotes.asks.every((l) => l.price <= 999_999)).toBe(true);
    expect(quotes.bids.length).toBe(5);
    expect(quotes.aggressive.every((o) => o.price <= 999_999)).toBe(true);
  });

  it('refuses a tick or lot size that is not a positive integer', () => {
    expect(() => quote({ ...BASE, tickSize: 0.5 }, rngFor(1))).toThrow(RangeError);
    expect(() => quote({ ...BASE, lotSize: 0 }, rngFor(1))).toThrow(RangeError);
    expect(() => quote({ ...BASE, fairPrice: 95.18 }, rngFor(1))).toThrow(RangeError);
  });
});
