/**
 * Pre-trade limits through the real Core: each limit refuses an order with the limit named in the
 * reason, and the refused order leaves the blotter and the book exactly as they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

const EUR = 100_000;
let harness: Harness;
afterEach(() => harness?.close());

async function openHours(client: Client, now: number): Promise<ProductView[]> {
  const products = await client.ok('trading.products.list', {});
  return products.filter((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000);
}

async function setup() {
  harness = openHarness();
  const ada = await withAdmin(harness);
  const tom = await withUser(harness, ada, 'tom', 'trader');
  const rita = await withUser(harness, ada, 'rita', 'risk_manager');
  const tomId = (await tom.ok('risk.cash.balance', {})).userId;
  const [p1, p2] = (await openHours(ada, harness.clock.now())) as [ProductView, ProductView];
  return { ada, tom, rita, tomId, p1, p2 };
}

/** Places an order that must be refused with `reason`, and checks nothing changed. */
async function expectRefused(client: Client, observer: Client, order: Parameters<Client['call']>[1] & object, reason: string) {
  const input = order as { productId: string };
  const ordersBefore = await client.ok('trading.orders.list', {});
  const bookBefore = await observer.ok('trading.book.get', { productId: input.productId });
  const result = await client.call('trading.orders.place', order as never);
  expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason } });
  expect(await client.ok('trading.orders.list', {})).toEqual(ordersBefore);
  expect(await observer.ok('trading.book.get', { productId: input.productId })).toEqual(bookBefore);
}

describe('pre-trade limits in the core', () => {
  it('only risk managers and admins set limits, and every change is audited', async () => {
    const { tom, rita, ada, tomId } = await setup();
    expect(await tom.call('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const row = await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1_000, priceCollarUnits: 500 } });
    expect(row).toMatchObject({ scope: 'user', id: String(tomId), label: 'tom', limits: { maxOrderKw: 1_000, priceCollarUnits: 500 }, updatedBy: 'rita' });
    // null removes a limit, a left-out one is kept
    expect((await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: null } })).limits).toEqual({ priceCollarUnits: 500 });
    expect((await tom.ok('risk.limits.get', {})).limits).toEqual({ priceCollarUnits: 500 });
    expect(tom.eventsOf('risk.limits').at(-1)?.limits).toEqual({ priceCollarUnits: 500 });
    const audit = (await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.limits.set');
    expect(audit.map((e) => e.actor)).toEqual(['rita', 'rita']);
    expect(audit[0]?.payload).toMatchObject({ before: { maxOrderKw: 1_000, priceCollarUnits: 500 }, after: { priceCollarUnits: 500 } });
    expect(await rita.ok('risk.limits.list', {})).toHaveLength(1);
  });

  it('max order quantity', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1_000 } });
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_100 }, 'LIMIT_MAX_ORDER_QUANTITY');
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_000 });
    const refused = (await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.refused');
    expect(refused).toEqual([expect.objectContaining({ actor: 'tom', payload: expect.objectContaining({ reason: 'LIMIT_MAX_ORDER_QUANTITY', quantity: 1_100 }) })]);
  });

  it('a modify that enlarges an order past a limit is refused and the order stays as it was', async () => {
    const { tom, rita, tomId, p1 } = await setup();
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1_000 } });
    const order = await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 800 });
    expect(await tom.call('trading.orders.modify', { orderId: order.id, quantity: 1_200 })).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'LIMIT_MAX_ORDER_QUANTITY' } });
    expect((await tom.ok('trading.orders.list', {})).find((o) => o.id === order.id)).toMatchObject({ remaining: 800, price: 5_000 });
    // Shrinking never adds risk and is not checked.
    expect(await tom.ok('trading.orders.modify', { orderId: order.id, quantity: 500 })).toMatchObject({ remaining: 500 });
  });

  it('max order value', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    // 1,000 kW × 1 h × 50 €/MWh = 50 €
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxOrderValueMoney: 49 * EUR } });
    await expectRefused(tom, ada, { productId: p1.id, side: 'sell', price: 5_000, quantity: 1_000 }, 'LIMIT_MAX_ORDER_VALUE');
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 4_900, quantity: 1_000 });
  });

  it('price collar around the last trade, for limit and market orders', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_000, quantity: 100 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 100 });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { priceCollarUnits: 500 } });
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 5_501, quantity: 100 }, 'LIMIT_PRICE_COLLAR');
    await expectRefused(tom, ada, { productId: p1.id, side: 'sell', price: 4_499, quantity: 100 }, 'LIMIT_PRICE_COLLAR');
    // a market buy would sweep up to 60.00: outside the collar
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_200, quantity: 100 });
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 6_000, quantity: 100 });
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', type: 'market', quantity: 200 }, 'LIMIT_PRICE_COLLAR');
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', type: 'market', quantity: 100 });
  });

  it('max open position per product, counting working orders, and reducing stays allowed', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_000, quantity: 10_000 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 10_000 });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxPositionKwPerProduct: 12_000 } });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 4_000, quantity: 1_500 });
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 4_000, quantity: 600 }, 'LIMIT_MAX_POSITION_PRODUCT');
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 9_000, quantity: 3_000 });
  });

  it('max open energy per delivery day across products', async () => {
    const { tom, rita, ada, tomId, p1, p2 } = await setup();
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_000, quantity: 10_000 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 10_000 });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxDayPositionKwh: 12_000 } });
    // 10 MWh open in p1 + a short 3 MWh in p2 = 13 MWh gross
    await expectRefused(tom, ada, { productId: p2.id, side: 'sell', price: 5_000, quantity: 3_000 }, 'LIMIT_MAX_POSITION_DAY');
    await tom.ok('trading.orders.place', { productId: p2.id, side: 'sell', price: 5_000, quantity: 2_000 });
  });

  it('max daily loss, marked to the last trade', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    const ann = await withUser(harness, ada, 'ann', 'trader');
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_000, quantity: 10_000 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 10_000 });
    // the market trades at 40: tom's 10 MW lose 100 €
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 4_000, quantity: 100 });
    await ann.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 4_000, quantity: 100 });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxDailyLossMoney: 99 * EUR } });
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 3_900, quantity: 100 }, 'LIMIT_MAX_DAILY_LOSS');
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 4_500, quantity: 100 });
    await rita.ok('risk.limits.set', { userId: tomId, limits: { maxDailyLossMoney: 101 * EUR } });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 3_900, quantity: 100 });
  });

  it('credit limit against the cash balance and the working orders', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    await rita.ok('risk.limits.set', { userId: tomId, limits: { creditLimitMoney: 0 } });
    // a 50 € buy with no cash and no credit
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_000 }, 'LIMIT_CREDIT_LIMIT');
    await rita.ok('risk.cash.deposit', { userId: tomId, amountMoney: 80 * EUR, reference: 'bank transfer 1' });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_000 });
    // 50 € are now held by the working order: another 50 € buy does not fit in 80 €
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 5_000, quantity: 1_000 }, 'LIMIT_CREDIT_LIMIT');
    expect(await rita.call('risk.cash.withdraw', { userId: tomId, amountMoney: 31 * EUR, reference: 'payout 1' })).toMatchObject({ ok: false, error: { reason: 'INSUFFICIENT_FUNDS' } });
    // selling at a positive price is a receipt: always fits
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 9_000, quantity: 1_000 });
  });

  it('portfolio limits apply to the members together', async () => {
    const { tom, rita, ada, tomId, p1 } = await setup();
    const ann = await withUser(harness, ada, 'ann', 'trader');
    const annId = (await ann.ok('risk.cash.balance', {})).userId;
    await rita.ok('risk.portfolios.assign', { userId: tomId, portfolio: 'desk1' });
    await rita.ok('risk.portfolios.assign', { userId: annId, portfolio: 'desk1' });
    await rita.ok('risk.limits.set', { portfolio: 'desk1', limits: { maxPositionKwPerProduct: 5_000 } });
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 5_000, quantity: 10_000 });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 3_000 });
    await expectRefused(ann, ada, { productId: p1.id, side: 'buy', price: 5_000, quantity: 2_100 }, 'LIMIT_MAX_POSITION_PRODUCT');
    await ann.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 5_000, quantity: 2_000 });
  });
});

