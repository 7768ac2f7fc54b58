import { afterEach, describe, expect, it } from 'vitest';
import { SimDevice } from '../../src-main/devices/simulator/sim-device';
import { openDeviceHarness, until, type DeviceHarness } from './helpers/harness';
import { Mosquitto } from './helpers/mosquitto';

let broker: Mosquitto | undefined;
let h: DeviceHarness | undefined;
afterEach(async () => {
  await h?.close();
  await broker?.destroy();
});

describe('broker outage', () => {
  it('reports commands as unsent while the broker is down, reconnects, and accepts the buffered telemetry', async () => {
    broker = await Mosquitto.start();
    h = await openDeviceHarness();
    const harness = h;
    await harness.useBroker(broker.url);
    const sim = new SimDevice({ site: 'west', name: 'pv-buffer', type: 'solar', ratedPowerW: 10_000 });
    await sim.connect({ url: broker.url });
    await until(() => harness.devices.deviceAt('west', 'pv-buffer')?.online === true, 'registration');
    const id = harness.devices.deviceAt('west', 'pv-buffer')!.id;

    await broker.stop();
    await until(() => !harness.devices.status().connected, 'the link to notice the outage');
    const command = await harness.admin.ok('devices.command', { deviceId: id, command: { type: 'stop' } });
    expect(command).toMatchObject({ status: 'unsent', attempts: 0 });
    expect(command.error).toMatch(/broker is unreachable/);

    // The device keeps measuring; its client queues QoS 1 messages until the broker is back.
    const t0 = Date.now() - 5_000;
    const acked: Array<Error | undefined> = [];
    for (let i = 0; i < 5; i++) sim.publishTelemetryNoWait(t0 + i * 1_000, (err) => acked.push(err));

    await broker.start();
    await until(() => harness.devices.status().connected, 'the link to reconnect', 15_000);
    const stored = () => harness.db.prepare('SELECT COUNT(*) FROM device_telemetry WHERE device_id = ?').pluck().get(id) as number;
    await until(() => stored() === 5, 'the buffered readings', 15_000);
    const audit = await harness.admin.ok('audit.list', {});
    const types = audit.map((e) => e.type);
    expect(types).toContain('devices.broker.disconnected');
    expect(types).toContain('devices.command.unsent');
    expect(types.filter((t) => t === 'devices.broker.connected').length).toBeGreaterThanOrEqual(2);
    await sim.stop();
  });
});
