import { afterEach, describe, expect, it } from 'vitest';
import type { LocalProductView } from '../../src-shared/contract/trading';
import { openHarness, withAdmin, withUser, type Client, type Harness, withStore } from '../helpers/core';

/**
 * A sell on the local market is checked against the seller's site batteries, through the real Core:
 * battery state of charge arrives through the device ingest (the message handler and the ingest
 * queue, as from the broker), orders through the router and the trading service.
 */

let harness: Harness;
afterEach(() => harness?.close());

const send = (topic: string, body: unknown) => harness.core.receiveMqtt({ topic, payload: Buffer.from(JSON.stringify(body)), retain: false });

/**
 * Two batteries at site "south", each 10 kWh at 60 % SoC (minimum 10 %) and 4 kW discharge: over a
 * quarter hour each can deliver min(5 kWh, 4 kW × 0.25 h) = 1 kWh, so the site 2 kWh = 8 kW sold.
 */
function southBatteries(): void {
  for (const name of ['bat-a', 'bat-b']) {
    send(`griddesk/south/${name}/birth`, { type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000, maxDischargeW: 4_000 });
    send(`griddesk/south/${name}/telemetry`, { ts: harness.clock.now(), socPct: 60 });
  }
  harness.core.checkpoint();
}

interface Setup {
  admin: Client;
  ann: Client;
  tom: Client;
  annId: number;
  tomId: number;
  /** Three consecutive quarters of the local market's daily auction (where blocks trade) still in their call phase. */
  q: LocalProductView;
  next: LocalProductView;
  third: LocalProductView;
}

async function setup(mode: 'warn' | 'refuse'): Promise<Setup> {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const ann = await withUser(harness, admin, 'ann', 'trader');
  const tom = await withUser(harness, admin, 'tom', 'trader');
  const users = await admin.ok('auth.users.list', {});
  const idOf = (name: string) => users.find((u) => u.username === name)!.id;
  await admin.ok('devices.settings.set', { battery: { deliveryCheck: mode } });
  southBatteries();
  const now = harness.clock.now();
  const quarters = (await ann.ok('trading.auction.products', {})).filter((p) => p.area === 'LMD' && p.openAt <= now && p.auctionAt > now + 600_000).sort((a, b) => a.deliveryStart - b.deliveryStart);
  return { admin, ann, tom, annId: idOf('ann'), tomId: idOf('tom'), q: quarters[0]!, next: quarters[1]!, third: quarters[2]! };
}

const sell = (client: Client, productId: string, quantity: number) => client.call('trading.orders.place', { productId, side: 'sell', price: 5_000, quantity });

async function auditTypes(admin: Client): Promise<string[]> {
  return (await admin.ok('audit.list', { limit: 1_000 })).map((e) => e.type);
}

