import { afterEach, describe, expect, it } from 'vitest';
import { SimDevice } from '../../src-main/devices/simulator/sim-device';
import { openDeviceHarness, rawClient, until, type DeviceHarness } from './helpers/harness';

let h: DeviceHarness | undefined;
afterEach(async () => {
  await h?.close();
});

/** The embedded broker on a free loopback port, with two devices that have logins. */
async function lan(): Promise<{ harness: DeviceHarness; url: string }> {
  const harness = await openDeviceHarness();
  h = harness;
  await harness.admin.ok('devices.settings.set', { embedded: { enabled: true, host: '127.0.0.1', port: 0 }, ingest: { maxPayloadBytes: 4_096 } });
  await until(() => harness.devices.status().connected, 'the terminal to connect to its embedded broker');
  for (const name of ['bat-1', 'pv-evil']) {
    const device = await harness.admin.ok('devices.add', { site: 'lan', name, type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000 });
    await harness.admin.ok('devices.credentials.set', { deviceId: device.id, username: name, password: `${name}-password` });
  }
  return { harness, url: `mqtt://127.0.0.1:${harness.devices.status().embedded.port}` };
}

const storedFor = (harness: DeviceHarness, name: string) =>
  harness.db
    .prepare('SELECT COUNT(*) FROM device_telemetry WHERE device_id = ?')
    .pluck()
    .get(harness.devices.deviceAt('lan', name)!.id) as number;

describe('embedded broker', () => {
  it('is off until an admin enables it, then accepts a device with its login', async () => {
    const { harness, url } = await lan();
    expect(harness.devices.status().embedded.running).toBe(true);
    const sim = new SimDevice({ site: 'lan', name: 'bat-1', type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000 });
    await sim.connect({ url, username: 'bat-1', password: 'bat-1-password' });
    await sim.publishTelemetry();
    await until(() => storedFor(harness, 'bat-1') === 1, 'the reading');
    expect(harness.devices.deviceAt('lan', 'bat-1')!.online).toBe(true);
    await sim.stop();
  });

  it('refuses connections without a valid login', async () => {
    const { harness, url } = await lan();
    await expect(rawClient(url, { username: 'bat-1', password: 'wrong-password' })).rejects.toThrow();
    await expect(rawClient(url)).rejects.toThrow();
    expect(harness.devices.embeddedRefusals().auth).toBe(2);
  });

  it("refuses a device publishing under another device's topic (ACL)", async () => {
    const { harness, url } = await lan();
    const evil = await rawClient(url, { username: 'pv-evil', password: 'pv-evil-password' });
    evil.publish('griddesk/lan/bat-1/telemetry', JSON.stringify({ ts: Date.now(), socPct: 1 }), { qos: 1 });
    await until(() => harness.devices.embeddedRefusals().publish === 1, 'the ACL refusal');
    await new Promise((r) => setTimeout(r, 100));
    expect(storedFor(harness, 'bat-1')).toBe(0);
    evil.end(true);
  });

  it("refuses a device subscribing to another device's commands", async () => {
    const { harness, url } = await lan();
    const evil = await rawClient(url, { username: 'pv-evil', password: 'pv-evil-password' });
    // The broker answers the SUBSCRIBE with failure code 128; mqtt.js turns that into an error.
    await expect(evil.subscribeAsync('griddesk/lan/bat-1/cmd', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await evil.subscribeAsync('griddesk/lan/pv-evil/cmd', { qos: 1 });
    expect(harness.devices.embeddedRefusals().subscribe).toBe(1);
    await evil.endAsync();
  });

  it('refuses a payload above the size limit at the broker', async () => {
    const { harness, url } = await lan();
    const device = await rawClient(url, { username: 'bat-1', password: 'bat-1-password' });
    device.publish('griddesk/lan/bat-1/telemetry', JSON.stringify({ powerW: 1, junk: 'x'.repeat(10_000) }), { qos: 1 });
    await until(() => harness.devices.embeddedRefusals().oversized === 1, 'the size refusal');
    device.end(true);
  });
});
