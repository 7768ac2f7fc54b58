import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, withUser, type Harness, withStore } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe('a group commit that cannot be stored', () => {
  it('fails every order of the batch clearly, leaves no trace of them and rebuilds the books from disk', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    const products = await admin.ok('trading.products.list', {});
    const product = products.find((p) => p.kind === 'hour' && p.gateClosure > harness.clock.now() + 3_600_000)!;
    const before = await admin.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 6_000, quantity: 1_000 });

    // A real write failure in the middle of a batch: SQLite refuses the third order's blotter row.
    withStore(harness, (db) => db.exec(`CREATE TRIGGER refuse_700 BEFORE INSERT ON orders WHEN NEW.quantity = 700 BEGIN SELECT RAISE(ABORT, 'disk says no'); END`));
    const batch = await Promise.all([
      tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 500 }),
      admin.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 300 }),
      tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_500, quantity: 700 }),
      admin.call('trading.orders.place', { productId: product.id, side: 'sell', price: 7_000, quantity: 200 }),
    ]);
    for (const result of batch) {
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/could not store .* did not take effect/) } });
    }
    withStore(harness, (db) => db.exec('DROP TRIGGER refuse_700'));

    // Nothing of the batch is on disk or in the rebuilt books: the first trade never happened.
    const orders = await admin.ok('trading.orders.list', { scope: 'all', limit: 100 });
    expect(orders.map((o) => o.id)).toEqual([before.id]);
    expect(orders[0]).toMatchObject({ status: 'working', remaining: 1_000 });
    expect(await tom.ok('trading.trades.list', {})).toEqual([]);
    const book = await admin.ok('trading.book.get', { productId: product.id, depth: 10 });
    expect(book.bids).toEqual([]);
    expect(book.asks).toEqual([expect.objectContaining({ price: 6_000, quantity: 1_000 })]);

    // And the terminal goes on: the same order now trades, and survives a restart once.
    const again = await tom.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 500 });
    expect(again).toMatchObject({ status: 'filled', filled: 500 });
    const dataDir = harness.dataDir;
    harness.close();
    harness = openHarness(dataDir);
    const back = harness.connect();
    await back.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect((await back.ok('trading.trades.list', {})).map((t) => t.quantity)).toEqual([500]);
    const after = await back.ok('trading.book.get', { productId: product.id, depth: 10 });
    expect(after.asks).toEqual([expect.objectContaining({ price: 6_000, quantity: 500 })]);
  });
});
