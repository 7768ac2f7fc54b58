import { afterEach, describe, expect, it } from 'vitest';
import type { QueuedReading } from '../../src-main/devices/telemetry/ingest';
import { ManualClock, openDeviceHarness, type DeviceHarness } from './helpers/harness';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
let h: DeviceHarness | undefined;
afterEach(async () => {
  await h?.close();
});

async function setup(): Promise<{ clock: ManualClock; harness: DeviceHarness }> {
  const clock = new ManualClock(T);
  h = await openDeviceHarness({ clock });
  return { clock, harness: h };
}

const send = (harness: DeviceHarness, topic: string, body: unknown, retain = false) =>
  harness.devices.receive({ topic, payload: Buffer.from(JSON.stringify(body)), retain });

const birth = (harness: DeviceHarness, name: string, extra: Record<string, unknown> = {}) =>
  send(harness, `griddesk/south/${name}/birth`, { type: 'solar', ratedPowerW: 10_000, heartbeatS: 10, ...extra });

const reading = (deviceId: number, ts: number, r: Partial<QueuedReading>): QueuedReading => ({
  deviceId, ts, powerW: null, importWh: null, exportWh: null, voltageDv: null, frequencyMhz: null, socPm: null, tempDc: null, skewed: false, receivedAt: ts, ...r,
});

const openKinds = (harness: DeviceHarness) => harness.devices.alerts(true, 100).map((a) => `${a.device}:${a.kind}`);

describe('health alerts', () => {
  it('raises heartbeat_missed after the device stays silent too long and clears it on the next heartbeat', async () => {
    const { clock, harness } = await setup();
    birth(harness, 'pv-hb');
    clock.advance(31_000); // heartbeat 10 s × factor 3
    harness.devices.tick();
    expect(openKinds(harness)).toContain('pv-hb:heartbeat_missed');
    send(harness, 'griddesk/south/pv-hb/status', { state: 'online' });
    harness.devices.tick();
    expect(openKinds(harness)).not.toContain('pv-hb:heartbeat_missed');
    const audit = await harness.admin.ok('audit.list', {});
    expect(audit.map((e) => e.type)).toEqual(expect.arrayContaining(['devices.alert.raised', 'devices.alert.cleared']));
  });

  it('raises offline when the last will arrives', async () => {
    const { harness } = await setup();
    birth(harness, 'pv-off');
    send(harness, 'griddesk/south/pv-off/status', { state: 'offline' });
    harness.devices.tick();
    expect(openKinds(harness)).toContain('pv-off:offline');
    expect(harness.admin.eventsOf('devices.alert').at(-1)).toMatchObject({ kind: 'offline', device: 'pv-off' });
  });

  it('raises stale when an online device sends heartbeats but no readings', async () => {
    const { clock, harness } = await setup();
    await harness.admin.ok('devices.settings.set', { health: { staleS: 60 } });
    birth(harness, 'pv-stale', { heartbeatS: 3_600 });
    send(harness, 'griddesk/south/pv-stale/telemetry', { ts: T, powerW: 100 });
    harness.devices.flush();
    clock.advance(61_000);
    send(harness, 'griddesk/south/pv-stale/status', { state: 'online' });
    harness.devices.tick();
    expect(openKinds(harness)).toEqual(['pv-stale:stale']);
  });

  it('raises out_of_range for power far beyond rating and clears it when readings are plausible again', async () => {
    const { clock, harness } = await setup();
    birth(harness, 'pv-range');
    send(harness, 'griddesk/south/pv-range/telemetry', { ts: T, powerW: 50_000 });
    harness.devices.flush();
    expect(openKinds(harness)).toContain('pv-range:out_of_range');
    clock.advance(1_000);
    send(harness, 'griddesk/south/pv-range/telemetry', { ts: T + 1_000, powerW: 5_000, frequencyHz: 50.01 });
    harness.devices.flush();
    expect(openKinds(harness)).not.toContain('pv-range:out_of_range');
  });

  it('warns when an inverter runs hotter than its own history predicts at the same power', async () => {
    const { clock, harness } = await setup();
    birth(harness, 'pv-hot');
    birth(harness, 'pv-fine');
    const hot = harness.devices.deviceAt('south', 'pv-hot')!.id;
    const fine = harness.devices.deviceAt('south', 'pv-fine')!.id;
    const Q = 15 * 60_000;
    const start = T - 14 * 24 * 3_600_000;
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6;
    for (let ts = start; ts < T; ts += Q) {
      const powerW = Math.round(5_000 + 4_000 * Math.sin(ts / 3_600_000));
      const recent = ts >= T - 2 * 3_600_000;
      // 25 °C + 3 °C per kW; in the last two hours the hot one is 6 °C above that.
      const temp = (extra: number) => Math.round((25 + (3 * powerW) / 1000 + noise() + extra) * 10);
      harness.devices.queueReading(reading(hot, ts, { powerW, tempDc: temp(recent ? 6 : 0) }));
      harness.devices.queueReading(reading(fine, ts, { powerW, tempDc: temp(0) }));
    }
    harness.devices.flush();
    clock.set(T);
    harness.devices.checkTrends(clock.now());
    const alerts = harness.devices.alerts(true, 100).filter((a) => a.kind === 'trend_drift');
    expect(alerts.map((a) => a.device)).toEqual(['pv-hot']);
    expect(alerts[0]!.message).toMatch(/hotter than its history/);
  });
});

describe('battery delivery check', () => {
  async function twoBatteries(clock: ManualClock, harness: DeviceHarness): Promise<void> {
    for (const name of ['bat-a', 'bat-b']) {
      send(harness, `griddesk/south/${name}/birth`, { type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000, maxDischargeW: 4_000 });
      send(harness, `griddesk/south/${name}/telemetry`, { ts: clock.now(), socPct: 60 });
    }
    harness.devices.flush();
  }

  it('answers ok when the site batteries hold the energy and can discharge it within the window', async () => {
    const { clock, harness } = await setup();
    await twoBatteries(clock, harness);
    // Each: (60 % − 10 %) × 10 kWh = 5 kWh usable, 4 kW × 1 h = 4 kWh deliverable → 8 kWh for the site.
    const check = harness.devices.canDeliver({ site: 'south' }, 8_000, { from: T, to: T + 3_600_000 });
    expect(check).toMatchObject({ verdict: 'ok', deliverableWh: 8_000, batteries: 2 });
  });

  it('warns by default and refuses when the admin says so, for more than the batteries can deliver', async () => {
    const { clock, harness } = await setup();
    await twoBatteries(clock, harness);
    const id = harness.devices.deviceAt('south', 'bat-a')!.id;
    const window = { from: T, to: T + 3_600_000 };
    expect(harness.devices.canDeliver({ deviceId: id }, 4_500, window)).toMatchObject({ verdict: 'warn', deliverableWh: 4_000 });
    await harness.admin.ok('devices.settings.set', { battery: { deliveryCheck: 'refuse' } });
    const viaCall = await harness.admin.ok('devices.canDeliver', { deviceId: id, energyWh: 4_500, from: window.from, to: window.to });
    expect(viaCall.verdict).toBe('refuse');
  });

  it('counts no energy from a battery whose state of charge is stale', async () => {
    const { clock, harness } = await setup();
    await twoBatteries(clock, harness);
    clock.advance(16 * 60_000);
    const check = harness.devices.canDeliver({ site: 'south' }, 1, { from: clock.now(), to: clock.now() + 3_600_000 });
    expect(check.verdict).toBe('warn');
    expect(check.reasons).toContain('bat-a: state of charge is stale');
  });
});
