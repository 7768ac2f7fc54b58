import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { applyBookDelta, localBook } from '../../src-shared/domain/book-delta';
import { openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

async function openHour(client: Client, now: number): Promise<ProductView> {
  const products = await client.ok('trading.products.list', {});
  const product = products.find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000);
  if (!product) throw new Error('no open hourly product');
  return product;
}

describe('orders through the engine', () => {
  it('lists today and tomorrow: hours, quarters and blocks', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const products = await admin.ok('trading.products.list', {});
    expect(products.filter((p) => p.kind === 'hour')).toHaveLength(48);
    expect(products.filter((p) => p.kind === 'quarter')).toHaveLength(192);
    expect(products.filter((p) => p.kind === 'block').map((p) => p.blockName).sort()).toEqual(['BASE', 'BASE', 'PEAK', 'PEAK']);
  });

  it('acknowledges a limit order at a negative price as working and shows it in the blotter', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    const order = await admin.ok('trading.orders.place', { productId: product.id, side: 'buy', price: -1250, quantity: 1500 });
    expect(order).toMatchObject({ status: 'working', price: -1250, quantity: 1500, remaining: 1500, filled: 0 });
    expect((await admin.ok('trading.orders.list', {})).map((o) => o.id)).toEqual([order.id]);
    expect(admin.eventsOf('trading.order').at(-1)).toMatchObject({ id: order.id, status: 'working' });
  });

  it('matches two users at the resting price and fills both sides', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const product = await openHour(admin, harness.clock.now());
    const resting = await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 8_000, quantity: 1_000 });
    const taker = await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 8_500, quantity: 600 });
    expect(taker).toMatchObject({ status: 'filled', filled: 600, remaining: 0 });
    const trades = await trader.ok('trading.trades.list', {});
    expect(trades).toEqual([expect.objectContaining({ price: 8_000, quantity: 600, ownSide: 'buy' })]);
    const sellerView = (await admin.ok('trading.orders.list', {})).find((o) => o.id === resting.id);
    expect(sellerView).toMatchObject({ status: 'partially_filled', filled: 600, remaining: 400 });
    expect(admin.eventsOf('trading.trade')).toEqual([expect.objectContaining({ ownSide: 'sell', quantity: 600 })]);
  });

  it('publishes a change after a refused order with a seq newer than a book read between them', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const product = await openHour(admin, harness.clock.now());
    await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 8_000, quantity: 1_000 });
    // The engine refuses this one: it changes nothing, so it must not take the seq the next change gets.
    expect(await admin.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 150 })).toMatchObject({ ok: false });
    const snapshot = await trader.ok('trading.book.get', { productId: product.id, depth: 10 });
    const published = trader.eventsOf('trading.book.delta').length;
    await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 8_500, quantity: 600 });
    await new Promise((resolve) => setImmediate(resolve));
    const deltas = trader.eventsOf('trading.book.delta').slice(published).filter((d) => d.productId === product.id);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.seq).toBeGreaterThan(snapshot.seq);
    // A receiver that read the book, then applies what follows, holds the core's book.
    const held = applyBookDelta(localBook(snapshot, 10), deltas[0]!);
    const now = await trader.ok('trading.book.get', { productId: product.id, depth: 10 });
    expect(held).not.toBe('gap');
    expect(held).toMatchObject({ seq: now.seq, asks: [{ price: 8_000, quantity: 400 }], lastPrice: 8_000 });
  });

  it('rejects a quantity off the lot grid with the field named and changes nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    const result = await admin.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 150 });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'BAD_LOT', field: 'quantity' } });
    expect(await admin.ok('trading.orders.list', {})).toEqual([]);
  });

  it('rejects a price outside the band', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    const result = await admin.call('trading.orders.place', { productId: product.id, side: 'buy', price: product.maxPrice + 1, quantity: 100 });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'OUT_OF_BAND', field: 'price' } });
  });

  it('refuses zero, negative, fractional and non-numeric quantities before the engine', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    for (const quantity of [0, -100, 100.5, 'ten', null, Number.NaN]) {
      const result = await admin.raw('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'quantity' } });
    }
    expect(await admin.ok('trading.orders.list', {})).toEqual([]);
  });

  it('rejects an unknown product', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.call('trading.orders.place', { productId: 'DE-H-19990101T0000Z', side: 'buy', price: 100, quantity: 100 });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'UNKNOWN_PRODUCT' } });
  });

  it('refuses a reused client order id', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    await admin.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100, clientOrderId: 'abc' });
    const again = await admin.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100, clientOrderId: 'abc' });
    expect(again).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'DUPLICATE_CLIENT_ID' } });
  });

  it('refuses a viewer placing an order', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const viewer = await withUser(harness, admin, 'vic', 'viewer');
    const product = await openHour(admin, harness.clock.now());
    expect(await viewer.call('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('cancels an own order and refuses to cancel someone else\'s', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const product = await openHour(admin, harness.clock.now());
    const mine = await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 100, quantity: 100 });
    const other = await withUser(harness, admin, 'tina', 'trader');
    expect(await other.call('trading.orders.cancel', { orderId: mine.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await trader.ok('trading.orders.cancel', { orderId: mine.id })).toMatchObject({ status: 'cancelled', remaining: 0 });
    expect(await trader.call('trading.orders.cancel', { orderId: mine.id })).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'NOT_LIVE' } });
  });

  it('expires resting orders at gate closure and tells the owner', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    const order = await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 9_000, quantity: 100 });
    harness.clock.set(product.gateClosure);
    void harness.core.tick('trading');
    expect(admin.eventsOf('trading.order').at(-1)).toMatchObject({ id: order.id, status: 'expired', reason: 'gate_closure' });
    const late = await admin.call('trading.orders.place', { productId: product.id, side: 'sell', price: 9_000, quantity: 100 });
    expect(late).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'GATE_CLOSED' } });
  });

  it('shows the book aggregated by price with the caller\'s own size', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const product = await openHour(admin, harness.clock.now());
    await admin.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 4_000, quantity: 200 });
    await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 4_000, quantity: 300 });
    await trader.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 4_500, quantity: 100 });
    const book = await trader.ok('trading.book.get', { productId: product.id, depth: 5 });
    expect(book.bids).toEqual([{ price: 4_000, quantity: 500, orders: 2, ownQuantity: 300 }]);
    expect(book.asks).toEqual([{ price: 4_500, quantity: 100, orders: 1, ownQuantity: 100 }]);
  });

  it('keeps every acknowledged order and trade across a restart, from snapshot plus journal', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 7_000, quantity: 500 });
    harness.core.checkpoint();
    const trader = await withUser(harness, admin, 'tom', 'trader');
    await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 7_000, quantity: 200 });
    await trader.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_900, quantity: 100 });
    const bookBefore = await admin.ok('trading.book.get', { productId: product.id, depth: 10 });
    const { dataDir, clock } = harness;
    harness.close();

    harness = openHarness(dataDir, clock);
    const again = harness.connect();
    await again.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    const bookAfter = await again.ok('trading.book.get', { productId: product.id, depth: 10 });
    expect({ ...bookAfter, seq: 0 }).toEqual({ ...bookBefore, seq: 0 });
    expect(await again.ok('trading.trades.list', {})).toHaveLength(1);
    // The next trade continues the numbering: nothing is replayed twice.
    const tom = harness.connect();
    await tom.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    await tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 7_000, quantity: 300 });
    expect((await again.ok('trading.trades.list', {})).map((t) => t.id)).toEqual([2, 1]);
  });
});
