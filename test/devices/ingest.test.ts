import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimDevice } from '../../src-main/devices/simulator/sim-device';
import { openDeviceHarness, rawClient, until, type DeviceHarness } from './helpers/harness';
import { Mosquitto } from './helpers/mosquitto';

let broker: Mosquitto;
let h: DeviceHarness;
beforeAll(async () => {
  broker = await Mosquitto.start();
});
afterAll(async () => {
  await broker?.destroy();
});
afterEach(async () => {
  await h?.close();
});

const solar = (name = 'pv-1') => ({ site: 'north', name, type: 'solar' as const, ratedPowerW: 10_000 });

async function withDevice(name = 'pv-1'): Promise<SimDevice> {
  const device = new SimDevice(solar(name));
  await device.connect({ url: broker.url });
  await until(() => h.devices.deviceAt('north', name)?.online === true, `${name} to register`);
  return device;
}

const stored = (name = 'pv-1') => {
  const id = h.devices.deviceAt('north', name)!.id;
  return h.db.prepare('SELECT COUNT(*) FROM device_telemetry WHERE device_id = ?').pluck().get(id) as number;
};

describe('registry from birth messages', () => {
  it('registers a device from its birth, marks it online and audits it', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const [listed] = await h.admin.ok('devices.list', {});
    expect(listed).toMatchObject({ site: 'north', name: 'pv-1', type: 'solar', ratedPowerW: 10_000, firmware: '1.0.0', online: true, source: 'birth' });
    const audit = await h.admin.ok('audit.list', {});
    expect(audit.some((e) => e.type === 'devices.registered' && e.actor === 'mqtt:north/pv-1')).toBe(true);
    expect(h.admin.eventsOf('devices.device').some((d) => d.name === 'pv-1')).toBe(true);
    await device.stop();
  });

  it('marks a device offline when the broker publishes its last will', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice('pv-will');
    device.crash();
    await until(() => h.devices.deviceAt('north', 'pv-will')?.online === false, 'the last will');
    const audit = await h.admin.ok('audit.list', {});
    expect(audit.some((e) => e.type === 'devices.offline')).toBe(true);
  });
});

