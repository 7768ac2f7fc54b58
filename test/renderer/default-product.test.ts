import { describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { defaultProduct } from '../../src-renderer/src/features/trading/default-product';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// 2026-12-04 14:00 CET.
const T14 = Date.UTC(2026, 11, 4, 13);

function product(kind: ProductView['kind'], start: number, end: number): ProductView {
  return {
    id: `DE-${kind}-${start}`,
    area: 'DE',
    kind,
    blockName: '',
    deliveryStart: start,
    deliveryEnd: end,
    openAt: start - 24 * HOUR,
    gateClosure: start - 5 * MINUTE,
    tickSize: 1,
    lotSize: 100,
    minPrice: -50_000,
    maxPrice: 400_000,
    maxQuantity: 100_000,
    mode: 'continuous',
  };
}

const day = [
  product('quarter', T14, T14 + 15 * MINUTE),
  product('hour', T14, T14 + HOUR),
  product('quarter', T14 + HOUR, T14 + HOUR + 15 * MINUTE),
  product('hour', T14 + HOUR, T14 + 2 * HOUR),
];

describe('the product a fresh terminal opens on', () => {
  it('is the next hourly product when its gate is minutes away', () => {
    expect(defaultProduct(day, T14 - 20 * MINUTE)?.id).toBe(day[1]!.id);
  });

  it('skips an hour whose gate closes within two minutes, for the next one', () => {
    expect(defaultProduct(day, T14 - 5 * MINUTE - 90_000)?.id).toBe(day[3]!.id);
  });

  it('takes a product close to its gate when it is the only one still open', () => {
    const only = [day[1]!];
    expect(defaultProduct(only, T14 - 5 * MINUTE - 30_000)?.id).toBe(day[1]!.id);
  });

  it('is none when every gate has passed', () => {
    expect(defaultProduct(day, T14 + 2 * HOUR)).toBeUndefined();
  });
});
