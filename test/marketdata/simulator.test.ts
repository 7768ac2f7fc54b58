import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { Core } from '../../src-main/core/core';
import { ADMIN, openHarness, removeDir, T0, tempDir, withAdmin, withUser, type Harness } from '../helpers/core';
import { runClock, seedSimulator } from './helpers';

let harness: Harness | undefined;
const dirs: string[] = [];

afterEach(() => {
  harness?.close();
  harness = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('the built-in market simulator', () => {
  it('shows a living market within seconds of first start: quotes on both sides, trades, candles', async () => {
    harness = openHarness();
    dirs.push(harness.dataDir);
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tina', 'trader');
    await runClock(harness, 5);

    const status = await trader.ok('marketdata.simulator.status', {});
    expect(status.enabled).toBe(true);
    expect(status.running).toBe(true);
    expect(status.ordersPlaced).toBeGreaterThan(0);

    const rows = await trader.ok('marketdata.watchlist', {});
    const quoted = rows.filter((r) => r.bestBid !== null && r.bestAsk !== null);
    expect(quoted.length).toBeGreaterThanOrEqual(20);
    for (const r of quoted) expect(r.bestBid as number).toBeLessThan(r.bestAsk as number);

    const tape = await trader.ok('marketdata.timeAndSales', { limit: 100 });
    expect(tape.length).toBeGreaterThan(0);
    const first = tape[0];
    if (!first) throw new Error('no trade');
    expect(Object.keys(first).sort()).toEqual(['aggressor', 'id', 'price', 'productId', 'quantity', 'ts']);
    const series = await trader.ok('marketdata.candles', { productId: first.productId, resolution: '1m' });
    expect(series.candles.length).toBeGreaterThan(0);
    expect(trader.eventsOf('marketdata.ticker').length).toBeGreaterThan(0);
    expect(trader.eventsOf('marketdata.candle').length).toBeGreaterThan(0);
  });

  it('creates the market maker only after the first administrator, as a trader nobody can sign in as', async () => {
    harness = openHarness();
    dirs.push(harness.dataDir);
    await runClock(harness, 2);
    expect(harness.core.pendingSetupToken()).not.toBeNull();
    const admin = await withAdmin(harness);
    await runClock(harness, 1);
    const users = await admin.ok('auth.users.list', {});
    const maker = users.find((u) => u.username === 'sim-market-maker');
    expect(maker?.role).toBe('trader');
    const login = await harness.connect().call('auth.login', { username: 'sim-market-maker', password: 'sim-market-maker' });
    expect(login.ok).toBe(false);
    expect((await admin.ok('marketdata.simulator.status', {})).marketMakerUserId).toBe(maker?.id);
  });

  it('is deterministic for a seed and a clock', async () => {
    const runs: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const h = openHarness();
      dirs.push(h.dataDir);
      seedSimulator(h, 4242);
      const admin = await withAdmin(h);
      await runClock(h, 4);
      const tape = await admin.ok('marketdata.timeAndSales', { limit: 1_000 });
      runs.push(tape.map((t) => [t.productId, t.price, t.quantity, t.ts, t.aggressor]));
      h.close();
    }
    expect((runs[0] as unknown[]).length).toBeGreaterThan(0);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('an admin can stop it: its quotes leave the books and no new ones come', async () => {
    harness = openHarness();
    dirs.push(harness.dataDir);
    const admin = await withAdmin(harness);
    await runClock(harness, 2);
    const stopped = await admin.ok('marketdata.simulator.stop', {});
    expect(stopped.enabled).toBe(false);
    await runClock(harness, 3, 120_000);
    const rows = await admin.ok('marketdata.watchlist', {});
    expect(rows.every((r) => r.bestBid === null && r.bestAsk === null)).toBe(true);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const refused = await trader.call('marketdata.simulator.start', {});
    expect(refused.ok).toBe(false);
    await admin.ok('marketdata.simulator.start', {});
    expect((await admin.ok('marketdata.watchlist', {})).some((r) => r.bestBid !== null)).toBe(true);
  });

  it('runs on its own timer in a terminal, without anyone driving the clock', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const core = Core.open({ dataDir, clock: new ManualClock(T0), marketdata: { autoTick: true, tickMs: 20 } });
    try {
      const pushed: string[] = [];
      const admin = core.connect({ trustedLocal: false }, (name) => pushed.push(name));
      const setup = await admin.call('auth.setup', { ...ADMIN, setupToken: core.pendingSetupToken() ?? '' });
      expect(setup.ok).toBe(true);
      const end = Date.now() + 5_000;
      while (!pushed.includes('marketdata.ticker') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(pushed).toContain('marketdata.ticker');
      expect(pushed).toContain('marketdata.simulator');
      admin.close();
    } finally {
      core.close();
    }
  });
});

describe('the simulator and a desk stop', () => {
  it('keeps quoting while the desk is stopped: it is the outside market, not one of the desk', async () => {
    harness = openHarness();
    dirs.push(harness.dataDir);
    const admin = await withAdmin(harness);
    const rita = await withUser(harness, admin, 'rita', 'risk_manager');
    await runClock(harness, 5);
    const stop = await rita.ok('risk.deskKill', { active: true, reason: 'feed check' });
    const people = (await admin.ok('auth.users.list', {})).filter((u) => !u.system);
    expect(stop.users).toBe(people.length);
    const quoted = (await rita.ok('marketdata.watchlist', {})).filter((r) => r.bestBid !== null && r.bestAsk !== null);
    expect(quoted.length).toBeGreaterThanOrEqual(20);
    expect((await rita.ok('risk.stops.list', {})).map((s) => s.username).sort()).toEqual(people.map((u) => u.username).sort());
  });
});
