import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import type { DomainHandlers } from '../api/domain';
import { commandRefusal } from './commands/battery';
import { issuedUsername } from './mqtt/credentials';
import { probeTcp } from './mqtt/probe';
import type { DeviceService } from './device-service';
import type { AlertAction } from './health/alerts';
import { specOf, type DeviceRecord, type DeviceSpec } from './registry/registry';
import { settingsView } from './registry/settings';

function found(service: DeviceService, deviceId: number): DeviceRecord {
  const device = service.device(deviceId);
  if (!device) fail('NOT_FOUND', `There is no device ${deviceId}.`, { reason: 'NO_SUCH_DEVICE', params: { deviceId } });
  return device;
}

/** What an operator does to alerts by hand, under their name. */
const alertAction = (input: { alertIds: number[]; note?: string | undefined }, ctx: CallContext<Caller>): AlertAction => ({
  alertIds: input.alertIds,
  by: ctx.caller.username,
  note: input.note,
  now: ctx.now,
});

/**
 * The `devices.*` calls: each checks what it was asked, then runs the service's operation in
 * `ctx.commit`, so every change is logged with who made it.
 */
export function deviceHandlers(service: DeviceService): DomainHandlers<'devices'> {
  return {
    'devices.list': (input) => service.devices().filter((d) => input.site === undefined || d.site === input.site),

    'devices.add': (input, ctx) => {
      if (service.deviceAt(input.site, input.name)) {
        fail('CONFLICT', `A device named ${input.name} already exists at site ${input.site}.`, { field: 'name', reason: 'DEVICE_NAME_TAKEN', params: { name: input.name, site: input.site } });
      }
      const { site, name, ...spec } = input;
      return service.addDevice(site, name, spec, ctx.now, ctx.commit);
    },

    'devices.edit': (input, ctx) => {
      const device = found(service, input.deviceId);
      const { deviceId, ...patch } = input;
      const spec: DeviceSpec = { ...specOf(device), ...stripUndefined(patch) };
      return service.editDevice(deviceId, spec, patch, ctx.now, ctx.commit);
    },

    'devices.setEnabled': (input, ctx) => {
      found(service, input.deviceId);
      return service.setEnabled(input.deviceId, input.enabled, ctx.now, ctx.commit);
    },

    'devices.remove': (input, ctx) => {
      service.removeDevice(found(service, input.deviceId), ctx.commit);
      return { done: true };
    },

    'devices.telemetry': (input, ctx) => {
      found(service, input.deviceId);
      return service.telemetry(input.deviceId, input.from, input.to, input.resolution, input.limit, ctx.now);
    },

    'devices.command': async (input, ctx) => {
      const device = found(service, input.deviceId);
      // The audit keeps the short reason it always had; the caller gets a code the renderer words.
      const refuse = (message: string, why: 'disabled' | 'mapped' | 'unsupported' | 'limits', code: string = why.toUpperCase(), params: Record<string, string | number> = {}): never => {
        ctx.refused('devices.command.refused', { deviceId: device.id, command: input.command, reason: why });
        fail('REJECTED', message, { reason: `DEVICE_COMMAND_${code}`, params: { device: device.name, ...params } });
      };
      if (!device.enabled) refuse(`${device.name} is disabled.`, 'disabled');
      if (device.mapping) refuse(`${device.name} is a mapped device; it takes commands through its own firmware.`, 'mapped');
      const policy = { socMaxAgeMs: service.settings.battery.socMaxAgeS * 1000 };
      const refusal = commandRefusal(device, input.command, ctx.now, policy);
      if (refusal) refuse(refusal.message, refusal.why, refusal.code, refusal.params);
      return service.sendCommand(device, input.command, ctx.caller.username, ctx.commit);
    },

    'devices.commands': (input) => service.commands(input.deviceId, input.limit),

    'devices.alerts': (input) => service.alerts(input.activeOnly, input.limit),

    'devices.alerts.acknowledge': (input, ctx) => service.acknowledgeAlerts(alertAction(input, ctx), ctx.commit),

    'devices.alerts.clear': (input, ctx) => service.clearAlerts(alertAction(input, ctx), ctx.commit),

    'devices.settlements': (input) => service.settlements(input),

    'devices.canDeliver': (input) =>
      service.canDeliver(input.deviceId !== undefined ? { deviceId: input.deviceId } : { site: input.site ?? '' }, input.energyWh, {
        from: input.from,
        to: input.to,
      }),

    'devices.broker': () => service.status(),

    'devices.settings.get': () => settingsView(service.settings),

    'devices.settings.set': async (input, ctx) => {
      await service.changeSettings(input, ctx.commit);
      return settingsView(service.settings);
    },

    'devices.settings.probe': async (input) => {
      const problem = await probeTcp(input.host, input.port);
      if (problem !== null) {
        fail('REJECTED', `The broker ${input.host}:${input.port} cannot be reached (${problem}).`, {
          field: 'broker.host',
          reason: 'BROKER_UNREACHABLE',
          params: { host: input.host, port: input.port, problem },
        });
      }
      return { reachable: true };
    },

    'devices.credentials.set': async (input, ctx) => {
      const device = found(service, input.deviceId);
      try {
        await service.setCredentials(device, input.username, input.password, ctx.commit);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          fail('CONFLICT', `The broker login ${input.username} belongs to another device.`, { field: 'username', reason: 'BROKER_LOGIN_TAKEN', params: { username: input.username } });
        }
        throw err;
      }
      return { done: true };
    },

    'devices.credentials.issue': (input, ctx) => {
      const devices = [...new Set(input.deviceIds)].map((id) => found(service, id));
      const mapped = devices.find((d) => d.mapping !== null);
      if (mapped) fail('REJECTED', `${mapped.name} is a mapped device; it logs in with its own firmware's settings.`, { field: 'deviceIds', reason: 'DEVICE_MAPPED' });
      for (const device of devices) {
        const username = issuedUsername(device);
        if (service.loginHolder(username, device.id) !== null) {
          fail('CONFLICT', `The broker login ${username} belongs to another device.`, { field: 'deviceIds', reason: 'DEVICE_LOGIN_TAKEN', params: { username } });
        }
      }
      return service.issueCredentials(devices, ctx.now, ctx.commit);
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
