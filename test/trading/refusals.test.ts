import { afterEach, describe, expect, it } from 'vitest';
import { REFUSALS_KEPT } from '../../src-shared/contract/trading';
import type { ProductView } from '../../src-shared/domain/schemas';
import { ManualClock } from '../../src-main/core/clock';
import { openHarness, T0, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

async function openHour(client: Client, now: number): Promise<ProductView> {
  const products = await client.ok('trading.products.list', {});
  const product = products.find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000);
  if (!product) throw new Error('no open hourly product');
  return product;
}

async function setup() {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const tom = await withUser(harness, admin, 'tom', 'trader');
  const rita = await withUser(harness, admin, 'rita', 'risk_manager');
  const product = await openHour(tom, harness.clock.now());
  return { admin, tom, rita, product };
}

describe('refused orders are kept for the blotter', () => {
  it('keeps an engine refusal with what was asked and its code, reason and field, never the English text', async () => {
    const { tom, product } = await setup();
    const result = await tom.call('trading.orders.place', { productId: product.id, side: 'sell', type: 'iceberg', price: 5_000, quantity: 150, displayQuantity: 100 });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'BAD_LOT' } });
    const [kept, ...rest] = await tom.ok('trading.refusals.list', {});
    expect(rest).toEqual([]);
    expect(kept).toEqual({
      id: kept!.id,
      clientOrderId: null,
      productId: product.id,
      lastProductId: null,
      legs: 0,
      side: 'sell',
      type: 'iceberg',
      timeInForce: 'gtc',
      price: 5_000,
      stopPrice: null,
      quantity: 150,
      displayQuantity: 100,
      allOrNone: false,
      code: 'REJECTED',
      reason: 'BAD_LOT',
      params: null,
      field: 'quantity',
      createdAt: harness.clock.now(),
    });
    // The caller's windows learn of it as it happens.
    expect(tom.eventsOf('trading.order.refused')).toEqual([kept]);
  });

  it("keeps the core's own refusals with their parameters (a risk limit, a reused client id)", async () => {
    const { tom, rita, product } = await setup();
    const tomId = (await tom.ok('risk.cash.balance', {})).userId;
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1_000 } });
    const tooBig = await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 2_000 });
    expect(tooBig.ok).toBe(false);
    await tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 100, clientOrderId: 'x1' });
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 100, clientOrderId: 'x1' });
    const [duplicate, limit] = await tom.ok('trading.refusals.list', {});
    if (tooBig.ok) throw new Error('expected a refusal');
    expect(limit).toMatchObject({ quantity: 2_000, code: 'REJECTED', reason: tooBig.error.reason, params: tooBig.error.params });
    expect(limit!.params).not.toBeNull();
    expect(duplicate).toMatchObject({ clientOrderId: 'x1', reason: 'DUPLICATE_CLIENT_ID', params: { context: 'used', clientOrderId: 'x1' } });
  });

  it('keeps a refused block order with its products', async () => {
    const { tom } = await setup();
    const now = harness.clock.now();
    const quarters = (await tom.ok('trading.auction.products', {})).filter((p) => p.area === 'LM' && p.auctionAt > now + 600_000).sort((a, b) => a.deliveryStart - b.deliveryStart);
    const legs = quarters.slice(0, 4).map((p) => p.id);
    const result = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: legs, price: 5_000, quantity: 10 });
    expect(result).toMatchObject({ ok: false, error: { reason: 'BLOCK_NEEDS_DAILY_AUCTION' } });
    expect((await tom.ok('trading.refusals.list', {}))[0]).toMatchObject({ productId: legs[0], lastProductId: legs[3], legs: 4, allOrNone: true, reason: 'BLOCK_NEEDS_DAILY_AUCTION' });
  });

  it('shows each user only their own refusals', async () => {
    const { tom, rita, product } = await setup();
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 150 });
    expect(await tom.ok('trading.refusals.list', {})).toHaveLength(1);
    expect(await rita.ok('trading.refusals.list', {})).toEqual([]);
    expect(rita.eventsOf('trading.order.refused')).toEqual([]);
  });

  it('audits a refusal once: as the kept refusal when nothing else recorded it, else by the entry that did', async () => {
    const { admin, tom, product } = await setup();
    // Refused before the engine (a client order id used already): the kept refusal is the call's only entry.
    await tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 100, clientOrderId: 'tom-1' });
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 100, clientOrderId: 'tom-1' });
    // Refused by the engine (not a whole lot): the engine's own rejection is the entry.
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 150 });
    const audit = (await admin.ok('audit.list', {})).filter((e) => e.actor === 'tom' && ['order.refused', 'order.rejected', 'refused', 'risk.refused'].includes(e.type));
    expect(audit.map((e) => e.type).sort()).toEqual(['order.refused', 'order.rejected']);
    expect(audit.find((e) => e.type === 'order.refused')).toMatchObject({ payload: { productId: product.id, code: 'REJECTED', reason: 'DUPLICATE_CLIENT_ID' } });
    expect(audit.find((e) => e.type === 'order.rejected')).toMatchObject({ payload: { productId: product.id, reason: 'BAD_LOT' } });
  });

  it(`keeps the last ${REFUSALS_KEPT} per user, newest first`, async () => {
    const { tom, product } = await setup();
    for (let i = 1; i <= REFUSALS_KEPT + 5; i++) {
      await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 100 * i + 50 });
    }
    const kept = await tom.ok('trading.refusals.list', {});
    expect(kept).toHaveLength(REFUSALS_KEPT);
    expect(kept[0]!.quantity).toBe(100 * (REFUSALS_KEPT + 5) + 50);
    expect(kept.at(-1)!.quantity).toBe(100 * 6 + 50);
  });

  it('keeps them when the terminal starts again', async () => {
    const { tom, product } = await setup();
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 150 });
    const before = await tom.ok('trading.refusals.list', {});
    const dataDir = harness.dataDir;
    harness.close();
    harness = openHarness(dataDir, new ManualClock(T0 + 60_000));
    const again = harness.connect();
    await again.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect(await again.ok('trading.refusals.list', {})).toEqual(before);
  });
});
