import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, type Harness, withStore } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

interface SnapshotFacts {
  commandCount: number;
  resting: number;
}

/** The two snapshots the journal keeps, newest first. */
function lastSnapshots(h: Harness): SnapshotFacts[] {
  const rows = withStore(h, (db) => db.prepare('SELECT state FROM engine_snapshots ORDER BY seq DESC LIMIT 2').all() as Array<{ state: string }>);
  return rows.map((row) => {
    const { commandCount, state } = JSON.parse(row.state) as { commandCount: number; state: { products: Array<{ bids: unknown[]; asks: unknown[] }> } };
    return { commandCount, resting: state.products.reduce((n, p) => n + p.bids.length + p.asks.length, 0) };
  });
}

describe('book snapshots', () => {
  it('wait as many commands as the last snapshot held orders, and a restart still rebuilds every order', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const product = (await admin.ok('trading.products.list', {})).find((p) => p.kind === 'hour' && p.gateClosure > harness.clock.now() + 3_600_000)!;
    const ORDERS = 7_000;
    for (let sent = 0; sent < ORDERS; sent += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => admin.ok('trading.orders.place', { productId: product.id, side: 'buy', price: -900_000 + sent + i, quantity: 100 })),
      );
    }
    // A fixed interval would snapshot every 2,000 commands; once a snapshot holds more orders than
    // that, the next one waits as many commands as it held (however many commands the start-up took).
    const [newest, previous] = lastSnapshots(harness) as [SnapshotFacts, SnapshotFacts];
    expect(previous.resting).toBeGreaterThan(2_000);
    expect(newest.commandCount - previous.commandCount).toBeGreaterThanOrEqual(previous.resting);

    const dataDir = harness.dataDir;
    harness.close();
    harness = openHarness(dataDir);
    const back = harness.connect();
    await back.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    // The newest orders came after the last snapshot: they are back through the journal's replay.
    const book = await back.ok('trading.book.get', { productId: product.id, depth: 100 });
    expect(book.bids.map((level) => level.price)).toEqual(Array.from({ length: 100 }, (_, i) => -900_000 + ORDERS - 1 - i));
    const working = await back.ok('trading.orders.list', { scope: 'all', limit: 100_000 });
    expect(working.filter((o) => o.status === 'working')).toHaveLength(ORDERS);
  }, 60_000);
});
