import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimDevice, type SimDeviceSpec } from '../../src-main/devices/simulator/sim-device';
import { openDeviceHarness, until, type DeviceHarness } from './helpers/harness';
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

const battery = (name: string, protocol: 4 | 5): SimDeviceSpec => ({
  site: 'east', name, type: 'battery', ratedPowerW: 5_000, capacityWh: 10_000, maxChargeW: 4_000, maxDischargeW: 5_000, initialSocPct: 50, protocol,
});

async function online(spec: SimDeviceSpec, answer = true): Promise<{ sim: SimDevice; id: number }> {
  const sim = new SimDevice(spec);
  await sim.connect({ url: broker.url, answerCommands: answer });
  await until(() => h.devices.deviceAt(spec.site, spec.name)?.online === true, 'the battery to register');
  // A state of charge the limits can be checked against.
  await sim.publishTelemetry();
  await until(() => h.devices.deviceAt(spec.site, spec.name)?.latest?.socPct != null, 'a state of charge');
  return { sim, id: h.devices.deviceAt(spec.site, spec.name)!.id };
}

const statusOf = (id: string) => h.devices.commands(undefined, 100).find((c) => c.id === id)?.status;

describe('commands', () => {
  it('acknowledges a command over MQTT 5 request/response (responseTopic + correlationData)', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url, { broker: { protocolVersion: 5 } });
    const { sim, id } = await online(battery('bat-v5', 5));
    const sent = await h.admin.ok('devices.command', { deviceId: id, command: { type: 'discharge', powerW: 2_000, durationS: 60 } });
    expect(sent.sentBy).toBe('admin');
    await until(() => statusOf(sent.id) === 'acknowledged', 'the acknowledgement');
    expect(sim.commandsReceived).toBe(1);
    const audit = await h.admin.ok('audit.list', {});
    expect(audit.find((e) => e.type === 'devices.command.created')).toMatchObject({ actor: 'admin' });
    expect(audit.find((e) => e.type === 'devices.command.acknowledged')).toMatchObject({ actor: 'mqtt:east/bat-v5' });
    await sim.stop();
  });

  it('acknowledges a command from an MQTT 3.1.1 device by the id in the payload', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url, { broker: { protocolVersion: 4 } });
    const { sim, id } = await online(battery('bat-v4', 4));
    const sent = await h.admin.ok('devices.command', { deviceId: id, command: { type: 'stop' } });
    await until(() => statusOf(sent.id) === 'acknowledged', 'the acknowledgement');
    expect(h.admin.eventsOf('devices.command').at(-1)).toMatchObject({ id: sent.id, status: 'acknowledged' });
    await sim.stop();
  });

  it('records a command the device refuses as failed with its reason', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const { sim, id } = await online(battery('bat-refuses', 4));
    // The device's own limit (rated 5 kW) is stricter than nothing: the terminal lets 5 kW through, the device
    // refuses a setpoint above its rated power only if asked; here a solar-style setpoint beyond rating.
    await h.admin.ok('devices.edit', { deviceId: id, ratedPowerW: 9_000, maxDischargeW: 9_000 });
    const sent = await h.admin.ok('devices.command', { deviceId: id, command: { type: 'setpoint', powerW: 8_000 } });
    await until(() => statusOf(sent.id) === 'failed', 'the refusal');
    expect(h.devices.commands(id, 1)[0]).toMatchObject({ status: 'failed', error: 'setpoint beyond rated power' });
    await sim.stop();
  });

  it('retries an unanswered command per policy, then reports it timed out', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url, { commands: { timeoutMs: 100, retries: 2 } });
    const { sim, id } = await online(battery('bat-silent', 4), false);
    const sent = await h.admin.ok('devices.command', { deviceId: id, command: { type: 'start' } });
    await until(() => statusOf(sent.id) === 'timed_out', 'the timeout');
    expect(h.devices.commands(id, 1)[0]).toMatchObject({ attempts: 3 });
    expect(sim.commandsReceived).toBe(3);
    await sim.stop();
  });

  it('ends an unanswered command with a code and its attempts, which the screens word, not English text', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url, { commands: { timeoutMs: 100, retries: 1 } });
    const { sim, id } = await online(battery('bat-mute', 4), false);
    const sent = await h.admin.ok('devices.command', { deviceId: id, command: { type: 'start' } });
    await until(() => statusOf(sent.id) === 'timed_out', 'the timeout');
    expect(h.devices.commands(id, 1)[0]).toMatchObject({ attempts: 2, failure: { code: 'NO_ANSWER', detail: null }, error: 'no answer after 2 attempt(s)' });
    expect(h.admin.eventsOf('devices.command').at(-1)).toMatchObject({ id: sent.id, failure: { code: 'NO_ANSWER' } });
    await sim.stop();
  });

  it('refuses a discharge beyond the usable energy before sending it, and audits the refusal', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const { sim, id } = await online(battery('bat-limits', 4));
    // 50 % of 10 kWh with a 10 % floor leaves 4 kWh; 5 kW for 1 h asks for 5 kWh.
    const result = await h.admin.call('devices.command', { deviceId: id, command: { type: 'discharge', powerW: 5_000, durationS: 3_600 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'DEVICE_COMMAND_ENERGY_LIMIT', params: { context: 'discharge', energyWh: 5_000, availableWh: 4_000 } } });
    const tooStrong = await h.admin.call('devices.command', { deviceId: id, command: { type: 'charge', powerW: 4_500, durationS: 60 } });
    expect(tooStrong).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(sim.commandsReceived).toBe(0);
    const audit = await h.admin.ok('audit.list', {});
    expect(audit.filter((e) => e.type === 'devices.command.refused')).toHaveLength(2);
    await sim.stop();
  });

  it('names a refused power in kW, the unit the operator typed it in', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const { sim, id } = await online(battery('bat-units', 4));
    const result = await h.admin.call('devices.command', { deviceId: id, command: { type: 'charge', powerW: 4_500, durationS: 60 } });
    expect(result).toMatchObject({ ok: false, error: { message: '4.5 kW exceeds the charge limit of 4 kW' } });
    await sim.stop();
  });

  it('refuses a command the device type does not take: a meter has no set-point, start or stop', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const meter = await h.admin.ok('devices.add', { site: 'east', name: 'meter-1', type: 'meter', ratedPowerW: 8_000 });
    for (const command of [{ type: 'setpoint', powerW: 1_000 }, { type: 'start' }, { type: 'stop' }] as const) {
      const result = await h.admin.call('devices.command', { deviceId: meter.id, command });
      expect(result).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'DEVICE_COMMAND_UNSUPPORTED' } });
    }
    const reset = await h.admin.call('devices.command', { deviceId: meter.id, command: { type: 'reset_counter', counter: 'both' } });
    expect(reset.ok).toBe(true);
  });

  it('lets operators send commands but not viewers', async () => {
    h = await openDeviceHarness();
    await h.useBroker(broker.url);
    const { sim, id } = await online(battery('bat-roles', 4));
    const viewer = await h.userWithRole('vera', 'viewer');
    const operator = await h.userWithRole('otto', 'operator');
    expect(await viewer.call('devices.command', { deviceId: id, command: { type: 'stop' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await operator.ok('devices.command', { deviceId: id, command: { type: 'stop' } })).toMatchObject({ sentBy: 'otto' });
    await sim.stop();
  });
});
