import { describe, expect, it } from 'vitest';
import { productsOfDay } from '../../../src-main/market/products';
import { MarketSimulator } from '../../../src-main/market/simulator';

const ORIGIN = Date.UTC(2026, 10, 22, 23, 0); // 2026-11-23 00:00 Berlin
const HOUR = 3_600_000;
const Q = 15 * 60_000;

function hour(startMs: number) {
  return { deliveryStart: startMs, deliveryEnd: startMs + HOUR };
}

function sim(seed = 1): MarketSimulator {
  return new MarketSimulator({ seed, originUtcMs: ORIGIN });
}

describe('MarketSimulator', () => {
  it('answers the same for the same seed, whatever the order of questions', () => {
    const a = sim();
    const b = sim();
    const late = hour(ORIGIN + 40 * HOUR);
    const early = hour(ORIGIN + 3 * HOUR);
    const now = ORIGIN - 5 * HOUR;
    const fromA = [a.fairPrice(late, now), a.fairPrice(early, now)];
    const fromB = [b.fairPrice(early, now), b.fairPrice(late, now)].reverse();
    expect(fromA).toEqual(fromB);
  });

  it('answers differently for a different seed', () => {
    const prices = (s: MarketSimulator) => Array.from({ length: 24 }, (_, h) => s.deliveryPrice(hour(ORIGIN + h * HOUR)));
    expect(prices(sim(1))).not.toEqual(prices(sim(2)));
  });

  it('equals the delivery price once every quarter of the product has started', () => {
    const s = sim();
    const product = hour(ORIGIN + 30 * HOUR);
    const quarter = { deliveryStart: product.deliveryStart, deliveryEnd: product.deliveryStart + Q };
    expect(s.fairPrice(quarter, quarter.deliveryStart)).toBe(s.deliveryPrice(quarter));
    expect(s.fairPrice(product, product.deliveryEnd - Q)).toBe(s.deliveryPrice(product));
    expect(s.fairPrice(product, product.deliveryEnd + HOUR)).toBe(s.deliveryPrice(product));
  });

  it('prices an hour as the mean of its four quarters', () => {
    const s = sim();
    const now = ORIGIN + 2 * HOUR;
    for (let h = 6; h < 30; h += 1) {
      const start = ORIGIN + h * HOUR;
      const quarters = [0, 1, 2, 3].map((i) => s.fairPrice({ deliveryStart: start + i * Q, deliveryEnd: start + (i + 1) * Q }, now));
      const mean = quarters.reduce((a, b) => a + b, 0) / 4;
      expect(Math.abs(s.fairPrice(hour(start), now) - mean)).toBeLessThanOrEqual(1);
    }
  });

  it('is less sure far from delivery than close to it', () => {
    const s = sim(5);
    let far = 0;
    let near = 0;
    for (let h = 48; h < 48 + 24 * 20; h += 1) {
      const product = hour(ORIGIN + h * HOUR);
      const final = s.deliveryPrice(product);
      far += Math.abs(s.fairPrice(product, product.deliveryStart - 30 * HOUR) - final);
      near += Math.abs(s.fairPrice(product, product.deliveryStart - HOUR / 2) - final);
    }
    expect(near).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(3 * near);
  });

  it('moves smoothly as time passes', () => {
    const s = sim();
    const product = hour(ORIGIN + 36 * HOUR);
    let previous = s.fairPrice(product, ORIGIN);
    for (let now = ORIGIN + 1000; now < ORIGIN + 10 * 60_000; now += 1000) {
      const next = s.fairPrice(product, now);
      expect(Math.abs(next - previous)).toBeLessThan(100); // under 1 €/MWh per second
      previous = next;
    }
  });

  it('prices every product of a delivery day, blocks consistent with their hours', () => {
    const s = sim();
    const products = productsOfDay('2026-11-24');
    const now = ORIGIN + 14 * HOUR;
    const prices = new Map(products.map((p) => [p.id, s.fairPrice(p, now)]));
    expect([...prices.values()].every(Number.isSafeInteger)).toBe(true);
    const hours = products.filter((p) => p.kind === 'hour');
    const base = products.find((p) => p.blockName === 'BASE')!;
    const hourMean = hours.reduce((a, p) => a + prices.get(p.id)!, 0) / hours.length;
    expect(Math.abs(prices.get(base.id)! - hourMean)).toBeLessThanOrEqual(1);
  });

  it('refuses deliveries before its origin or off the quarter-hour grid', () => {
    const s = sim();
    expect(() => s.deliveryPrice(hour(ORIGIN - HOUR))).toThrow(RangeError);
    expect(() => s.deliveryPrice({ deliveryStart: ORIGIN + 60_000, deliveryEnd: ORIGIN + HOUR })).toThrow(RangeError);
    expect(() => s.deliveryPrice({ deliveryStart: ORIGIN + HOUR, deliveryEnd: ORIGIN + HOUR })).toThrow(RangeError);
  });
});
