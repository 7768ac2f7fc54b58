/**
 * What stops and guards trading, through the real Core: the desk stop needs a reason that lands in
 * the audit trail, a risk manager sees who is stopped (by whom, when, why) and releases them, and
 * fat-finger thresholds (on by default, set per user) ask for confirmation or refuse outright.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARD } from '../../src-shared/contract/risk';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, T0, withAdmin, withUser, type Harness } from '../helpers/core';

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

describe('stopping the desk', () => {
  it('refuses to stop the desk without a reason, and nothing is stopped', async () => {
    const { rita, tom } = await setup();
    expect(await rita.call('risk.deskKill', { active: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'reason' } });
    expect(await tom.ok('risk.deskStatus', {})).toEqual({ deskKill: false });
    expect(await rita.ok('risk.stops.list', {})).toEqual([]);
  });

  it('keeps the reason in the audit entry and in the list of stopped users', async () => {
    const { rita, ada, tomId } = await setup();
    await rita.ok('risk.deskKill', { active: true, reason: 'price feed broken' });
    const entry = (await ada.ok('audit.list', {})).find((e) => e.type === 'risk.deskKill');
    expect(entry).toMatchObject({ actor: 'rita', payload: { active: true, reason: 'price feed broken' } });
    const stopped = await rita.ok('risk.stops.list', {});
    expect(stopped.find((s) => s.userId === tomId)).toEqual({ userId: tomId, username: 'tom', by: 'rita', at: T0, reason: 'price feed broken', desk: true });
  });
});

describe('stopped users', () => {
  it('lists a stopped trader with who stopped them, when and why, and a risk manager releases them', async () => {
    const { rita, tom, ada, tomId, p1 } = await setup();
    await rita.ok('risk.killSwitch', { userId: tomId, active: true, reason: 'unusual size' });
    expect(await rita.ok('risk.stops.list', {})).toEqual([{ userId: tomId, username: 'tom', by: 'rita', at: T0, reason: 'unusual size', desk: false }]);
    expect(await tom.call('risk.stops.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await rita.ok('risk.killSwitch', { userId: tomId, active: false });
    expect(await rita.ok('risk.stops.list', {})).toEqual([]);
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 100 });
    const audit = (await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.killSwitch').sort((a, b) => a.seq - b.seq);
    expect(audit.map((e) => [e.actor, e.payload])).toEqual([
      ['rita', { userId: tomId, active: true, reason: 'unusual size' }],
      ['rita', { userId: tomId, active: false, reason: null }],
    ]);
  });

  it('lists people with their role and portfolio for risk managers', async () => {
    const { rita, tomId } = await setup();
    await rita.ok('risk.portfolios.assign', { userId: tomId, portfolio: 'north' });
    const people = await rita.ok('risk.people.list', {});
    expect(people.find((p) => p.userId === tomId)).toEqual({ userId: tomId, username: 'tom', role: 'trader', portfolio: 'north', system: false });
  });
});

describe('fat-finger guard', () => {
  it('is on by default: a large size asks for confirmation and above the hard maximum the core refuses', async () => {
    const { tom, ada, p1 } = await setup();
    expect((await tom.ok('risk.guard.get', {})).settings).toEqual(DEFAULT_GUARD);
    const large = await tom.ok('risk.guard.check', { productId: p1.id, side: 'buy', price: 5_000, quantity: 100_000 });
    expect(large).toEqual({ confirm: [{ code: 'LARGE_SIZE', quantityKw: 100_000, thresholdKw: DEFAULT_GUARD.confirmSizeKw }], refuse: null });
    // A script that skips the ticket's confirmation still meets the hard maximum in the core.
    const refused = await tom.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 400_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'GUARD_MAX_ORDER_QUANTITY' } });
    expect(await tom.ok('trading.orders.list', {})).toEqual([]);
    expect((await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.refused').at(-1)).toMatchObject({ payload: { reason: 'GUARD_MAX_ORDER_QUANTITY' } });
  });

  it('names the deviation of a price far from the last trade', async () => {
    const { tom, ada, p1 } = await setup();
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 10_000, quantity: 100 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 10_000, quantity: 100 });
    const far = await tom.ok('risk.guard.check', { productId: p1.id, side: 'buy', price: 300_000, quantity: 100 });
    expect(far.confirm).toEqual([{ code: 'PRICE_DEVIATION', priceUnits: 300_000, referenceUnits: 10_000, reference: 'last', deviationUnits: 290_000, deviationPct: 2_900 }]);
    expect((await tom.ok('risk.guard.check', { productId: p1.id, side: 'buy', price: 11_000, quantity: 100 })).confirm).toEqual([]);
  });

  it('a risk manager sets a user’s thresholds (audited); null returns one to the default', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    expect(await tom.call('risk.guard.set', { userId: tomId, settings: { maxOrderKw: 1_000_000 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const set = await rita.ok('risk.guard.set', { userId: tomId, settings: { maxOrderKw: 1_000, confirmSizeKw: 500 } });
    expect(set).toMatchObject({ userId: tomId, username: 'tom', settings: { ...DEFAULT_GUARD, maxOrderKw: 1_000, confirmSizeKw: 500 }, custom: ['confirmSizeKw', 'maxOrderKw'], updatedBy: 'rita' });
    expect(await tom.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_100 })).toMatchObject({ ok: false, error: { reason: 'GUARD_MAX_ORDER_QUANTITY' } });
    expect((await rita.ok('risk.guard.set', { userId: tomId, settings: { maxOrderKw: null } })).settings.maxOrderKw).toBe(DEFAULT_GUARD.maxOrderKw);
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_100 });
    const audit = (await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.guard.set').sort((a, b) => a.seq - b.seq);
    expect(audit[0]).toMatchObject({ actor: 'rita', payload: { userId: tomId, before: {}, after: { maxOrderKw: 1_000, confirmSizeKw: 500 } } });
  });

  it('refuses a person\u2019s confirmation size above their maximum order size, naming the field, and keeps their thresholds', async () => {
    const { rita, tomId } = await setup();
    await rita.ok('risk.guard.set', { userId: tomId, settings: { maxOrderKw: 1_000, confirmSizeKw: 500 } });
    expect(await rita.call('risk.guard.set', { userId: tomId, settings: { confirmSizeKw: 2_000 } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', field: 'confirmSizeKw', reason: 'GUARD_CONFIRM_ABOVE_MAX', params: { confirmSizeKw: 2_000, maxOrderKw: 1_000 } },
    });
    expect((await rita.ok('risk.guard.get', { userId: tomId })).settings).toMatchObject({ maxOrderKw: 1_000, confirmSizeKw: 500 });
  });
});
