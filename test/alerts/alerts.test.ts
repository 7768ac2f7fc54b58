import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { ADMIN, openHarness, removeDir, T0, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(() => {
  harness?.close();
  harness = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function open(): Promise<{ harness: Harness; admin: Client; tom: Client; productId: string }> {
  const h = openHarness();
  harness = h;
  dirs.push(h.dataDir);
  const admin = await withAdmin(h);
  const tom = await withUser(h, admin, 'tom', 'trader');
  const products = await admin.ok('trading.products.list', {});
  const product = products.find((p) => p.kind === 'hour' && p.gateClosure > h.clock.now() + 3_600_000)!;
  return { harness: h, admin, tom, productId: product.id };
}

/** A trade at `price` between two users, so the product's last price is `price`. */
async function trade(seller: Client, buyer: Client, productId: string, price: number): Promise<void> {
  await seller.ok('trading.orders.place', { productId, side: 'sell', price, quantity: 100 });
  await buyer.ok('trading.orders.place', { productId, side: 'buy', price, quantity: 100 });
}

/** The same data folder opened again, as a restart or a reload in another browser finds it. */
async function reopen(h: Harness, username: string, password: string): Promise<Client> {
  h.close();
  harness = openHarness(h.dataDir, new ManualClock(T0 + 60_000));
  const client = harness.connect();
  await client.ok('auth.login', { username, password });
  return client;
}

describe('price alerts', () => {
  it('fires at once, as "already below", when the price is already beyond the level as the rule is made', async () => {
    const { admin, tom, productId } = await open();
    await trade(admin, tom, productId, 5_000);
    const added = await tom.ok('alerts.rules.add', { productId, direction: 'below', price: 6_000 });
    expect(added.rule).toBeNull();
    expect(added.fired).toMatchObject({ kind: 'price', code: 'price_below_already', params: { productId, price: 6_000, last: 5_000 } });
    expect(await tom.ok('alerts.rules.list', {})).toEqual([]);
    expect(tom.eventsOf('alerts.fired')).toHaveLength(1);
  });

  it('keeps a rule that is not yet true and fires it once at the first trade that reaches its level, for its user only', async () => {
    const { admin, tom, productId } = await open();
    await trade(admin, tom, productId, 5_000);
    const added = await tom.ok('alerts.rules.add', { productId, direction: 'above', price: 5_500 });
    expect(added.fired).toBeNull();
    await trade(admin, tom, productId, 5_200);
    expect(await tom.ok('alerts.history.list', {})).toEqual([]);
    await trade(admin, tom, productId, 5_600);
    await trade(admin, tom, productId, 5_700);
    const history = await tom.ok('alerts.history.list', {});
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ code: 'price_above', params: { productId, price: 5_500, last: 5_600 } });
    expect(await tom.ok('alerts.rules.list', {})).toEqual([]);
    expect(admin.eventsOf('alerts.fired')).toEqual([]);
    const audit = await admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'alerts.fired')).toHaveLength(1);
  });

  it("keeps rules and fired alerts across a restart, and another user neither sees nor removes them", async () => {
    const { harness: h, admin, tom, productId } = await open();
    await trade(admin, tom, productId, 5_000);
    const kept = await tom.ok('alerts.rules.add', { productId, direction: 'above', price: 9_000 });
    await tom.ok('alerts.rules.add', { productId, direction: 'below', price: 5_000 });
    const removal = await admin.call('alerts.rules.remove', { ruleId: kept.rule!.id });
    expect(removal).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await admin.ok('alerts.rules.list', {})).toEqual([]);

    const again = await reopen(h, 'tom', 'tom-password-123');
    expect((await again.ok('alerts.rules.list', {})).map((r) => r.price)).toEqual([9_000]);
    expect((await again.ok('alerts.history.list', {})).map((a) => a.code)).toEqual(['price_below_already']);
    const adminAgain = harness!.connect();
    await adminAgain.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await adminAgain.ok('alerts.history.list', {})).toEqual([]);
  });

  it('refuses a rule for a product that does not exist', async () => {
    const { tom } = await open();
    expect(await tom.call('alerts.rules.add', { productId: 'XX-H-NOPE', direction: 'above', price: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('the alert history', () => {
  it('stores an alert seen by two tabs once, and clears for its user only', async () => {
    const { admin, tom, productId } = await open();
    const entry = { key: 'fill:42', kind: 'fill', code: 'fill_buy', params: { productId, price: 5_000, quantity: 100 } } as const;
    expect(await tom.ok('alerts.history.record', entry)).toEqual({ recorded: true });
    expect(await tom.ok('alerts.history.record', entry)).toEqual({ recorded: false });
    await admin.ok('alerts.history.record', entry);
    expect(await tom.ok('alerts.history.list', {})).toHaveLength(1);
    await tom.ok('alerts.history.clear', {});
    expect(await tom.ok('alerts.history.list', {})).toEqual([]);
    expect(await admin.ok('alerts.history.list', {})).toHaveLength(1);
  });
});
