import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-main/api/event-bus';
import { Recorder } from '../../src-main/api/recorder';
import { createDevices } from '../../src-main/devices';
import type { QueuedReading } from '../../src-main/devices/telemetry/ingest';
import { openDatabase } from '../../src-main/store/database';
import { openSecretBox } from '../../src-main/store/secret-box';
import { EventLog } from '../../src-main/store/event-log';
import { terminalIdOf } from '../../src-main/store/meta';
import { ManualClock, openDeviceHarness, type DeviceHarness } from './helpers/harness';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
let h: DeviceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const meter = { site: 'plant', name: 'meter-1', type: 'meter' as const, ratedPowerW: 20_000 };
const at = (deviceId: number, ts: number, powerW: number, exportWh: number): QueuedReading => ({
  deviceId, ts, powerW, exportWh, importWh: 0, voltageDv: 2300, frequencyMhz: 50_000, socPm: null, tempDc: null, skewed: false, receivedAt: ts,
});

function killAfterStored(dir: string, count: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'crash-ingest.ts'), dir, String(T), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    if (d.toString().includes(`STORED ${count}`)) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited early: ${errors}`)))),
  );
}

describe('deferred aggregates', () => {
  it('writes raw rows on every flush but aggregates only when due, and a query still sees every reading', async () => {
    h = await openDeviceHarness({ clock: new ManualClock(T), service: { batchSize: 10, aggregateEveryMs: 3_600_000 } });
    const device = await h.admin.ok('devices.add', meter);
    for (let i = 0; i < 20; i++) h.devices.queueReading(at(device.id, T + i * 1_000, 1_000, i));
    const count = (table: string) => h!.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    expect(count('device_telemetry')).toBe(20);
    expect(count('device_telemetry_1m')).toBe(0);
    expect(h.db.prepare("SELECT value FROM device_settings WHERE key = 'aggregates.dirty'").pluck().get()).toBe(`["${device.id}:${T}"]`);
    const minute = await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T, to: T + 60_000, resolution: '1m' });
    expect(minute.points).toEqual([expect.objectContaining({ count: 20, powerW: 1_000, exportWh: 19 })]);
    expect(count('device_telemetry_1m')).toBe(1);
    // The quarter was recorded as possibly behind while it was, and is no longer once written.
    expect(h.db.prepare("SELECT value FROM device_settings WHERE key = 'aggregates.dirty'").pluck().get()).toBe('[]');
  });

  it('does not count a duplicate twice when it arrives after the deferred aggregates were written', async () => {
    h = await openDeviceHarness({ clock: new ManualClock(T), service: { batchSize: 10, aggregateEveryMs: 3_600_000 } });
    const device = await h.admin.ok('devices.add', meter);
    for (let i = 0; i < 10; i++) h.devices.queueReading(at(device.id, T + i * 1_000, 2_000, i));
    h.devices.flush();
    for (let i = 0; i < 10; i++) h.devices.queueReading(at(device.id, T + i * 1_000, 2_000, i));
    h.devices.flush();
    const [point] = (await h.admin.ok('devices.telemetry', { deviceId: device.id, from: T, to: T + 60_000, resolution: '15m' })).points;
    expect(point).toMatchObject({ count: 10, powerW: 2_000 });
    expect(h.devices.counter('duplicate')).toBe(10);
  });

  it('tells redeliveries apart inside the multi-row inserts, also twice in one batch', async () => {
    h = await openDeviceHarness({ clock: new ManualClock(T), service: { batchSize: 10_000, aggregateEveryMs: 3_600_000 } });
    const device = await h.admin.ok('devices.add', meter);
    const other = await h.admin.ok('devices.add', { ...meter, name: 'meter-2' });
    let fresh = 0;
    h.devices.onStored((stored) => (fresh += stored.length));
    // 300 distinct readings over two devices, each pushed twice in one batch, then 200 of them again.
    const readings = Array.from({ length: 300 }, (_, i) => at(i % 2 === 0 ? device.id : other.id, T + i * 1_000, 1_000 + i, i));
    for (const r of readings) h.devices.queueReading(r);
    for (const r of [...readings].reverse()) h.devices.queueReading({ ...r });
    h.devices.flush();
    for (const r of readings.slice(50, 250)) h.devices.queueReading({ ...r });
    h.devices.flush();
    expect(fresh).toBe(300);
    expect(h.devices.counter('duplicate')).toBe(500);
    expect(h.db.prepare('SELECT COUNT(*) FROM device_telemetry').pluck().get()).toBe(300);
    const sum = h.db.prepare('SELECT SUM(n), SUM(power_sum) FROM device_telemetry_15m').raw().get();
    expect(sum).toEqual([300, readings.reduce((a, r) => a + r.powerW!, 0)]);
  });

  it('after a crash with aggregates behind the raw rows, recomputes them from the raw rows on start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griddesk-crash-'));
    // 60 readings 20 s apart: 20 minutes, two quarters; only raw rows committed when it dies.
    await killAfterStored(dir, 60);
    const raw = openDatabase(join(dir, 'griddesk.sqlite'));
    expect(raw.prepare('SELECT COUNT(*) FROM device_telemetry').pluck().get()).toBe(60);
    expect(raw.prepare('SELECT COUNT(*) FROM device_telemetry_1m').pluck().get()).toBe(0);
    raw.close();

    const db = openDatabase(join(dir, 'griddesk.sqlite'));
    const bus = new EventBus();
    const clock = new ManualClock(T + 3_600_000);
    const service = createDevices({ db, recorder: new Recorder(db, new EventLog(db, terminalIdOf(db)), bus), bus, clock, secrets: openSecretBox(db, { kind: 'key-file', dir }) }).service;
    try {
      const id = service.deviceAt('plant', 'meter-1')!.id;
      const minutes = service.telemetry(id, T, T + 20 * 60_000, '1m', 100, clock.now()).points;
      expect(minutes).toHaveLength(20);
      expect(minutes.every((p) => p.count === 3)).toBe(true);
      const quarters = service.telemetry(id, T, T + 20 * 60_000, '15m', 100, clock.now()).points;
      expect(quarters.map((p) => p.count)).toEqual([45, 15]);
      expect(quarters[1]).toMatchObject({ exportWh: 59, powerMaxW: 1_059, powerMinW: 1_045 });
      expect(service.device(id)?.latest).toMatchObject({ ts: T + 59 * 20_000, exportWh: 59, powerW: 1_059 });
      // Recovered once: a second start finds nothing left to repair and changes nothing.
      expect(service.recoverAggregates()).toEqual([]);
    } finally {
      await service.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
