import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueuedReading } from '../../src-main/devices/telemetry/ingest';
import { ManualClock, openDeviceHarness, type DeviceHarness } from './helpers/harness';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
const DAY = 86_400_000;
let h: DeviceHarness | undefined;
afterEach(async () => {
  await h?.close();
});

const meter = { site: 'plant', name: 'meter-1', type: 'meter' as const, ratedPowerW: 20_000 };

describe('device registry calls', () => {
  it('lets an operator add, edit, disable and remove a device, each audited under their name', async () => {
    h = await openDeviceHarness();
    const operator = await h.userWithRole('otto', 'operator');
    const added = await operator.ok('devices.add', meter);
    expect(added).toMatchObject({ source: 'manual', online: false, enabled: true, minSocPct: 10 });
    const edited = await operator.ok('devices.edit', { deviceId: added.id, model: 'EM24', ratedPowerW: 25_000 });
    expect(edited).toMatchObject({ model: 'EM24', ratedPowerW: 25_000, type: 'meter' });
    expect((await operator.ok('devices.setEnabled', { deviceId: added.id, enabled: false })).enabled).toBe(false);
    await operator.ok('devices.remove', { deviceId: added.id });
    expect(await operator.ok('devices.list', {})).toEqual([]);
    const audit = await h.admin.ok('audit.list', {});
    const mine = audit.filter((e) => e.actor === 'otto').map((e) => e.type);
    expect(mine).toEqual(expect.arrayContaining(['devices.added', 'devices.edited', 'devices.disabled', 'devices.removed']));
  });

  it('lets a viewer read devices but not change them', async () => {
    h = await openDeviceHarness();
    await h.admin.ok('devices.add', meter);
    const viewer = await h.userWithRole('vera', 'viewer');
    expect(await viewer.ok('devices.list', {})).toHaveLength(1);
    expect(await viewer.call('devices.add', { ...meter, name: 'meter-2' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a second device with the same site and name', async () => {
    h = await openDeviceHarness();
    await h.admin.ok('devices.add', meter);
    expect(await h.admin.call('devices.add', meter)).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'name' } });
  });

  it('refuses names that would change MQTT topics (separators, wildcards)', async () => {
    h = await openDeviceHarness();
    expect(await h.admin.call('devices.add', { ...meter, name: 'a/#' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'name' } });
  });

  it('keeps a heartbeat in memory at once and writes it on the next tick, and ignores a replayed retained birth', async () => {
    const clock = new ManualClock(T);
    h = await openDeviceHarness({ clock });
    const birth = Buffer.from(JSON.stringify({ type: 'meter', ratedPowerW: 20_000 }));
    h.devices.receive({ topic: 'griddesk/plant/meter-1/birth', payload: birth, retain: false });
    const device = h.devices.deviceAt('plant', 'meter-1')!;
    const savedSeen = () => h!.db.prepare('SELECT last_seen FROM devices WHERE id = ?').pluck().get(device.id);
    clock.set(T + 60_000);
    h.devices.receive({ topic: 'griddesk/plant/meter-1/status', payload: Buffer.from('{"state":"online"}'), retain: false });
    expect((await h.admin.ok('devices.list', {}))[0]!.lastSeen).toBe(T + 60_000);
    expect(savedSeen()).toBe(T);
    h.devices.tick();
    expect(savedSeen()).toBe(T + 60_000);
    clock.set(T + 120_000);
    h.devices.receive({ topic: 'griddesk/plant/meter-1/birth', payload: birth, retain: true });
    h.devices.tick();
    expect((await h.admin.ok('devices.list', {}))[0]!.lastSeen).toBe(T + 60_000);
    expect(savedSeen()).toBe(T + 60_000);
  });

  it('ignores telemetry from a disabled device and counts it', async () => {
    h = await openDeviceHarness();
    const device = await h.admin.ok('devices.add', meter);
    await h.admin.ok('devices.setEnabled', { deviceId: device.id, enabled: false });
    h.devices.receive({ topic: 'griddesk/plant/meter-1/telemetry', payload: Buffer.from('{"powerW":1}'), retain: false });
    h.devices.flush();
    expect(h.devices.counter('disabled_device')).toBe(1);
    expect(h.db.prepare('SELECT COUNT(*) FROM device_telemetry').pluck().get()).toBe(0);
  });
});

