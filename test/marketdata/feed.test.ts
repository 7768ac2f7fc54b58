import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto } from '../devices/helpers/mosquitto';
import { openHarness, removeDir, T0, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

const PRODUCT = 'DE-H-20261123T1100Z';
const SITE = 'desk1';

let broker: Mosquitto;
beforeAll(async () => {
  broker = await Mosquitto.start();
});
afterAll(async () => {
  await broker.destroy();
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MQTT price feed', () => {
  let harness: Harness;
  let admin: Client;
  let trader: Client;

  beforeAll(async () => {
    harness = openHarness();
    admin = await withAdmin(harness);
    trader = await withUser(harness, admin, 'fred', 'trader');
    const status = await admin.ok('marketdata.feed.configure', { enabled: true, url: broker.url, site: SITE });
    expect(status.topic).toBe(`griddesk/${SITE}/market/+/tick`);
    await until(async () => (await trader.ok('marketdata.feed.status', {})).connected, 'the feed to connect');
  });
  afterAll(async () => {
    harness.close();
    removeDir(harness.dataDir);
  });

  it('feeds good ticks into feed candles and the watchlist, and counts and drops bad ones unseen', async () => {
    harness.clock.set(T0 + 70_000);
    const gateway = await mqtt.connectAsync(broker.url);
    const topic = `griddesk/${SITE}/market/${PRODUCT}/tick`;
    const bad: Array<[string, string]> = [
      [topic, 'not json'],
      [topic, JSON.stringify({ price: 81.23, quantity: 500, ts: T0 })],
      [topic, JSON.stringify({ price: 7_777, quantity: 500 })],
      [topic, JSON.stringify({ price: 7_777, quantity: 500, ts: T0, owner: 'x' })],
      [topic, JSON.stringify({ price: 7_777, quantity: 500, ts: T0 + 3_600_000 })],
      [`griddesk/${SITE}/market/not-a-product/tick`, JSON.stringify({ price: 7_777, quantity: 500, ts: T0 })],
    ];
    for (const [t, payload] of bad) await gateway.publishAsync(t, payload);
    await gateway.publishAsync(topic, JSON.stringify({ price: 8_123, quantity: 500, ts: T0 + 5_000 }));
    await gateway.publishAsync(topic, JSON.stringify({ price: 8_200, quantity: 300, ts: T0 + 65_000 }));
    await until(async () => {
      const s = await trader.ok('marketdata.feed.status', {});
      return s.accepted + s.dropped >= bad.length + 2;
    }, 'all ticks to arrive');
    await gateway.endAsync();

    const status = await trader.ok('marketdata.feed.status', {});
    expect(status).toMatchObject({ accepted: 2, dropped: bad.length });
    expect(status.lastDropReason).toMatch(/product id/);

    const series = await trader.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m', source: 'feed' });
    expect(series.candles).toEqual([
      { start: T0, open: 8_123, high: 8_123, low: 8_123, close: 8_123, volume: 500, trades: 1 },
      { start: T0 + 60_000, open: 8_200, high: 8_200, low: 8_200, close: 8_200, volume: 300, trades: 1 },
    ]);
    const own = await trader.ok('marketdata.candles', { productId: PRODUCT, resolution: '1m' });
    expect(own.candles).toEqual([]);
    const row = (await trader.ok('marketdata.watchlist', {})).find((r) => r.productId === PRODUCT);
    expect(row).toMatchObject({ feedPrice: 8_200, feedTs: T0 + 65_000, last: null });

    // Nothing from a dropped tick reached any client.
    const shownPrices = [
      ...trader.eventsOf('marketdata.candle').flatMap((e) => [e.candle.open, e.candle.close]),
      ...trader.eventsOf('marketdata.ticker').map((e) => e.feedPrice),
    ];
    expect(shownPrices).not.toContain(7_777);
    expect(trader.eventsOf('marketdata.ticker').some((e) => e.productId === PRODUCT && e.feedPrice === 8_200)).toBe(true);
  });

  it('is configured by an administrator only, and the password stays out of the audit trail', async () => {
    const refused = await trader.call('marketdata.feed.configure', { enabled: false });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    await admin.ok('marketdata.feed.configure', { enabled: false, username: 'gw', password: 'secret-feed-password' });
    expect((await admin.ok('marketdata.feed.status', {})).connected).toBe(false);
    const audit = await admin.ok('audit.list', {});
    const entry = audit.find((e) => e.type === 'marketdata.feed_configured');
    expect(entry).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain('secret-feed-password');
  });

  it('shows its settings to administrators only, the password only as whether one is stored', async () => {
    await admin.ok('marketdata.feed.configure', { enabled: false, username: 'gw', password: 'other-feed-password' });
    const refused = await trader.call('marketdata.feed.settings', {});
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const settings = await admin.ok('marketdata.feed.settings', {});
    expect(settings).toEqual({ enabled: false, url: broker.url, site: SITE, username: 'gw', passwordSet: true });
    await admin.ok('marketdata.feed.configure', { enabled: false, password: null });
    expect((await admin.ok('marketdata.feed.settings', {})).passwordSet).toBe(false);
  });
});
