import { afterEach, describe, expect, it } from 'vitest';
import type { OrderView } from '../../src-shared/domain/schemas';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe('blotter projection', () => {
  it('pushes each touched order exactly as it is stored, after fills, partial fills, modifies and cancels in one batch', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    const product = (await admin.ok('trading.products.list', {})).find((p) => p.kind === 'hour' && p.gateClosure > harness.clock.now() + 3_600_000)!;
    const resting = await Promise.all([5_000, 5_010, 5_020].map((price) => admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price, quantity: 1_000 })));
    harness.clock.advance(1_000);
    await Promise.all([
      tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_010, quantity: 1_500 }),
      admin.ok('trading.orders.modify', { orderId: resting[2]!.id, price: 5_030 }),
      tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 4_900, quantity: 700 }).then((o) => tom.ok('trading.orders.cancel', { orderId: o.id })),
    ]);
    const latest = new Map<number, OrderView>();
    for (const client of [admin, tom]) for (const order of client.eventsOf('trading.order')) latest.set(order.id, order);
    const stored = await admin.ok('trading.orders.list', { scope: 'all', limit: 100 });
    expect(stored).toHaveLength(5);
    for (const order of stored) expect(latest.get(order.id)).toEqual(order);
    expect(stored.find((o) => o.id === resting[1]!.id)).toMatchObject({ status: 'partially_filled', filled: 500, remaining: 500 });
  });
});
