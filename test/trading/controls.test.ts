import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

async function openHour(client: Client, now: number, skip = 0): Promise<ProductView> {
  const products = await client.ok('trading.products.list', {});
  const product = products.filter((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000)[skip];
  if (!product) throw new Error('no open hourly product');
  return product;
}

describe('order controls', () => {
  it('keeps time priority when the quantity goes down and loses it when the price changes', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const b = await withUser(harness, admin, 'ben', 'trader');
    const c = await withUser(harness, admin, 'cleo', 'trader');
    const product = await openHour(admin, harness.clock.now());
    const first = await a.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_000, quantity: 500 });
    const second = await b.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_000, quantity: 500 });
    expect(await a.ok('trading.orders.modify', { orderId: first.id, quantity: 300 })).toMatchObject({ remaining: 300 });
    await c.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 100 });
    expect((await a.ok('trading.orders.list', {}))[0]).toMatchObject({ id: first.id, filled: 100 });
    // A price change sends Anna's order to the back of the queue.
    await a.ok('trading.orders.modify', { orderId: first.id, price: 5_900 });
    await a.ok('trading.orders.modify', { orderId: first.id, price: 6_000 });
    await c.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 100 });
    expect((await b.ok('trading.orders.list', {}))[0]).toMatchObject({ id: second.id, filled: 100 });
  });

  it('refuses to modify someone else\'s order', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const product = await openHour(admin, harness.clock.now());
    const order = await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_000, quantity: 500 });
    expect(await a.call('trading.orders.modify', { orderId: order.id, price: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('cancels all of the caller\'s orders in one product, and only those', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const first = await openHour(admin, harness.clock.now(), 0);
    const other = await openHour(admin, harness.clock.now(), 1);
    await a.ok('trading.orders.place', { productId: first.id, side: 'buy', price: 100, quantity: 100 });
    await a.ok('trading.orders.place', { productId: first.id, side: 'buy', price: 200, quantity: 100 });
    await a.ok('trading.orders.place', { productId: other.id, side: 'buy', price: 100, quantity: 100 });
    const theirs = await admin.ok('trading.orders.place', { productId: first.id, side: 'buy', price: 100, quantity: 100 });
    expect(await a.ok('trading.orders.cancelAll', { productId: first.id })).toEqual({ cancelled: 2 });
    const left = (await a.ok('trading.orders.list', {})).filter((o) => o.status === 'working');
    expect(left.map((o) => o.productId)).toEqual([other.id]);
    expect((await admin.ok('trading.orders.list', {})).find((o) => o.id === theirs.id)?.status).toBe('working');
  });

  it('cancels one side of a product, answers with the count and audits the scope', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const product = await openHour(admin, harness.clock.now());
    await a.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 });
    await a.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 90, quantity: 100 });
    const ask = await a.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 9_000, quantity: 100 });
    expect(await a.ok('trading.orders.cancelAll', { productId: product.id, side: 'buy' })).toEqual({ cancelled: 2 });
    const left = (await a.ok('trading.orders.list', {})).filter((o) => o.status === 'working');
    expect(left.map((o) => o.id)).toEqual([ask.id]);
    const entry = (await admin.ok('audit.list', {})).find((e) => e.type === 'order.cancel_all');
    expect(entry).toMatchObject({ actor: 'anna', payload: { productId: product.id, side: 'buy', cancelled: 2 } });
  });

  it('cancels the caller\'s whole book across products when no product is named', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const first = await openHour(admin, harness.clock.now(), 0);
    const other = await openHour(admin, harness.clock.now(), 1);
    await a.ok('trading.orders.place', { productId: first.id, side: 'buy', price: 100, quantity: 100 });
    await a.ok('trading.orders.place', { productId: other.id, side: 'sell', price: 9_000, quantity: 100 });
    const theirs = await admin.ok('trading.orders.place', { productId: first.id, side: 'buy', price: 100, quantity: 100 });
    expect(await a.ok('trading.orders.cancelAll', {})).toEqual({ cancelled: 2 });
    expect((await a.ok('trading.orders.list', {})).filter((o) => o.status === 'working')).toEqual([]);
    expect((await admin.ok('trading.orders.list', {})).find((o) => o.id === theirs.id)?.status).toBe('working');
  });

  it('halts the whole market for new orders until resumed', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const product = await openHour(admin, harness.clock.now());
    await admin.ok('trading.halt', {});
    expect(a.eventsOf('trading.halted')).toEqual([{ halted: true }]);
    expect(await a.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 })).toMatchObject({
      ok: false,
      error: { code: 'REJECTED', reason: 'HALTED' },
    });
    await admin.ok('trading.resume', {});
    expect(await a.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 })).toMatchObject({ ok: true });
  });

  it('refuses a trader halting the market', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    expect(await a.call('trading.halt', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('kill switch cancels everything of the user at once and refuses new orders until a risk manager releases it', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    const risk = await withUser(harness, admin, 'rita', 'risk_manager');
    const product = await openHour(admin, harness.clock.now());
    await a.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 });
    await a.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 900, quantity: 100 });
    expect(await a.ok('risk.killSwitch', { active: true })).toMatchObject({ active: true, cancelled: 2 });
    expect(await a.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 })).toMatchObject({
      ok: false,
      error: { reason: 'KILL_SWITCH' },
    });
    expect(await a.call('risk.killSwitch', { active: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const anna = (await admin.ok('auth.users.list', {})).find((u) => u.username === 'anna')!;
    expect(await risk.ok('risk.killSwitch', { userId: anna.id, active: false })).toMatchObject({ active: false });
    expect(await a.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 })).toMatchObject({ ok: true });
  });

  it('refuses a trader switching off another trader', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const a = await withUser(harness, admin, 'anna', 'trader');
    await withUser(harness, admin, 'ben', 'trader');
    const ben = (await admin.ok('auth.users.list', {})).find((u) => u.username === 'ben')!;
    expect(await a.call('risk.killSwitch', { userId: ben.id, active: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
