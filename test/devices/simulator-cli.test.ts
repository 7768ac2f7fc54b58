import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceLoginsFile } from '../../src-shared/contract/devices';
import { startSimulator, type SimulatorProcess } from '../helpers/simulator-process';
import { openDeviceHarness, rawClient, until, type DeviceHarness } from './helpers/harness';

let h: DeviceHarness | undefined;
let sim: SimulatorProcess | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  await h?.close();
  h = undefined;
});

function simulate(args: string[]): SimulatorProcess {
  sim = startSimulator(args);
  return sim;
}

/** A site of three registered devices of different types, behind the embedded broker. */
async function siteWithEmbeddedBroker(): Promise<{ harness: DeviceHarness; deviceIds: number[] }> {
  const harness = await openDeviceHarness();
  h = harness;
  await harness.admin.ok('devices.settings.set', { embedded: { enabled: true, host: '127.0.0.1', port: 0 } });
  await until(() => harness.devices.status().connected, 'the terminal to connect to its embedded broker');
  const added = [
    await harness.admin.ok('devices.add', { site: 'farm', name: 'meter-1', type: 'meter', ratedPowerW: 8_000 }),
    await harness.admin.ok('devices.add', { site: 'farm', name: 'pv-1', type: 'solar', ratedPowerW: 10_000 }),
    await harness.admin.ok('devices.add', { site: 'farm', name: 'bat-1', type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000 }),
  ];
  return { harness, deviceIds: added.map((d) => d.id) };
}

const telemetryRows = (harness: DeviceHarness, deviceId: number): number =>
  harness.db.prepare('SELECT COUNT(*) FROM device_telemetry WHERE device_id = ?').pluck().get(deviceId) as number;

describe('device simulator against the embedded broker', () => {
  it('plays the registered devices of an issued logins file, each under its own login, and the terminal stores their telemetry', async () => {
    const { harness, deviceIds } = await siteWithEmbeddedBroker();
    const file = await harness.admin.ok('devices.credentials.issue', { deviceIds });
    const path = join(harness.dir, 'griddesk-device-logins.json');
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });

    const run = simulate(['--credentials', path, '--interval', '100', '--crash', '0']);
    await until(() => deviceIds.every((id) => telemetryRows(harness, id) >= 2), `telemetry of all three devices (simulator said: ${run.output()})`, 30_000);
    expect(harness.devices.embeddedRefusals()).toEqual({ auth: 0, protocol: 0, publish: 0, subscribe: 0, oversized: 0 });
    expect(harness.devices.deviceAt('farm', 'bat-1')!.online).toBe(true);
  }, 40_000);

  it('refuses MQTT 5 with a message saying to use --protocol 4, and the broker status counts the refusal', async () => {
    const { harness, deviceIds } = await siteWithEmbeddedBroker();
    const file = await harness.admin.ok('devices.credentials.issue', { deviceIds: deviceIds.slice(0, 1) });
    const path = join(harness.dir, 'logins.json');
    writeFileSync(path, JSON.stringify(file));

    const run = simulate(['--credentials', path, '--protocol', '5']);
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/MQTT 3\.1\.1 only: use --protocol 4/);
    const status = await harness.admin.ok('devices.broker', {});
    expect(status.embedded.refusedBy.protocol).toBe(1);
    expect(status.embedded.refused).toBe(1);
    expect(telemetryRows(harness, deviceIds[0]!)).toBe(0);
  }, 40_000);

  it('names what is wrong with a file that is not a logins file and connects nothing', async () => {
    const { harness } = await siteWithEmbeddedBroker();
    const path = join(harness.dir, 'wrong.json');
    writeFileSync(path, JSON.stringify({ format: 'griddesk-device-logins', version: 1, issuedAt: 0, brokerPort: 1883, devices: [{ site: 'farm' }] }));
    const run = simulate(['--credentials', path]);
    expect(await run.exit).toBe(2);
    expect(run.output()).toMatch(/is not a GridDesk logins file \(devices\.0\.name/);
    expect(harness.devices.status().embedded.clients).toBe(1);
  }, 40_000);
});

describe('devices.credentials.issue', () => {
  it('replaces a device login: the old password stops working, the issued one works', async () => {
    const { harness, deviceIds } = await siteWithEmbeddedBroker();
    const [meterId] = deviceIds;
    await harness.admin.ok('devices.credentials.set', { deviceId: meterId!, username: 'old-meter', password: 'old-password-1' });
    const file: DeviceLoginsFile = await harness.admin.ok('devices.credentials.issue', { deviceIds: [meterId!] });
    const url = `mqtt://127.0.0.1:${file.brokerPort}`;
    const [login] = file.devices;
    expect(login).toMatchObject({ site: 'farm', name: 'meter-1', type: 'meter', ratedPowerW: 8_000, username: 'farm/meter-1' });
    await expect(rawClient(url, { username: 'old-meter', password: 'old-password-1' })).rejects.toThrow();
    const device = await rawClient(url, { username: login!.username, password: login!.password });
    await device.endAsync();
  });

  it('keeps no password in the audit trail', async () => {
    const { harness, deviceIds } = await siteWithEmbeddedBroker();
    const file = await harness.admin.ok('devices.credentials.issue', { deviceIds });
    const trail = JSON.stringify(harness.db.prepare('SELECT * FROM events').all());
    expect(trail).toContain('devices.credentials.issued');
    for (const login of file.devices) expect(trail).not.toContain(login.password);
  });

  it('refuses a mapped device and issues nothing for the batch', async () => {
    const { harness, deviceIds } = await siteWithEmbeddedBroker();
    const mapped = await harness.admin.ok('devices.add', {
      site: 'farm',
      name: 'plug-1',
      type: 'meter',
      ratedPowerW: 3_000,
      mapping: { entries: [{ topic: 'tele/plug-1/SENSOR', path: 'ENERGY.Power', metric: 'powerW', scale: 1 }] },
    });
    const result = await harness.admin.call('devices.credentials.issue', { deviceIds: [...deviceIds, mapped.id] });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'DEVICE_MAPPED' } });
    const logins = harness.db.prepare('SELECT COUNT(*) FROM device_credentials').pluck().get() as number;
    expect(logins).toBe(0);
  });
});
