/**
 * Positions, P&L and cash through the real Core. The trades replay the FIFO worked example of
 * test/fixtures/risk/README.md §1 (fills 1–3) between three users, with a 1 €/MWh fee:
 * tom buys 10 MW @ 50 and 5 MW @ 60 from ada, then sells 12 MW @ 70 to ann (one hourly product).
 * By hand: realized (70 − 50) × 10 + (70 − 60) × 2 = 220 €; fees 27 MWh × 1 € = 27 €; open long
 * 3 MW @ 60; unrealized at the last trade 70: 30 €; cash 12 × 70 − 10 × 50 − 5 × 60 − 27 = 13 €.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, removeDir, tempDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

const EUR = 100_000;
let harness: Harness;
afterEach(() => harness?.close());

async function openHour(client: Client, now: number): Promise<ProductView> {
  const products = await client.ok('trading.products.list', {});
  const product = products.find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000);
  if (!product) throw new Error('no open hourly product');
  return product;
}

async function workedExample(h: Harness) {
  const ada = await withAdmin(h);
  const tom = await withUser(h, ada, 'tom', 'trader');
  const ann = await withUser(h, ada, 'ann', 'trader');
  await ada.ok('risk.fees.set', { feePerMwhMoney: 1 * EUR });
  h.clock.advance(1_000);
  const product = await openHour(ada, h.clock.now());
  const p = product.id;
  await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 5_000, quantity: 10_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'buy', price: 5_000, quantity: 10_000 });
  await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 6_000, quantity: 5_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'buy', price: 6_000, quantity: 5_000 });
  await ann.ok('trading.orders.place', { productId: p, side: 'buy', price: 7_000, quantity: 12_000 });
  await tom.ok('trading.orders.place', { productId: p, side: 'sell', price: 7_000, quantity: 12_000 });
  return { ada, tom, ann, product };
}

describe('positions and P&L from the stored trades', () => {
  it('books FIFO realized P&L, fees, average price and unrealized at the last trade', async () => {
    harness = openHarness();
    const { tom, product } = await workedExample(harness);
    const view = await tom.ok('risk.positions.list', {});
    expect(view.positions).toHaveLength(1);
    expect(view.positions[0]).toMatchObject({
      productId: product.id,
      side: 'long',
      netKw: 3_000,
      netMwh: 3,
      avgOpenPriceUnits: 6_000,
      markPriceUnits: 7_000,
      realizedMoney: 220 * EUR,
      feesMoney: 27 * EUR,
      unrealizedMoney: 30 * EUR,
      totalMoney: 223 * EUR,
      fillCount: 3,
    });
    expect(view.totals).toEqual({ realizedMoney: 220 * EUR, feesMoney: 27 * EUR, unrealizedMoney: 30 * EUR, totalMoney: 223 * EUR, unmarked: [] });
  });

  it('pushes a positions event to the trader after each fill', async () => {
    harness = openHarness();
    const { tom, product } = await workedExample(harness);
    const events = tom.eventsOf('risk.positions').filter((e) => e.userId !== null);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)?.positions).toEqual([expect.objectContaining({ productId: product.id, netKw: 3_000, realizedMoney: 220 * EUR })]);
  });

  it('marks at the mid of the book or at the forward curve when asked', async () => {
    harness = openHarness();
    const { ada, tom, product } = await workedExample(harness);
    await ada.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 6_000, quantity: 100 });
    await ada.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 9_000, quantity: 100 });
    const mid = await tom.ok('risk.positions.list', { mark: 'mid' });
    // mid 75.00: (75 − 60) × 3 = 45 €
    expect(mid.positions[0]).toMatchObject({ markPriceUnits: 7_500, unrealizedMoney: 45 * EUR });
    const curve = await tom.ok('risk.positions.list', { mark: 'curve' });
    expect(curve.positions[0]).toMatchObject({ markPriceUnits: 7_000, unrealizedMoney: 30 * EUR });
    const published = await tom.ok('risk.curve.get', {});
    expect(published.points.find((pt) => pt.productId === product.id)).toMatchObject({ priceUnits: 7_000, source: 'trade' });
  });

  it('shows daily, monthly and inception-to-date P&L with performance metrics', async () => {
    harness = openHarness();
    const { tom } = await workedExample(harness);
    const pnl = await tom.ok('risk.pnl.summary', {});
    expect(pnl.today).toBe('2026-11-23');
    expect(pnl.daily).toEqual([
      { period: '2026-11-23', realizedMoney: 220 * EUR, feesMoney: 27 * EUR, unrealizedChangeMoney: 30 * EUR, totalMoney: 223 * EUR, fillCount: 3 },
    ]);
    expect(pnl.monthly[0]).toMatchObject({ period: '2026-11', totalMoney: 223 * EUR });
    expect(pnl.inceptionToDate.totalMoney).toBe(223 * EUR);
    // One closing fill: 220 € realized − its own 12 € fee.
    expect(pnl.metrics).toMatchObject({ tradeCount: 3, tradedKw: 27_000, tradedMwh: 27, closingTradeCount: 1, winRate: 1, averageTradePnlMoney: 208 * EUR, maxDrawdownMoney: 0 });
  });

  it('marks past days at their last trade before the day ended', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const tom = await withUser(harness, ada, 'tom', 'trader');
    const ann = await withUser(harness, ada, 'ann', 'trader');
    // 16:00 Berlin: tomorrow's products are open; trade the 20:00 hour of tomorrow.
    harness.clock.set(Date.UTC(2026, 10, 23, 15, 0, 0));
    const p = 'DE-H-20261124T1900Z';
    await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 5_000, quantity: 10_000 });
    await tom.ok('trading.orders.place', { productId: p, side: 'buy', price: 5_000, quantity: 10_000 });
    await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 5_500, quantity: 100 });
    await ann.ok('trading.orders.place', { productId: p, side: 'buy', price: 5_500, quantity: 100 });
    harness.clock.set(Date.UTC(2026, 10, 24, 9, 0, 0));
    // A night later the sessions have timed out: sign in again.
    await ada.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    await tom.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    await ann.ok('auth.login', { username: 'ann', password: 'ann-password-123' });
    await ada.ok('trading.orders.place', { productId: p, side: 'sell', price: 5_200, quantity: 100 });
    await ann.ok('trading.orders.place', { productId: p, side: 'buy', price: 5_200, quantity: 100 });
    const pnl = await tom.ok('risk.pnl.summary', {});
    // Day 1 closes at 55: 10 MW × (55 − 50) = +50 €. Day 2 marks at 52: +20 €, a change of −30 €.
    expect(pnl.daily.map((b) => [b.period, b.unrealizedChangeMoney, b.totalMoney])).toEqual([
      ['2026-11-23', 50 * EUR, 50 * EUR],
      ['2026-11-24', -30 * EUR, -30 * EUR],
    ]);
    expect(pnl.inceptionToDate.totalMoney).toBe(20 * EUR);
    expect(pnl.metrics.maxDrawdownMoney).toBe(30 * EUR);
  });

  it('keeps cash with deposits and withdrawals and refuses to go below zero without credit', async () => {
    harness = openHarness();
    const { tom, ada } = await workedExample(harness);
    const tomId = (await tom.ok('risk.cash.balance', {})).userId;
    expect(await tom.ok('risk.cash.balance', {})).toMatchObject({ tradeCashMoney: 40 * EUR, feesMoney: 27 * EUR, balanceMoney: 13 * EUR, creditLimitMoney: null });
    await ada.ok('risk.cash.deposit', { userId: tomId, amountMoney: 1_000 * EUR, reference: 'bank transfer 1' });
    const refused = await ada.call('risk.cash.withdraw', { userId: tomId, amountMoney: 1_014 * EUR, reference: 'payout' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'INSUFFICIENT_FUNDS', field: 'amountMoney' } });
    expect((await tom.ok('risk.cash.balance', {})).balanceMoney).toBe(1_013 * EUR);
    const after = await ada.ok('risk.cash.withdraw', { userId: tomId, amountMoney: 1_013 * EUR, reference: 'payout' });
    expect(after).toMatchObject({ balanceMoney: 0, depositsMoney: 1_000 * EUR, withdrawalsMoney: 1_013 * EUR });
    // With a credit limit the balance may go below zero, down to the limit.
    await ada.ok('risk.limits.set', { userId: after.userId, limits: { creditLimitMoney: 50 * EUR } });
    expect(await ada.call('risk.cash.withdraw', { userId: tomId, amountMoney: 51 * EUR, reference: 'payout' })).toMatchObject({ ok: false, error: { reason: 'INSUFFICIENT_FUNDS' } });
    expect(await ada.ok('risk.cash.withdraw', { userId: tomId, amountMoney: 50 * EUR, reference: 'payout' })).toMatchObject({ balanceMoney: -50 * EUR, availableMoney: 0 });
    const audit = await ada.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'risk.cash.withdraw')).toHaveLength(2);
  });

  it("keeps a trader out of another trader's book; a risk manager sees every book", async () => {
    harness = openHarness();
    const { tom, ann, ada } = await workedExample(harness);
    const annId = (await ann.ok('risk.cash.balance', {})).userId;
    expect(await tom.call('risk.positions.list', { userId: annId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const rita = await withUser(harness, ada, 'rita', 'risk_manager');
    const annBook = await rita.ok('risk.positions.list', { userId: annId });
    // ann bought 12 MW @ 70: long, no realized P&L, 12 € fees.
    expect(annBook.positions[0]).toMatchObject({ netKw: 12_000, realizedMoney: 0, feesMoney: 12 * EUR, unrealizedMoney: 0 });
  });

  it('aggregates a portfolio from its members, netting trades between them', async () => {
    harness = openHarness();
    const { tom, ann, ada } = await workedExample(harness);
    const tomId = (await tom.ok('risk.cash.balance', {})).userId;
    const annId = (await ann.ok('risk.cash.balance', {})).userId;
    await ada.ok('risk.portfolios.assign', { userId: tomId, portfolio: 'desk1' });
    await ada.ok('risk.portfolios.assign', { userId: annId, portfolio: 'desk1' });
    const desk = await tom.ok('risk.positions.list', { portfolio: 'desk1' });
    // tom long 3 + ann long 12 = 15 MW. FIFO across the portfolio: ann's buy at 70 opens a lot, tom's
    // sell at 70 closes the oldest lots (10 @ 50, 2 @ 60): 220 € realized; open 3 @ 60 + 12 @ 70.
    expect(desk.positions[0]).toMatchObject({ netKw: 15_000, realizedMoney: 220 * EUR, feesMoney: 39 * EUR, unrealizedMoney: 30 * EUR });
    expect(await tom.ok('risk.portfolios.list', {})).toEqual([{ portfolio: 'desk1', members: expect.arrayContaining([{ userId: tomId, username: 'tom' }, { userId: annId, username: 'ann' }]) }]);
  });

  it('rebuilds the same positions after a restart, fees included', async () => {
    const dir = tempDir();
    harness = openHarness(dir);
    const { tom } = await workedExample(harness);
    const before = await tom.ok('risk.positions.list', {});
    const clock = harness.clock;
    harness.close();
    harness = openHarness(dir, clock);
    const tom2 = harness.connect();
    await tom2.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect(await tom2.ok('risk.positions.list', {})).toEqual(before);
    harness.close();
    harness = undefined as unknown as Harness;
    removeDir(dir);
  });
});
