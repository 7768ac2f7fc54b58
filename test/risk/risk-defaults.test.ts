/**
 * The terminal's risk defaults through the real Core: the fat-finger thresholds and the limits of
 * everyone who sets none of their own, set by a risk manager or an admin (audited), applied to the
 * next order at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARD } from '../../src-shared/contract/risk';
import type { ProductView } from '../../src-shared/domain/schemas';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { openHarness, removeDir, tempDir, withAdmin, withUser, type Harness } from '../helpers/core';
import { runClock } from '../marketdata/helpers';

let harness: Harness;
afterEach(() => harness?.close());

async function setup() {
  harness = openHarness();
  const ada = await withAdmin(harness);
  const tom = await withUser(harness, ada, 'tom', 'trader');
  const rita = await withUser(harness, ada, 'rita', 'risk_manager');
  const tomId = (await tom.ok('risk.cash.balance', {})).userId;
  const products = await ada.ok('trading.products.list', {});
  const now = harness.clock.now();
  const p1 = products.find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000) as ProductView;
  return { ada, tom, rita, tomId, p1 };
}

describe('default fat-finger thresholds', () => {
  it('apply to a user without thresholds of their own, and the view says none are theirs', async () => {
    const { tom, rita, p1 } = await setup();
    await rita.ok('risk.defaults.set', { guard: { confirmSizeKw: 5_000, maxOrderKw: 10_000 } });
    const view = await tom.ok('risk.guard.get', {});
    expect(view.settings).toEqual({ ...DEFAULT_GUARD, confirmSizeKw: 5_000, maxOrderKw: 10_000 });
    expect(view.custom).toEqual([]);
    const refused = await tom.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 12_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'GUARD_MAX_ORDER_QUANTITY', params: { maxKw: 10_000 } } });
  });

  it("lose to the user's own threshold", async () => {
    const { tom, rita, tomId, p1 } = await setup();
    await rita.ok('risk.defaults.set', { guard: { confirmSizeKw: 5_000, maxOrderKw: 10_000 } });
    await rita.ok('risk.guard.set', { userId: tomId, settings: { maxOrderKw: 20_000 } });
    expect((await tom.ok('risk.guard.get', {})).settings.maxOrderKw).toBe(20_000);
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 12_000 });
  });

  it('go back to the built-in ones when set to null', async () => {
    const { tom, rita } = await setup();
    await rita.ok('risk.defaults.set', { guard: { confirmSizeKw: 5_000, maxOrderKw: 10_000 } });
    await rita.ok('risk.defaults.set', { guard: { maxOrderKw: null } });
    expect((await rita.ok('risk.defaults.get', {})).guard).toEqual({ confirmSizeKw: 5_000 });
    expect((await tom.ok('risk.guard.get', {})).settings.maxOrderKw).toBe(DEFAULT_GUARD.maxOrderKw);
  });
});

describe('default limits', () => {
  it('refuse an order of a book without its own limit through the real pre-trade check', async () => {
    const { tom, rita, p1 } = await setup();
    await rita.ok('risk.defaults.set', { limits: { maxOrderKw: 1_000 } });
    const refused = await tom.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_100 });
    // The reason is the limit's own; the context tells the screens it is the terminal's default, not the trader's.
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'LIMIT_MAX_ORDER_QUANTITY', params: { context: 'default', limitKw: 1_000, wouldBeKw: 1_100 } } });
    expect(await tom.ok('trading.orders.list', {})).toEqual([]);
  });

  it("lose per key to the book's own limit, and the view says which are the defaults", async () => {
    const { tom, rita, tomId, p1 } = await setup();
    await rita.ok('risk.defaults.set', { limits: { maxOrderKw: 1_000, priceCollarUnits: 50_000 } });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 2_000 } });
    expect(await tom.ok('risk.limits.get', {})).toMatchObject({ limits: { maxOrderKw: 2_000, priceCollarUnits: 50_000 }, fromDefaults: ['priceCollarUnits'] });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_500 });
    const refused = await tom.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 2_500 });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'LIMIT_MAX_ORDER_QUANTITY', params: { limitKw: 2_000 } } });
    expect(refused.ok ? null : refused.error.params).not.toHaveProperty('context');
  });

  it('apply to a portfolio book without its own limit', async () => {
    const { tom, rita, tomId } = await setup();
    await rita.ok('risk.portfolios.assign', { userId: tomId, portfolio: 'north' });
    await rita.ok('risk.defaults.set', { limits: { creditLimitMoney: 0 } });
    expect(await rita.ok('risk.limits.get', { portfolio: 'north' })).toMatchObject({ limits: { creditLimitMoney: 0 }, fromDefaults: ['creditLimitMoney'] });
    expect(await tom.ok('risk.limits.get', {})).toMatchObject({ fromDefaults: ['creditLimitMoney'] });
  });

  it("spare the terminal's own market maker, which keeps quoting the outside market", async () => {
    const { ada, rita } = await setup();
    await rita.ok('risk.defaults.set', { limits: { maxOrderKw: 1 } });
    await runClock(harness, 5);
    const quoted = (await rita.ok('marketdata.watchlist', {})).filter((r) => r.bestBid !== null && r.bestAsk !== null);
    expect(quoted.length).toBeGreaterThanOrEqual(20);
    expect((await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.refused')).toEqual([]);
  });
});

describe('setting the defaults', () => {
  it('refuses a confirmation size above the maximum order size, naming the field, and keeps what was set', async () => {
    const { rita } = await setup();
    await rita.ok('risk.defaults.set', { guard: { maxOrderKw: 100_000 } });
    const refused = await rita.call('risk.defaults.set', { guard: { confirmSizeKw: 150_000 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'guard.confirmSizeKw', reason: 'GUARD_CONFIRM_ABOVE_MAX' } });
    expect((await rita.ok('risk.defaults.get', {})).guard).toEqual({ maxOrderKw: 100_000 });
  });

  it('refuses a negative limit, naming the field', async () => {
    const { rita } = await setup();
    const refused = await rita.call('risk.defaults.set', { limits: { maxDailyLossMoney: -1 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'limits.maxDailyLossMoney' } });
  });

  it('refuses a trader, who still reads the defaults that apply to them', async () => {
    const { tom, rita } = await setup();
    await rita.ok('risk.defaults.set', { limits: { maxOrderKw: 1_000 } });
    expect(await tom.call('risk.defaults.set', { limits: { maxOrderKw: null } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await tom.ok('risk.defaults.get', {})).limits).toEqual({ maxOrderKw: 1_000 });
  });

  it('is audited with the values before and after, and tells every open screen', async () => {
    const { ada, tom, rita } = await setup();
    await rita.ok('risk.defaults.set', { guard: { maxOrderKw: 100_000 } });
    await rita.ok('risk.defaults.set', { limits: { maxOrderKw: 1_000 } });
    const audit = (await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.defaults.set').sort((a, b) => a.seq - b.seq);
    expect(audit.map((e) => [e.actor, e.payload])).toEqual([
      ['rita', { before: { guard: {}, limits: {} }, after: { guard: { maxOrderKw: 100_000 }, limits: {} } }],
      ['rita', { before: { guard: { maxOrderKw: 100_000 }, limits: {} }, after: { guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 } } }],
    ]);
    expect(tom.eventsOf('risk.defaults').at(-1)).toMatchObject({ guard: { maxOrderKw: 100_000 }, limits: { maxOrderKw: 1_000 }, updatedBy: 'rita' });
  });
});

describe('a damaged defaults row', () => {
  it('refuses orders until an administrator sets the defaults again, which repairs it', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'griddesk.sqlite'));
    db.prepare("INSERT INTO risk_defaults (id, guard, limits, updated_at, updated_by) VALUES (1, '{\"maxOrderKw\":-5}', '{}', 0, 'someone')").run();
    db.close();
    harness = openHarness(dir);
    const ada = await withAdmin(harness);
    const tom = await withUser(harness, ada, 'tom', 'trader');
    const [product] = (await ada.ok('trading.products.list', {})).filter((p) => p.kind === 'hour' && p.openAt <= harness.clock.now() && p.gateClosure > harness.clock.now() + 3_600_000);
    const order = { productId: product!.id, side: 'buy' as const, price: 5_000, quantity: 100 };
    expect(await tom.call('trading.orders.place', order)).toMatchObject({ ok: false, error: { reason: 'RISK_DEFAULTS_DAMAGED', field: 'guard' } });
    await ada.ok('risk.defaults.set', { guard: { maxOrderKw: 100_000 }, limits: {} });
    await tom.ok('trading.orders.place', order);
    harness.close();
    harness = undefined as unknown as Harness;
    removeDir(dir);
  });
});
