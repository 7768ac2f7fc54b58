import { afterEach, describe, expect, it } from 'vitest';
import type { AuctionResultView, LocalProductView } from '../../src-shared/contract/trading';
import { openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

async function setup(): Promise<{ ann: Client; tom: Client; admin: Client; quarters: LocalProductView[] }> {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const ann = await withUser(harness, admin, 'ann', 'trader');
  const tom = await withUser(harness, admin, 'tom', 'trader');
  const now = harness.clock.now();
  const quarters = (await ann.ok('trading.auction.products', {})).filter((p) => p.area === 'LM' && p.auctionAt > now + 600_000).sort((a, b) => a.deliveryStart - b.deliveryStart);
  return { ann, tom, admin, quarters };
}

/** The rolling quarter-hour auctions' results (today's daily-auction quarters, listed after their gate, also report one). */
async function rollingResults(client: Client, productId?: string): Promise<AuctionResultView[]> {
  return (await client.ok('trading.auction.results', productId === undefined ? { limit: 500 } : { productId })).filter((r) => r.productId.startsWith('LM-'));
}

/** The terminal's clock reaches `at` and ticks, as the core's timer would. */
function clockTo(at: number): void {
  harness.clock.advance(at - harness.clock.now());
  void harness.core.tick('trading');
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('local P2P market by periodic auction', () => {
  it('lists 15-minute auction products that are not in the continuous list, each with its auction time', async () => {
    const { ann, quarters } = await setup();
    expect(quarters.length).toBeGreaterThan(100);
    for (const p of quarters) {
      expect(p).toMatchObject({ area: 'LM', kind: 'quarter', mode: 'auction', lotSize: 1 });
      expect(p.deliveryEnd - p.deliveryStart).toBe(900_000);
      expect(p.auctionAt).toBe(p.deliveryStart - 300_000);
    }
    const continuous = await ann.ok('trading.products.list', {});
    expect(continuous.some((p) => p.area === 'LM')).toBe(false);
  });

  it('collects orders in the call phase, and at the auction time both sides fill at the one clearing price', async () => {
    const { ann, tom, admin, quarters } = await setup();
    const q = quarters[0]!;
    const sells = [await ann.ok('trading.orders.place', { productId: q.id, side: 'sell', price: 8_000, quantity: 6 }), await ann.ok('trading.orders.place', { productId: q.id, side: 'sell', price: 11_000, quantity: 4 })];
    const buys = [await tom.ok('trading.orders.place', { productId: q.id, side: 'buy', price: 12_000, quantity: 5 }), await tom.ok('trading.orders.place', { productId: q.id, side: 'buy', price: 9_000, quantity: 5 })];
    // The call phase: nothing trades, however much the orders cross.
    for (const order of [...sells, ...buys]) expect(order).toMatchObject({ status: 'working', filled: 0 });
    clockTo(q.auctionAt - 1);
    expect(await tom.ok('trading.trades.list', {})).toEqual([]);

    clockTo(q.auctionAt);
    await settle();
    // Demand ≥ price: 10 kW up to 90.00, 5 kW up to 120.00; supply 6 kW from 80.00, 10 from 110.00. Most volume: 6 kW at 80.00–90.00.
    const results = await admin.ok('trading.auction.results', { productId: q.id });
    expect(results).toHaveLength(1);
    const result = results[0]!;
    expect(result).toMatchObject({ productId: q.id, volume: 6, ts: q.auctionAt });
    expect(result.price).toBeGreaterThanOrEqual(8_000);
    expect(result.price).toBeLessThanOrEqual(9_000);
    for (const client of [ann, tom]) {
      expect(client.eventsOf('trading.auction.result')).toContainEqual(result);
      const trades = await client.ok('trading.trades.list', {});
      expect(trades.reduce((sum, t) => sum + t.quantity, 0)).toBe(6);
      expect(new Set(trades.map((t) => t.price))).toEqual(new Set([result.price]));
      expect(client.eventsOf('trading.trade').every((t) => t.price === result.price)).toBe(true);
    }
    const annOrders = await ann.ok('trading.orders.list', {});
    expect(annOrders.find((o) => o.id === sells[0]!.id)).toMatchObject({ status: 'filled', filled: 6 });
    const tomOrders = await tom.ok('trading.orders.list', {});
    expect(tomOrders.find((o) => o.id === buys[0]!.id)).toMatchObject({ status: 'filled', filled: 5 });
    // What the auction left unfilled ends with it, at the auction's price: nothing stays working.
    expect(tomOrders.find((o) => o.id === buys[1]!.id)).toMatchObject({ status: 'expired', filled: 1, remaining: 0, reason: 'auction_unfilled', reasonParams: { priceUnits: result.price } });
    expect(annOrders.find((o) => o.id === sells[1]!.id)).toMatchObject({ status: 'expired', filled: 0, reason: 'auction_unfilled', reasonParams: { priceUnits: result.price } });
    const listed = (await ann.ok('trading.auction.products', {})).find((p) => p.id === q.id);
    expect(listed?.lastResult).toEqual(result);

    // The call phase is over: the product takes no more orders, and says why.
    const late = await tom.call('trading.orders.place', { productId: q.id, side: 'buy', price: 12_000, quantity: 1 });
    expect(late).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'GATE_CLOSED', field: 'productId', message: expect.stringContaining('call phase') } });

    // The next quarter's auction runs 15 minutes later, on its own.
    clockTo(quarters[1]!.auctionAt);
    await settle();
    expect((await rollingResults(admin)).map((r: AuctionResultView) => r.productId)).toEqual([quarters[1]!.id, q.id]);
  });

  it('ends every order an auction did not fill, with its price or with no cross, and tells its owner', async () => {
    const { ann, tom, quarters } = await setup();
    const [q1, q2] = quarters as [LocalProductView, LocalProductView];
    // q1 crosses 2 kW at one price; q2 does not cross at all.
    const sell = await ann.ok('trading.orders.place', { productId: q1.id, side: 'sell', price: 8_000, quantity: 2 });
    const buy = await tom.ok('trading.orders.place', { productId: q1.id, side: 'buy', price: 9_000, quantity: 5 });
    const lonely = await tom.ok('trading.orders.place', { productId: q1.id, side: 'buy', price: 1_000, quantity: 3 });
    const apart = await ann.ok('trading.orders.place', { productId: q2.id, side: 'sell', price: 20_000, quantity: 4 });
    await tom.ok('trading.orders.place', { productId: q2.id, side: 'buy', price: 10_000, quantity: 4 });
    clockTo(q1.auctionAt);
    await settle();
    const [result] = await tom.ok('trading.auction.results', { productId: q1.id });
    expect(result).toMatchObject({ volume: 2 });
    const tomOrders = await tom.ok('trading.orders.list', {});
    expect(tomOrders.find((o) => o.id === buy.id)).toMatchObject({ status: 'expired', filled: 2, remaining: 0, reason: 'auction_unfilled', reasonParams: { priceUnits: result!.price } });
    expect(tomOrders.find((o) => o.id === lonely.id)).toMatchObject({ status: 'expired', filled: 0, reason: 'auction_unfilled' });
    expect((await ann.ok('trading.orders.list', {})).find((o) => o.id === sell.id)).toMatchObject({ status: 'filled' });
    expect(tom.eventsOf('trading.order').filter((o) => o.id === lonely.id).at(-1)).toMatchObject({ status: 'expired', reason: 'auction_unfilled' });
    // The book of a quarter whose auction ran is empty: no order of anybody's waits in it.
    expect(await tom.ok('trading.book.get', { productId: q1.id })).toMatchObject({ bids: [], asks: [] });

    clockTo(q2.auctionAt);
    await settle();
    expect((await ann.ok('trading.orders.list', {})).find((o) => o.id === apart.id)).toMatchObject({ status: 'expired', filled: 0, reason: 'auction_unfilled', reasonParams: { context: 'noCross' } });
  });

  it('refuses a block in the rolling quarter-hour auctions with a code, and the quarters stay open for everybody', async () => {
    const { ann, tom, quarters } = await setup();
    const [q1, q2] = quarters as [LocalProductView, LocalProductView];
    const refused = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, q2.id], price: 15_000, quantity: 5 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'BLOCK_NEEDS_DAILY_AUCTION', field: 'productIds.0', message: expect.stringContaining('daily auction') } });
    expect(await tom.ok('trading.orders.list', {})).toEqual([]);
    clockTo(q1.auctionAt);
    await settle();
    // q1's auction ran on its own; q2 still takes orders until its own time.
    expect(await ann.ok('trading.orders.place', { productId: q2.id, side: 'sell', price: 10_000, quantity: 1 })).toMatchObject({ status: 'working' });
  });

  it('fills a continuous block at once on every hour, or rejects it with nothing traded', async () => {
    const { ann, tom } = await setup();
    const now = harness.clock.now();
    const hours = (await tom.ok('trading.products.list', {})).filter((p) => p.kind === 'hour' && p.gateClosure > now + 3_600_000).sort((a, b) => a.deliveryStart - b.deliveryStart);
    const [h1, h2] = hours as [(typeof hours)[0], (typeof hours)[0]];
    await ann.ok('trading.orders.place', { productId: h1.id, side: 'sell', price: 7_000, quantity: 1_000 });
    const refused = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [h1.id, h2.id], price: 7_500, quantity: 1_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'BLOCK_UNFILLED' } });
    expect(await tom.ok('trading.trades.list', {})).toEqual([]);
    await ann.ok('trading.orders.place', { productId: h2.id, side: 'sell', price: 7_200, quantity: 1_000 });
    const filled = await tom.ok('trading.orders.placeBlock', { side: 'buy', productIds: [h1.id, h2.id], price: 7_500, quantity: 1_000 });
    expect(filled).toMatchObject({ status: 'filled', legs: [{ filled: 1_000 }, { filled: 1_000 }] });
    expect((await tom.ok('trading.trades.list', {})).map((t) => t.price).sort()).toEqual([7_000, 7_200]);
  });

  it('refuses bad block orders with a reason the user can read', async () => {
    const { tom } = await setup();
    // Blocks trade in the daily auction (area LMD), so that is where a bad one is refused.
    const quarters = (await tom.ok('trading.auction.products', {})).filter((p) => p.area === 'LMD' && p.openAt <= harness.clock.now() && p.auctionAt > harness.clock.now()).sort((a, b) => a.deliveryStart - b.deliveryStart);
    const [q1, , q3] = quarters as [LocalProductView, LocalProductView, LocalProductView];
    const gap = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, q3.id], price: 10_000, quantity: 5 });
    expect(gap).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'BAD_BLOCK', field: 'productIds.1', message: expect.stringContaining('consecutive') } });
    const unknown = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, 'LMD-Q-20991231T2300Z'], price: 10_000, quantity: 5 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'UNKNOWN_PRODUCT', field: 'productIds.1' } });
    const single = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id], price: 10_000, quantity: 5 });
    expect(single).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'productIds' } });
    const offLot = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, quarters[1]!.id], price: 10_000, quantity: 500_000 });
    expect(offLot).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'ABOVE_MAX_QUANTITY' } });
    clockTo(q1.auctionAt + 60_000);
    const late = await tom.call('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, quarters[1]!.id], price: 10_000, quantity: 5 });
    expect(late).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'GATE_CLOSED', field: 'productIds.0', message: expect.stringContaining('call phase') } });
    expect(await tom.ok('trading.orders.list', {})).toEqual([]);
  });

  it('keeps waiting orders and finished auctions across a restart, and never runs an auction twice', async () => {
    const { ann, tom, quarters } = await setup();
    const q = quarters[0]!;
    await ann.ok('trading.orders.place', { productId: q.id, side: 'sell', price: 9_000, quantity: 3 });
    await tom.ok('trading.orders.place', { productId: q.id, side: 'buy', price: 9_000, quantity: 3 });
    clockTo(q.auctionAt);
    await settle();
    await tom.ok('trading.orders.place', { productId: quarters[1]!.id, side: 'buy', price: 9_000, quantity: 4 });
    const dataDir = harness.dataDir;
    const at = harness.clock.now();
    harness.close();
    harness = openHarness(dataDir);
    harness.clock.advance(at - harness.clock.now());
    void harness.core.tick('trading');
    const back = harness.connect();
    await back.ok('auth.login', { username: 'tom', password: 'tom-password-123' });
    expect(await rollingResults(back)).toHaveLength(1);
    const [waiting] = (await back.ok('trading.orders.list', {})).filter((o) => o.productId === quarters[1]!.id);
    expect(waiting).toMatchObject({ status: 'working', quantity: 4 });
    clockTo(quarters[1]!.auctionAt);
    await settle();
    expect((await rollingResults(back)).map((r) => r.productId).sort()).toEqual([q.id, quarters[1]!.id].sort());
  });
});
