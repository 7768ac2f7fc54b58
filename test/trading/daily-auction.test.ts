import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalProductView } from '../../src-shared/contract/trading';
import { openHarness, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

/** Tomorrow's quarters in the local market's daily auction (area LMD), in delivery order. */
async function setup(): Promise<{ ann: Client; tom: Client; admin: Client; day: LocalProductView[]; rolling: LocalProductView[] }> {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const ann = await withUser(harness, admin, 'ann', 'trader');
  const tom = await withUser(harness, admin, 'tom', 'trader');
  const now = harness.clock.now();
  const all = (await ann.ok('trading.auction.products', {})).sort((a, b) => a.deliveryStart - b.deliveryStart);
  const day = all.filter((p) => p.area === 'LMD' && p.openAt <= now && p.auctionAt > now);
  const rolling = all.filter((p) => p.area === 'LM' && p.auctionAt > now);
  return { ann, tom, admin, day, rolling };
}

function clockTo(at: number): void {
  harness.clock.advance(at - harness.clock.now());
  void harness.core.tick('trading');
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the local market\u2019s daily block auction', () => {
  it('lists every quarter of the next delivery day with one auction at 12:00 the day before, on the area\u2019s clock', async () => {
    const { day } = await setup();
    expect(day).toHaveLength(96);
    const gate = DateTime.fromMillis(day[0]!.auctionAt, { zone: 'Europe/Berlin' });
    expect(gate.toFormat('HH:mm')).toBe('12:00');
    expect(DateTime.fromMillis(day[0]!.deliveryStart, { zone: 'Europe/Berlin' }).toISODate()).toBe(gate.plus({ days: 1 }).toISODate());
    expect(new Set(day.map((p) => p.auctionAt)).size).toBe(1);
    expect(day.every((p) => p.kind === 'quarter' && p.mode === 'auction' && p.deliveryEnd - p.deliveryStart === 900_000)).toBe(true);
  });

  it('clears all quarters of a block at once at the gate: in the money it fills at the uniform prices, out of it it is rejected with a reason', async () => {
    const { ann, tom, admin, day, rolling } = await setup();
    const [q1, q2, q3, q4] = day as [LocalProductView, LocalProductView, LocalProductView, LocalProductView];
    // Tom buys 5 kW over q1–q2 at 100.00; offers 80.00 and 115.00: average 97.50, in the money.
    const inMoney = await tom.ok('trading.orders.placeBlock', { side: 'buy', productIds: [q1.id, q2.id], price: 10_000, quantity: 5 });
    await ann.ok('trading.orders.place', { productId: q1.id, side: 'sell', price: 8_000, quantity: 5 });
    await ann.ok('trading.orders.place', { productId: q2.id, side: 'sell', price: 11_500, quantity: 5 });
    // Over q3–q4 at 100.00 against 95.00 and 120.00: average 107.50, out of the money.
    const outOfMoney = await tom.ok('trading.orders.placeBlock', { side: 'buy', productIds: [q3.id, q4.id], price: 10_000, quantity: 5 });
    await ann.ok('trading.orders.place', { productId: q3.id, side: 'sell', price: 9_500, quantity: 5 });
    await ann.ok('trading.orders.place', { productId: q4.id, side: 'sell', price: 12_000, quantity: 5 });
    expect(inMoney).toMatchObject({ status: 'working' });

    // Nothing ends early: the rolling quarters and the other daily quarters still take orders.
    expect(await ann.ok('trading.orders.place', { productId: rolling[0]!.id, side: 'sell', price: 9_000, quantity: 1 })).toMatchObject({ status: 'working' });
    clockTo(q1.auctionAt - 1);
    expect(await admin.ok('trading.auction.results', {})).toEqual(expect.not.arrayContaining([expect.objectContaining({ productId: q1.id })]));

    clockTo(q1.auctionAt);
    await settle();
    const results = new Map((await admin.ok('trading.auction.results', { limit: 500 })).map((r) => [r.productId, r]));
    expect(day.every((p) => results.has(p.id))).toBe(true);
    expect([results.get(q1.id)!.price, results.get(q2.id)!.price]).toEqual([8_000, 11_500]);
    expect([results.get(q3.id)!.volume, results.get(q4.id)!.volume]).toEqual([0, 0]);

    const orders = new Map((await tom.ok('trading.orders.list', {})).map((o) => [o.id, o]));
    expect(orders.get(inMoney.id)).toMatchObject({ status: 'filled', filled: 10, remaining: 0 });
    expect(orders.get(outOfMoney.id)).toMatchObject({ status: 'rejected', reason: 'block_rejected', filled: 0 });
    const trades = (await tom.ok('trading.trades.list', {})).filter((t) => t.buyOrderId === inMoney.id);
    expect(trades.map((t) => [t.productId, t.price, t.quantity]).sort()).toEqual([
      [q1.id, 8_000, 5],
      [q2.id, 11_500, 5],
    ]);
    // The daily auction has run: its quarters take no more orders; the rolling quarter still waits for its own.
    expect(await ann.call('trading.orders.place', { productId: q1.id, side: 'sell', price: 8_000, quantity: 1 })).toMatchObject({ ok: false, error: { reason: 'GATE_CLOSED' } });
    expect(results.has(rolling[0]!.id)).toBe(false);
    // The next day's daily auction opened at this gate: one daily auction always takes orders.
    const now = harness.clock.now();
    const next = (await ann.ok('trading.auction.products', {})).filter((p) => p.area === 'LMD' && p.openAt <= now && p.auctionAt > now);
    expect(next).toHaveLength(96);
    expect(next[0]!.auctionAt - q1.auctionAt).toBe(24 * 3_600_000);
  });
});
