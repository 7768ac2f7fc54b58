import { describe, expect, it } from 'vitest';
import { alreadyTrue, crossed, gatesToWarn, type PriceRule } from '../../src-renderer/src/features/alerts/rules';

const above: PriceRule = { id: 'a', productId: 'P', direction: 'above', price: 10_000 };
const below: PriceRule = { ...above, id: 'b', direction: 'below', price: -500 };

describe('price alert rules', () => {
  it('fires when the last price moves up onto or through the level', () => {
    expect([crossed(above, 9_990, 10_000), crossed(above, 9_990, 10_500)]).toEqual([true, true]);
  });

  it('does not fire again while the price stays beyond the level', () => {
    expect(crossed(above, 10_100, 10_200)).toBe(false);
  });

  it('a below rule fires on negative prices crossing down', () => {
    expect([crossed(below, 0, -500), crossed(below, -600, -700), crossed(below, 0, -499)]).toEqual([true, false, false]);
  });
});

describe('gate warnings', () => {
  const now = 1_000_000;
  const gates = [
    { productId: 'soon', gateClosure: now + 4 * 60_000 },
    { productId: 'later', gateClosure: now + 30 * 60_000 },
    { productId: 'past', gateClosure: now - 1 },
  ];

  it('warns only for gates inside the window that are still ahead', () => {
    expect(gatesToWarn(gates, 5, now, new Set()).map((g) => g.productId)).toEqual(['soon']);
  });

  it('warns once per product and never when switched off', () => {
    expect([gatesToWarn(gates, 5, now, new Set(['soon'])), gatesToWarn(gates, null, now, new Set())]).toEqual([[], []]);
  });
});

describe('a price rule set when it is already true', () => {
  it('is true at once when the last price is already at or beyond its level, on either side', () => {
    expect([alreadyTrue(above, 10_000), alreadyTrue(above, 12_000), alreadyTrue(below, -800), alreadyTrue(below, 0), alreadyTrue(above, null)]).toEqual([true, true, true, false, false]);
  });
});