describe('device settings', () => {
  it('are admin-only and never echo the broker password or TLS key', async () => {
    h = await openDeviceHarness();
    const operator = await h.userWithRole('otto', 'operator');
    expect(await operator.call('devices.settings.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const view = await h.admin.ok('devices.settings.set', {
      broker: { host: 'broker.example', port: 8883, username: 'gd', password: 's3cret-pass', tls: { enabled: true, key: 'PRIVATE KEY' } },
    });
    expect(view.broker).toMatchObject({ host: 'broker.example', passwordSet: true, tls: { enabled: true, keySet: true } });
    expect(JSON.stringify(view)).not.toContain('s3cret');
    const audit = await h.admin.ok('audit.list', {});
    expect(JSON.stringify(audit)).not.toContain('s3cret');
    expect(JSON.stringify(audit)).not.toContain('PRIVATE KEY');
  });

  it('refuse to turn on a broker that cannot be reached, naming the field, and keep what was stored', async () => {
    h = await openDeviceHarness();
    // A port nobody listens on: taken, then let go.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const refused = await h.admin.call('devices.settings.set', { broker: { enabled: true, host: '127.0.0.1', port: closed } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REJECTED', field: 'broker.host', reason: 'BROKER_UNREACHABLE', params: { port: closed } } });
    expect((await h.admin.ok('devices.settings.get', {})).broker).toMatchObject({ enabled: false, port: 1883 });
    // Stored while off: nothing is connected to, so nothing is probed.
    expect((await h.admin.ok('devices.settings.set', { broker: { host: '127.0.0.1', port: closed } })).broker.port).toBe(closed);
  });

  it('are off by default: no broker connection and no embedded broker', async () => {
    h = await openDeviceHarness();
    const view = await h.admin.ok('devices.settings.get', {});
    expect(view.broker.enabled).toBe(false);
    expect(view.embedded.enabled).toBe(false);
    expect(h.devices.status()).toMatchObject({ connected: false, enabled: false, embedded: { running: false } });
  });
});

describe('telemetry history', () => {
  const at = (deviceId: number, ts: number, powerW: number, exportWh: number): QueuedReading => ({
    deviceId, ts, powerW, exportWh, importWh: 0, voltageDv: 2300, frequencyMhz: 50_000, socPm: null, tempDc: null, skewed: false, receivedAt: ts,
  });

  it('keeps 1-minute and 15-minute aggregates and picks the resolution by range', async () => {
    const clock = new ManualClock(T);
    h = await openDeviceHarness({ clock });
    const device = await h.admin.ok('devices.add', meter);
    for (let i = 0; i < 120; i++) h.devices.queueReading(at(device.id, T - 3_600_000 + i * 30_000, i % 2 === 0 ? 1_000 : 3_000, i));
    h.devices.flush();
    const hour = await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T - 3_600_000, to: T });
    expect(hour).toMatchObject({ resolution: 'raw' });
    expect(hour.points).toHaveLength(120);
    const day = await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T - DAY, to: T });
    expect(day.resolution).toBe('1m');
    expect(day.points).toHaveLength(60);
    expect(day.points[0]).toMatchObject({ powerW: 2_000, powerMinW: 1_000, powerMaxW: 3_000, count: 2, exportWh: 1, voltageV: 230, frequencyHz: 50 });
    const month = await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T - 30 * DAY, to: T });
    expect(month.resolution).toBe('15m');
    expect(month.points).toHaveLength(4);
    expect(month.points[3]).toMatchObject({ count: 30, exportWh: 119 });
  });

  it('prunes raw readings after the retention period but keeps the aggregates', async () => {
    const clock = new ManualClock(T);
    h = await openDeviceHarness({ clock });
    const device = await h.admin.ok('devices.add', meter);
    h.devices.queueReading(at(device.id, T - 10 * DAY, 500, 1));
    h.devices.queueReading(at(device.id, T - 60_000, 500, 2));
    h.devices.flush();
    h.devices.pruneTelemetry(clock.now());
    const count = (table: string) => h!.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    expect(count('device_telemetry')).toBe(1);
    expect(count('device_telemetry_15m')).toBe(2);
  });

  it('answers a 30-day query for one device from 15-minute aggregates quickly', async () => {
    const clock = new ManualClock(T);
    h = await openDeviceHarness({ clock, service: { batchSize: 5_000 } });
    const device = await h.admin.ok('devices.add', meter);
    for (let ts = T - 30 * DAY; ts < T; ts += 60_000) h.devices.queueReading(at(device.id, ts, 1_000, 0));
    h.devices.flush();
    const started = performance.now();
    const month = await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T - 30 * DAY, to: T });
    const ms = performance.now() - started;
    expect(month.points).toHaveLength(30 * 96);
    expect(ms).toBeLessThan(250);
  });
});
