import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { MarketRulesValues } from '../../src-shared/contract/trading';
import { ADMIN, openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

/** The harness starts on 2026-11-23 10:00 Berlin: the 23rd and 24th are listed, the 25th's daily auction too. */
let harness: Harness;
afterEach(() => harness?.close());

const NEW_DE: MarketRulesValues = { tickSize: 10, lotSize: 500, minPrice: -50_000, maxPrice: 300_000, maxQuantity: 50_000, gateClosureMinutes: 30, openHourDayBefore: 14 };

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).toMillis();
const dayOf = (ms: number, zone = 'Europe/Berlin') => DateTime.fromMillis(ms, { zone }).toISODate();

async function signIn(username = ADMIN.username, password = ADMIN.password): Promise<Client> {
  const client = harness.connect();
  await client.ok('auth.login', { username, password });
  return client;
}

/** Moves the terminal's clock and lets trading list the days that came. */
async function clockTo(at: number): Promise<void> {
  harness.clock.advance(at - harness.clock.now());
  await harness.core.tick('trading');
}

describe('market rules set by an administrator', () => {
  it('start on the first delivery day not listed yet: listed products keep their rules, the new day opens with the new ones', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const views = await admin.ok('trading.rules.get', {});
    expect(views.map((v) => [v.area, v.firstOpenDay])).toEqual([
      ['DE', '2026-11-25'],
      ['LM', '2026-11-26'],
    ]);
    await admin.ok('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE });

    const before = await admin.ok('trading.products.list', {});
    expect(before.every((p) => p.tickSize === 1 && p.lotSize === 100)).toBe(true);

    await clockTo(berlin('2026-11-24T14:30'));
    const trader = await signIn();
    const listed = await trader.ok('trading.products.list', {});
    const newDay = listed.filter((p) => dayOf(p.deliveryStart) === '2026-11-25');
    const oldDay = listed.filter((p) => dayOf(p.deliveryStart) === '2026-11-24');
    expect(newDay.length).toBe(24 + 96 + 2);
    expect(newDay.every((p) => p.tickSize === 10 && p.lotSize === 500 && p.minPrice === -50_000 && p.maxQuantity === 50_000)).toBe(true);
    expect(newDay.every((p) => p.deliveryStart - p.gateClosure === 30 * 60_000 && p.openAt === berlin('2026-11-24T14:00'))).toBe(true);
    expect(oldDay.every((p) => p.tickSize === 1 && p.lotSize === 100 && p.deliveryStart - p.gateClosure === 5 * 60_000)).toBe(true);

    // The engine trades the new day by its new rules: a price off the 0.10 € tick is refused.
    const hour = newDay.find((p) => p.kind === 'hour')!;
    expect(await trader.call('trading.orders.place', { productId: hour.id, side: 'buy', price: 5_005, quantity: 500 })).toMatchObject({ ok: false, error: { reason: 'OFF_TICK' } });
    expect(await trader.ok('trading.orders.place', { productId: hour.id, side: 'buy', price: 5_010, quantity: 500 })).toMatchObject({ status: 'working' });
  });

  it('refuses a gate after delivery start, naming the field, and stores nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE, gateClosureMinutes: -10 });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'gateClosureMinutes', reason: 'GATE_AFTER_DELIVERY_START', params: { minutes: 10 } } });
    expect((await admin.ok('trading.rules.get', {}))[0]!.scheduled).toEqual([]);
  });

  it('refuses a gate that would close before the day opens, naming the field', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    // Opening at 22:00 the day before leaves 120 minutes to midnight.
    const result = await admin.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE, openHourDayBefore: 22, gateClosureMinutes: 120 });
    expect(result).toMatchObject({ ok: false, error: { field: 'gateClosureMinutes', reason: 'GATE_BEFORE_OPENING', params: { hour: 22, minutes: 119 } } });
  });

  it('refuses a day whose products are listed, naming the first day a change can start', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    expect(await admin.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-24', ...NEW_DE })).toMatchObject({
      ok: false,
      error: { field: 'effectiveFrom', reason: 'RULES_DAY_LISTED', params: { day: '2026-11-24', firstDay: '2026-11-25' } },
    });
    // The local market's daily auction of the 25th is listed already, so its rules start on the 26th at the earliest.
    expect(await admin.call('trading.rules.set', { area: 'LM', effectiveFrom: '2026-11-25', ...NEW_DE })).toMatchObject({ ok: false, error: { reason: 'RULES_DAY_LISTED' } });
    expect(await admin.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-02-30', ...NEW_DE })).toMatchObject({ ok: false, error: { field: 'effectiveFrom', reason: 'NOT_A_DAY' } });
  });

  it('refuses a band off the tick, an empty band and a largest order that is not whole lots, each by its field', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const set = (patch: Partial<MarketRulesValues>) => admin.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE, ...patch });
    expect(await set({ minPrice: -50_005 })).toMatchObject({ ok: false, error: { field: 'minPrice', reason: 'RULES_OFF_TICK' } });
    expect(await set({ maxPrice: -50_000 })).toMatchObject({ ok: false, error: { field: 'maxPrice', reason: 'RULES_BAND_EMPTY' } });
    expect(await set({ maxQuantity: 50_100 })).toMatchObject({ ok: false, error: { field: 'maxQuantity', reason: 'RULES_NOT_LOTS' } });
    expect(await set({ tickSize: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'tickSize' } });
  });

  it('lets only administrators change the rules, and audits each change with the values before and after', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    expect(await trader.call('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await trader.ok('trading.rules.get', {}))[0]!.scheduled).toEqual([]);
    await admin.ok('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE });
    const entry = (await admin.ok('audit.list', {})).find((e) => e.type === 'trading.rules.set');
    expect(entry).toMatchObject({ actor: 'admin', payload: { area: 'DE', effectiveFrom: '2026-11-25', before: { tickSize: 1, lotSize: 100 }, after: NEW_DE } });
    expect(trader.eventsOf('trading.rules').at(-1)).toMatchObject({ area: 'DE', scheduled: [{ effectiveFrom: '2026-11-25', rules: NEW_DE, setBy: 'admin' }] });
  });

  it('lists each day after a restart with the rules it was listed with', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE });
    await clockTo(berlin('2026-11-24T14:30'));
    const { dataDir, clock } = harness;
    harness.close();
    harness = openHarness(dataDir, clock);
    const client = await signIn();
    const listed = await client.ok('trading.products.list', {});
    expect(listed.filter((p) => dayOf(p.deliveryStart) === '2026-11-25').every((p) => p.tickSize === 10)).toBe(true);
    expect(listed.filter((p) => dayOf(p.deliveryStart) === '2026-11-24').every((p) => p.tickSize === 1)).toBe(true);
    expect((await client.ok('trading.rules.get', {}))[0]).toMatchObject({ current: NEW_DE, firstOpenDay: '2026-11-26', scheduled: [] });
  });

  it('withdraws a scheduled change: the day then opens with the rules before it', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('trading.rules.set', { area: 'DE', effectiveFrom: '2026-11-25', ...NEW_DE });
    expect((await admin.ok('trading.rules.cancel', { area: 'DE', effectiveFrom: '2026-11-25' })).scheduled).toEqual([]);
    expect(await admin.call('trading.rules.cancel', { area: 'DE', effectiveFrom: '2026-11-25' })).toMatchObject({ ok: false, error: { reason: 'NO_SUCH_RULES_CHANGE' } });
    await clockTo(berlin('2026-11-24T14:30'));
    const listed = await (await signIn()).ok('trading.products.list', {});
    expect(listed.filter((p) => dayOf(p.deliveryStart) === '2026-11-25').every((p) => p.tickSize === 1 && p.lotSize === 100)).toBe(true);
  });

  it('gives the local market\u2019s rules to its quarter-hour auctions and to its daily auction of the same delivery day', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const localRules: MarketRulesValues = { tickSize: 5, lotSize: 2, minPrice: -20_000, maxPrice: 200_000, maxQuantity: 50_000, gateClosureMinutes: 10, openHourDayBefore: 15 };
    await admin.ok('trading.rules.set', { area: 'LM', effectiveFrom: '2026-11-26', ...localRules });
    await clockTo(berlin('2026-11-25T00:00:30'));
    const auctions = await (await signIn()).ok('trading.auction.products', {});
    const daily26 = auctions.filter((p) => p.area === 'LMD' && dayOf(p.deliveryStart) === '2026-11-26');
    const daily25 = auctions.filter((p) => p.area === 'LMD' && dayOf(p.deliveryStart) === '2026-11-25');
    expect(daily26).toHaveLength(96);
    expect(daily26.every((p) => p.lotSize === 2 && p.tickSize === 5 && p.maxPrice === 200_000)).toBe(true);
    expect(daily25.every((p) => p.lotSize === 1 && p.tickSize === 1)).toBe(true);
  });
});