describe('site assignment', () => {
  it('is for administrators only, audited, validated and removable', async () => {
    const { admin, ann, annId } = await setup('warn');
    const refused = await ann.call('delivery.setSite', { userId: annId, site: 'south' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ann.call('delivery.sites', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await admin.ok('delivery.setSite', { userId: annId, site: 'south' })).toEqual({ userId: annId, site: 'south' });
    expect(await admin.ok('delivery.sites', {})).toEqual([{ userId: annId, site: 'south', updatedAt: harness.clock.now(), updatedBy: 'admin' }]);
    const entry = (await admin.ok('audit.list', {})).find((e) => e.type === 'users.site_set');
    expect(entry).toMatchObject({ actor: 'admin', payload: { userId: annId, site: 'south', previous: null } });

    expect(await admin.call('delivery.setSite', { userId: 999, site: 'south' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'userId' } });
    // A site is one MQTT topic level: no separators or wildcards.
    expect(await admin.call('delivery.setSite', { userId: annId, site: 'south/#' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    await admin.ok('delivery.setSite', { userId: annId, site: null });
    expect(await admin.ok('delivery.sites', {})).toEqual([]);
  });
});

describe('delivery check on local-market sells', () => {
  it('refuses, in refuse mode, a sell the site batteries cannot deliver: nothing stored, refusal audited', async () => {
    const { admin, ann, annId, q } = await setup('refuse');
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    const before = await auditTypes(admin);

    const result = await sell(ann, q.id, 9);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'REJECTED', reason: 'DELIVERY_SHORT', field: 'quantity' });
    expect(result.error.message).toContain(`Site south batteries can deliver 2 kWh of the 2.25 kWh sold for ${q.id}`);
    expect(await ann.ok('trading.orders.list', {})).toEqual([]);
    expect(withStore(harness, (db) => db.prepare('SELECT COUNT(*) FROM orders').pluck().get())).toBe(0);
    const after = await admin.ok('audit.list', { limit: 1_000 });
    expect(after.map((e) => e.type).filter((t) => t === 'delivery.refused')).toHaveLength(1);
    expect(after.length - before.length).toBe(1);
    expect(after.find((e) => e.type === 'delivery.refused')).toMatchObject({ actor: 'ann', payload: { productId: q.id, site: 'south', soldWh: 2_250, deliverableWh: 2_000 } });

    // What the batteries can deliver goes through.
    expect((await sell(ann, q.id, 8)).ok).toBe(true);
  });

  it('accepts, in warn mode, and warns only the seller', async () => {
    const { admin, ann, tom, annId, q, next } = await setup('warn');
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    const placed = await sell(ann, q.id, 9);
    expect(placed).toMatchObject({ ok: true, value: { status: 'working', quantity: 9 } });
    const warnings = ann.eventsOf('delivery.warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ kind: 'delivery_short', productId: q.id, site: 'south', quantityKw: 9, orderWh: 2_250, soldWh: 2_250, deliverableWh: 2_000 });
    expect(warnings[0]!.message).toContain('Site south batteries can deliver 2 kWh of the 2.25 kWh sold');
    expect(tom.eventsOf('delivery.warning')).toEqual([]);
    expect(admin.eventsOf('delivery.warning')).toEqual([]);
    expect(await auditTypes(admin)).toContain('delivery.warned');

    // An order the engine refuses after the check passed it is not warned about.
    const outOfBand = await ann.call('trading.orders.place', { productId: q.id, side: 'sell', price: 500_000, quantity: 9 });
    expect(outOfBand).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'OUT_OF_BAND' } });
    expect(ann.eventsOf('delivery.warning')).toHaveLength(1);
    expect((await auditTypes(admin)).filter((t) => t === 'delivery.warned')).toHaveLength(1);

    // A block order is warned about its short leg once it is stored.
    await ann.ok('trading.orders.placeBlock', { side: 'sell', productIds: [q.id, next.id], price: 5_000, quantity: 1 });
    expect(ann.eventsOf('delivery.warning').map((w) => [w.productId, w.soldWh])).toEqual([
      [q.id, 2_250],
      [q.id, 2_500],
    ]);

    // Within what the batteries hold there is no warning.
    const eve = await withUser(harness, admin, 'eve', 'trader');
    const eveId = (await admin.ok('auth.users.list', {})).find((u) => u.username === 'eve')!.id;
    await admin.ok('delivery.setSite', { userId: eveId, site: 'north' });
    send('griddesk/north/bat-n/birth', { type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000, maxDischargeW: 4_000 });
    send('griddesk/north/bat-n/telemetry', { ts: harness.clock.now(), socPct: 90 });
    harness.core.checkpoint();
    expect((await sell(eve, q.id, 4)).ok).toBe(true);
    expect(eve.eventsOf('delivery.warning')).toEqual([]);
  });

  it('sums split orders, block legs, modifies and the other users of the same site', async () => {
    const { admin, ann, tom, annId, tomId, q, next, third } = await setup('refuse');
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    await admin.ok('delivery.setSite', { userId: tomId, site: 'south' });

    const first = await ann.ok('trading.orders.place', { productId: q.id, side: 'sell', price: 5_000, quantity: 5 });
    const split = await sell(ann, q.id, 4);
    expect(split).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    if (!split.ok) expect(split.error.message).toContain('of the 2.25 kWh sold');
    // The same batteries back tom's sells.
    expect(await sell(tom, q.id, 4)).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    expect((await sell(tom, q.id, 3)).ok).toBe(true);

    // A block order's leg on the full quarter is refused; on the next quarter it fits.
    const block = await ann.call('trading.orders.placeBlock', { side: 'sell', productIds: [q.id, next.id], price: 5_000, quantity: 1 });
    expect(block).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    const later = await ann.ok('trading.orders.placeBlock', { side: 'sell', productIds: [next.id, third.id], price: 5_000, quantity: 6 });
    // The block's leg on `next` counts: 6 kW there + 3 kW more is more than 8 kW.
    expect(await sell(tom, next.id, 3)).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    expect((await sell(tom, next.id, 2)).ok).toBe(true);
    expect(later.legs).toHaveLength(2);

    // Enlarging a sell on a full quarter is refused; shrinking it is not checked and frees room.
    expect(await ann.call('trading.orders.modify', { orderId: first.id, quantity: 6 })).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    expect((await ann.call('trading.orders.modify', { orderId: first.id, quantity: 4 })).ok).toBe(true);
    expect((await ann.call('trading.orders.modify', { orderId: first.id, quantity: 5 })).ok).toBe(true);
    // A cancelled sell no longer counts.
    await ann.ok('trading.orders.cancel', { orderId: first.id });
    expect((await sell(ann, q.id, 5)).ok).toBe(true);
  });

  it('does not check buys, users without a site, or products outside the local market', async () => {
    const { admin, ann, tom, annId, q } = await setup('refuse');
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    expect((await ann.call('trading.orders.place', { productId: q.id, side: 'buy', price: 5_000, quantity: 500 })).ok).toBe(true);
    expect((await sell(tom, q.id, 500)).ok).toBe(true);
    const continuous = (await ann.ok('trading.products.list', {})).find((p) => p.kind === 'quarter' && p.openAt <= harness.clock.now() && p.gateClosure > harness.clock.now())!;
    expect((await sell(ann, continuous.id, 100_000)).ok).toBe(true);
    expect(ann.eventsOf('delivery.warning')).toEqual([]);
  });

  it('promises nothing on a stale state of charge, and names why', async () => {
    const { admin, ann, annId, q } = await setup('refuse');
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    harness.clock.advance(16 * 60_000);
    const result = await sell(ann, q.id, 1);
    expect(result).toMatchObject({ ok: false, error: { reason: 'DELIVERY_SHORT' } });
    if (!result.ok) expect(result.error.message).toContain('bat-a: state of charge is stale');
    // A fresh reading through the ingest restores it.
    send('griddesk/south/bat-a/telemetry', { ts: harness.clock.now(), socPct: 60 });
    harness.core.checkpoint();
    expect((await sell(ann, q.id, 4)).ok).toBe(true);
  });

  it('gives the ticket its site and the open sells to preview against devices.canDeliver', async () => {
    const { admin, ann, tom, annId, q } = await setup('warn');
    expect(await ann.ok('delivery.context', { productId: q.id })).toMatchObject({ site: null, checked: true, openSellWh: 0 });
    await admin.ok('delivery.setSite', { userId: annId, site: 'south' });
    await ann.ok('trading.orders.place', { productId: q.id, side: 'sell', price: 5_000, quantity: 6 });
    await ann.ok('trading.orders.place', { productId: q.id, side: 'buy', price: 4_000, quantity: 3 });
    const context = await ann.ok('delivery.context', { productId: q.id });
    expect(context).toEqual({ site: 'south', checked: true, from: q.deliveryStart, to: q.deliveryEnd, openSellWh: 1_500 });
    const preview = await ann.ok('devices.canDeliver', { site: 'south', energyWh: context.openSellWh + 3 * 250, from: context.from, to: context.to });
    expect(preview).toMatchObject({ verdict: 'warn', deliverableWh: 2_000, requestedWh: 2_250 });
    expect((await tom.ok('delivery.context', { productId: 'DE-Q-20261123T1000Z' })).checked).toBe(false);
  });
});
