import { afterEach, describe, expect, it } from 'vitest';
import { energyInInterval } from '../../src-main/devices/settlement/settlement';
import type { QueuedReading } from '../../src-main/devices/telemetry/ingest';
import { ManualClock, openDeviceHarness, type DeviceHarness } from './helpers/harness';

const Q = 15 * 60_000;
const T = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('energy in an interval from counters', () => {
  it('interpolates the counter linearly at interval boundaries', () => {
    // 0 Wh at 08:55, 200 Wh at 09:05 → 100 Wh at 09:00; 400 Wh at 09:20 → 333⅓ Wh at 09:15.
    const points = [
      { ts: T - 5 * 60_000, value: 0 },
      { ts: T + 5 * 60_000, value: 200 },
      { ts: T + 20 * 60_000, value: 400 },
    ];
    const e = energyInInterval(points, T, T + Q);
    expect(e.wh).toBeCloseTo(700 / 3);
    expect(e).toMatchObject({ complete: true, readingsInside: 1 });
  });

  it('is unaffected by missed readings inside the interval', () => {
    const dense = Array.from({ length: 16 }, (_, i) => ({ ts: T + i * 60_000, value: i * 10 }));
    const sparse = [dense[0]!, dense[15]!];
    expect(energyInInterval(sparse, T, T + Q).wh).toBeCloseTo(energyInInterval(dense, T, T + Q).wh);
  });

  it('counts a counter reset as a restart from zero instead of negative energy', () => {
    const points = [
      { ts: T, value: 5_000 },
      { ts: T + 5 * 60_000, value: 5_100 },
      { ts: T + 10 * 60_000, value: 30 }, // reset, then counted 30 Wh
      { ts: T + Q, value: 80 },
    ];
    expect(energyInInterval(points, T, T + Q).wh).toBeCloseTo(100 + 30 + 50);
  });

  it('flags an interval as incomplete when no reading follows its end', () => {
    expect(energyInInterval([{ ts: T, value: 0 }, { ts: T + 60_000, value: 10 }], T, T + Q).complete).toBe(false);
  });
});

describe('settlement job', () => {
  let h: DeviceHarness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  async function setup(): Promise<{ clock: ManualClock; harness: DeviceHarness; pv: number; load: number }> {
    const clock = new ManualClock(T);
    const harness = await openDeviceHarness({ clock });
    h = harness;
    const pv = (await harness.admin.ok('devices.add', { site: 'north', name: 'pv', type: 'solar', ratedPowerW: 10_000 })).id;
    const load = (await harness.admin.ok('devices.add', { site: 'north', name: 'load', type: 'meter', ratedPowerW: 10_000 })).id;
    return { clock, harness, pv, load };
  }

  const reading = (deviceId: number, ts: number, importWh: number, exportWh: number): QueuedReading => ({
    deviceId, ts, importWh, exportWh, powerW: null, voltageDv: null, frequencyMhz: null, socPm: null, tempDc: null, skewed: false, receivedAt: ts,
  });

  it('stores net energy per device and per site for a closed interval, once', async () => {
    const { clock, harness, pv, load } = await setup();
    // PV exports 1,000 Wh over the quarter, the load imports 300 Wh; readings every 5 minutes.
    for (let i = 0; i <= 4; i++) {
      harness.devices.queueReading(reading(pv, T + i * 5 * 60_000, 0, Math.round((i * 1_000) / 3)));
      harness.devices.queueReading(reading(load, T + i * 5 * 60_000, i * 100, 0));
    }
    harness.devices.flush();
    clock.set(T + Q + 2 * 60_000 + 1);
    expect(harness.devices.settleDue(clock.now())).toBe(1);
    expect(harness.devices.settleDue(clock.now())).toBe(0);
    const rows = await harness.admin.ok('devices.settlements', { from: T, to: T + Q });
    expect(rows.map((r) => [r.scope, r.device, r.importWh, r.exportWh, r.netWh, r.complete])).toEqual([
      ['device', 'load', 300, 0, -300, true],
      ['device', 'pv', 0, 1_000, 1_000, true],
      ['site', null, 300, 1_000, 700, true],
    ]);
    // Recomputing the same interval writes nothing new: the UNIQUE key holds.
    harness.devices.settleInterval(T, T + Q, clock.now(), 0);
    expect(harness.db.prepare('SELECT COUNT(*) FROM device_settlements').pluck().get()).toBe(3);
    const audit = await harness.admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'devices.settlement')).toHaveLength(1);
  });

  it('settles nothing below the threshold but still marks the interval as done', async () => {
    const { clock, harness, pv } = await setup();
    await harness.admin.ok('devices.settings.set', { settlement: { thresholdWh: 50 } });
    harness.devices.queueReading(reading(pv, T, 0, 0));
    harness.devices.queueReading(reading(pv, T + Q, 0, 20));
    harness.devices.flush();
    clock.set(T + Q + 3 * 60_000);
    harness.devices.tick();
    expect(await harness.admin.ok('devices.settlements', { from: T, to: T + Q })).toEqual([]);
    expect(harness.db.prepare('SELECT rows FROM device_settlement_runs').pluck().all()).toEqual([0]);
  });

  it('settles only after the grace period so the reading after the interval end can arrive', async () => {
    const { clock, harness, pv } = await setup();
    harness.devices.queueReading(reading(pv, T, 0, 0));
    harness.devices.flush();
    harness.devices.queueReading(reading(pv, T + Q + 30_000, 0, 100));
    harness.devices.flush();
    const runs = () => harness.db.prepare('SELECT interval_start FROM device_settlement_runs').pluck().all();
    clock.set(T + Q + 60_000);
    harness.devices.tick();
    expect(runs()).not.toContain(T);
    clock.set(T + Q + 120_000);
    harness.devices.tick();
    expect(runs()).toContain(T);
  });
});