describe('desk kill switch', () => {
  it('cancels every order, refuses new ones until released, and keeps individually stopped users stopped', async () => {
    const { tom, rita, ada, p1 } = await setup();
    const ann = await withUser(harness, ada, 'ann', 'trader');
    const annId = (await ann.ok('risk.cash.balance', {})).userId;
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 4_000, quantity: 100 });
    await ada.ok('trading.orders.place', { productId: p1.id, side: 'sell', price: 6_000, quantity: 100 });
    await rita.ok('risk.killSwitch', { userId: annId, active: true });
    const killed = await rita.ok('risk.deskKill', { active: true, reason: 'drill' });
    expect(killed).toMatchObject({ active: true, cancelled: 2 });
    expect(await tom.ok('risk.deskStatus', {})).toEqual({ deskKill: true });
    expect(tom.eventsOf('risk.deskKill').at(-1)).toEqual({ active: true });
    const book = await ada.ok('trading.book.get', { productId: p1.id });
    expect(book.bids).toEqual([]);
    expect(book.asks).toEqual([]);
    await expectRefused(tom, ada, { productId: p1.id, side: 'buy', price: 4_000, quantity: 100 }, 'DESK_KILL_SWITCH');
    expect(await tom.call('risk.deskKill', { active: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await rita.ok('risk.deskKill', { active: false });
    await tom.ok('trading.orders.place', { productId: p1.id, side: 'buy', price: 4_000, quantity: 100 });
    expect((await ann.call('trading.orders.place', { productId: p1.id, side: 'buy', price: 4_000, quantity: 100 })).ok).toBe(false);
    expect((await ada.ok('audit.list', {})).filter((e) => e.type === 'risk.deskKill').map((e) => e.actor)).toEqual(['rita', 'rita']);
  });
});