describe('telemetry ingest', () => {
  it('stores QoS 1 telemetry and serves it by range', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 20; i++) await device.publishTelemetry(t0 + i * 100);
    await until(() => stored() === 20, '20 stored readings');
    const id = h.devices.deviceAt('north', 'pv-1')!.id;
    const series = await h.admin.ok('devices.telemetry', { deviceId: id, from: t0, to: t0 + 2_000 });
    expect(series.resolution).toBe('raw');
    expect(series.points).toHaveLength(20);
    expect(series.points[0]).toMatchObject({ ts: t0, count: 1, skewed: false });
    expect(series.points[0]!.voltageV).toBeGreaterThan(200);
    await device.stop();
  });

  it('stores a QoS 1 redelivery (same device and timestamp) once', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const client = await rawClient(broker.url);
    const reading = JSON.stringify({ ts: Date.now() - 1_000, powerW: 500, importWh: 0, exportWh: 42 });
    await client.publishAsync('griddesk/north/pv-1/telemetry', reading, { qos: 1 });
    await client.publishAsync('griddesk/north/pv-1/telemetry', reading, { qos: 1, dup: true });
    await until(() => h.devices.counter('duplicate') === 1, 'the duplicate to be counted');
    expect(stored()).toBe(1);
    await client.endAsync();
    await device.stop();
  });

  it('drops malformed JSON and wrongly typed fields, counting each', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const client = await rawClient(broker.url);
    await client.publishAsync('griddesk/north/pv-1/telemetry', '{"powerW": 12', { qos: 1 });
    await client.publishAsync('griddesk/north/pv-1/telemetry', JSON.stringify({ powerW: 'a lot' }), { qos: 1 });
    await client.publishAsync('griddesk/north/pv-1/telemetry', JSON.stringify({ ts: Date.now(), powerW: 7 }), { qos: 1 });
    await until(() => stored() === 1, 'the valid reading');
    expect(h.devices.counter('malformed_json')).toBe(1);
    expect(h.devices.counter('invalid')).toBe(1);
    await client.endAsync();
    await device.stop();
  });

  it('refuses a 10 MB payload, counts it and keeps ingesting', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const client = await rawClient(broker.url);
    const huge = JSON.stringify({ ts: Date.now(), powerW: 1, junk: 'x'.repeat(10 * 1024 * 1024) });
    await client.publishAsync('griddesk/north/pv-1/telemetry', huge, { qos: 1 });
    await client.publishAsync('griddesk/north/pv-1/telemetry', JSON.stringify({ ts: Date.now() + 1, powerW: 2 }), { qos: 1 });
    await until(() => stored() === 1, 'the small reading');
    expect(h.devices.counter('oversized')).toBe(1);
    expect(h.devices.status().connected).toBe(true);
    await client.endAsync();
    await device.stop();
  });

  it("refuses telemetry whose payload names another device than its topic", async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const victim = await withDevice('pv-victim');
    const client = await rawClient(broker.url);
    await client.publishAsync('griddesk/north/pv-victim/telemetry', JSON.stringify({ device: 'pv-evil', ts: Date.now(), powerW: 9_999 }), { qos: 1 });
    await until(() => h.devices.counter('spoofed') === 1, 'the spoof to be counted');
    expect(stored('pv-victim')).toBe(0);
    await client.endAsync();
    await victim.stop();
  });

  it('clamps a timestamp far in the future to arrival time and flags it', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url, { ingest: { maxFutureSkewS: 30 } });
    const device = await withDevice();
    const client = await rawClient(broker.url);
    const before = Date.now();
    await client.publishAsync('griddesk/north/pv-1/telemetry', JSON.stringify({ ts: before + 3_600_000, powerW: 5 }), { qos: 1 });
    await until(() => stored() === 1, 'the skewed reading');
    const row = h.db.prepare('SELECT ts, skewed FROM device_telemetry').get() as { ts: number; skewed: number };
    expect(row.skewed).toBe(1);
    expect(row.ts).toBeGreaterThanOrEqual(before);
    expect(row.ts).toBeLessThan(before + 60_000);
    expect(h.devices.counter('skewed')).toBe(1);
    await client.endAsync();
    await device.stop();
  });

  it('accepts late data with its own (past) timestamp', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await withDevice();
    const hourAgo = Date.now() - 3_600_000;
    await device.publishTelemetry(hourAgo);
    await until(() => stored() === 1, 'the late reading');
    expect(h.db.prepare('SELECT ts FROM device_telemetry').pluck().get()).toBe(hourAgo);
    expect(h.devices.counter('late')).toBe(1);
    await device.stop();
  });

  it('reads a Tasmota device through its mapping (ENERGY.Power in W, ENERGY.Total in kWh)', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const device = await h.admin.ok('devices.add', {
      site: 'north',
      name: 'tasmota-1',
      type: 'meter',
      ratedPowerW: 3_600,
      mapping: {
        entries: [
          { topic: 'tele/tasmota_1/SENSOR', metric: 'powerW', path: 'ENERGY.Power' },
          { topic: 'tele/tasmota_1/SENSOR', metric: 'importWh', path: 'ENERGY.Total', scale: 1000 },
        ],
      },
    });
    await new Promise((r) => setTimeout(r, 200)); // the new subscription reaches the broker
    const client = await rawClient(broker.url);
    await client.publishAsync('tele/tasmota_1/SENSOR', JSON.stringify({ Time: '2026-01-01T00:00:00', ENERGY: { Total: 12.345, Power: 230 } }), { qos: 1 });
    await until(() => stored('tasmota-1') === 1, 'the mapped reading');
    const row = h.db.prepare('SELECT power_w, import_wh FROM device_telemetry WHERE device_id = ?').get(device.id);
    expect(row).toEqual({ power_w: 230, import_wh: 12_345 });
    expect(h.devices.device(device.id)!.online).toBe(true);
    await client.endAsync();
  });
});
