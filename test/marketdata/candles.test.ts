import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, removeDir, T0, withAdmin, withUser, type Client, type Harness, withStore } from '../helpers/core';

/** Today 12:00–13:00 Berlin: open for trading at T0 (10:00 Berlin), gate at 11:55. */
const PRODUCT = 'DE-H-20261123T1100Z';
const MIN = 60_000;

let harness: Harness | undefined;
const dirs: string[] = [];

afterEach(() => {
  harness?.close();
  harness = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** The seller rests, the buyer crosses: one trade at `price` for `quantity`, at clock time `at`. */
async function trade(h: Harness, buyer: Client, seller: Client, at: number, price: number, quantity: number): Promise<void> {
  h.clock.set(at);
  await seller.ok('trading.orders.place', { productId: PRODUCT, side: 'sell', price, quantity });
  await buyer.ok('trading.orders.place', { productId: PRODUCT, side: 'buy', price, quantity });
}

async function setUp(): Promise<{ h: Harness; admin: Client; alice: Client; bob: Client }> {
  const h = openHarness();
  dirs.push(h.dataDir);
  const admin = await withAdmin(h);
  const alice = await withUser(h, admin, 'alice', 'trader');
  const bob = await withUser(h, admin, 'bob', 'trader');
  return { h, admin, alice, bob };
}

describe('candles from the engine’s trades', () => {
  it('match a hand-computed example at every resolution, and an idle minute stays a gap', async () => {
    const { h, alice, bob } = await setUp();
    harness = h;
    await trade(h, alice, bob, T0 + 10_000, 5_000, 100);
    await trade(h, alice, bob, T0 + 40_000, 5_100, 200);
    await trade(h, alice, bob, T0 + MIN + 5_000, 4_900, 100);
    // Nothing trades in the minute T0+2m.
    await trade(h, alice, bob, T0 + 3 * MIN + 30_000, 5_200, 300);

    const oneMinute = await alice.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m' });
    expect(oneMinute.candles).toEqual([
      { start: T0, open: 5_000, high: 5_100, low: 5_000, close: 5_100, volume: 300, trades: 2 },
      { start: T0 + MIN, open: 4_900, high: 4_900, low: 4_900, close: 4_900, volume: 100, trades: 1 },
      { start: T0 + 3 * MIN, open: 5_200, high: 5_200, low: 5_200, close: 5_200, volume: 300, trades: 1 },
    ]);
    const whole = { open: 5_000, high: 5_200, low: 4_900, close: 5_200, volume: 700, trades: 4 };
    for (const resolution of ['5m', '15m', '30m', '1h'] as const) {
      const series = await alice.ok('marketdata.candles', { productId: PRODUCT, resolution });
      expect(series.candles).toEqual([{ start: T0, ...whole }]);
    }
    const day = await alice.ok('marketdata.candles', { productId: PRODUCT, resolution: '1d' });
    // The Berlin day of 2026-11-23 starts at 23:00 UTC the day before.
    expect(day.candles).toEqual([{ start: Date.UTC(2026, 10, 22, 23), ...whole }]);

    const ranged = await alice.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m', from: T0 + MIN, to: T0 + 3 * MIN });
    expect(ranged.candles.map((c) => c.start)).toEqual([T0 + MIN]);

    const live = alice.eventsOf('marketdata.candle').filter((e) => e.resolution === '1m');
    expect(live.at(-1)).toEqual({ productId: PRODUCT, resolution: '1m', source: 'trades', candle: oneMinute.candles[2] });
  });

  it('continue from the stored candles after a restart, without counting a trade twice', async () => {
    const { h, alice, bob } = await setUp();
    await trade(h, alice, bob, T0 + 10_000, 5_000, 100);
    await trade(h, alice, bob, T0 + 20_000, 5_300, 100);
    h.close();

    harness = openHarness(h.dataDir, h.clock);
    const alice2 = harness.connect();
    await alice2.ok('auth.login', { username: 'alice', password: 'alice-password-123' });
    const bob2 = harness.connect();
    await bob2.ok('auth.login', { username: 'bob', password: 'bob-password-123' });
    const before = await alice2.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m' });
    expect(before.candles).toEqual([{ start: T0, open: 5_000, high: 5_300, low: 5_000, close: 5_300, volume: 200, trades: 2 }]);

    await trade(harness, alice2, bob2, T0 + 50_000, 4_800, 100);
    const after = await alice2.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m' });
    expect(after.candles).toEqual([{ start: T0, open: 5_000, high: 5_300, low: 4_800, close: 4_800, volume: 300, trades: 3 }]);
  });

  it('folds trades stored while the service was behind when the terminal starts', async () => {
    const { h, alice, bob } = await setUp();
    await trade(h, alice, bob, T0 + 10_000, 5_000, 100);
    await trade(h, alice, bob, T0 + 70_000, 5_100, 100);
    // As if the terminal stopped after the second trade's commit but before its candles were written.
    withStore(h, (db) => {
      db.prepare('DELETE FROM md_candles').run();
      db.prepare('DELETE FROM md_stats').run();
      db.prepare("INSERT INTO md_state (key, value) VALUES ('candles.cursor', '0') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    });
    h.close();

    harness = openHarness(h.dataDir, h.clock);
    const viewer = harness.connect();
    await viewer.ok('auth.login', { username: 'alice', password: 'alice-password-123' });
    const series = await viewer.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m' });
    expect(series.candles).toEqual([
      { start: T0, open: 5_000, high: 5_000, low: 5_000, close: 5_000, volume: 100, trades: 1 },
      { start: T0 + MIN, open: 5_100, high: 5_100, low: 5_100, close: 5_100, volume: 100, trades: 1 },
    ]);
  });
});

describe('watchlist and time & sales', () => {
  it('shows each user their own net position, matching their trades', async () => {
    const { h, alice, bob } = await setUp();
    harness = h;
    await trade(h, alice, bob, T0 + 1_000, 5_000, 300);
    await trade(h, bob, alice, T0 + 2_000, 5_050, 100);

    const aliceTrades = await alice.ok('trading.trades.list', {});
    const expected = aliceTrades.reduce((sum, t) => sum + (t.ownSide === 'buy' ? t.quantity : -t.quantity), 0);
    expect(expected).toBe(200);
    const aliceRow = (await alice.ok('marketdata.watchlist', {})).find((r) => r.productId === PRODUCT);
    const bobRow = (await bob.ok('marketdata.watchlist', {})).find((r) => r.productId === PRODUCT);
    expect(aliceRow?.position).toBe(expected);
    expect(bobRow?.position).toBe(-expected);
    expect(aliceRow).toMatchObject({ last: 5_050, volume: 400, trades: 2, reference: 5_000, referenceSource: 'open', change: 50 });
    expect(alice.eventsOf('marketdata.position').at(-1)).toEqual({ productId: PRODUCT, position: 200 });
    expect(bob.eventsOf('marketdata.position').at(-1)).toEqual({ productId: PRODUCT, position: -200 });
    const viewer = await withUser(h, await adminOf(h), 'vera', 'viewer');
    expect((await viewer.ok('marketdata.watchlist', {})).find((r) => r.productId === PRODUCT)?.position).toBe(0);
  });

  it('lists public trades newest first with the aggressor and without owners', async () => {
    const { h, alice, bob } = await setUp();
    harness = h;
    await trade(h, alice, bob, T0 + 1_000, 5_000, 300);
    await trade(h, bob, alice, T0 + 2_000, 5_050, 100);
    h.clock.set(T0 + 3_000);
    // Bob rests a bid, Alice sells into it: the seller is the aggressor.
    await bob.ok('trading.orders.place', { productId: PRODUCT, side: 'buy', price: 4_990, quantity: 100 });
    await alice.ok('trading.orders.place', { productId: PRODUCT, side: 'sell', price: 4_990, quantity: 100 });
    const tape = await alice.ok('marketdata.timeAndSales', { productId: PRODUCT, limit: 10 });
    expect(tape.map((t) => [t.price, t.quantity, t.ts, t.aggressor])).toEqual([
      [4_990, 100, T0 + 3_000, 'sell'],
      [5_050, 100, T0 + 2_000, 'buy'],
      [5_000, 300, T0 + 1_000, 'buy'],
    ]);
    expect(JSON.stringify(tape)).not.toMatch(/owner|buyer|seller|OrderId/);
    expect(bob.eventsOf('marketdata.trade').map((t) => t.price)).toEqual([5_000, 5_050, 4_990]);
  });
});

async function adminOf(h: Harness): Promise<Client> {
  const admin = h.connect();
  await admin.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
  return admin;
}
