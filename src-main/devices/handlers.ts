import type { Method } from '../../src-shared/contract';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, PartialHandlers } from '../api/context';
import { alertHandlers } from './health/alert-handlers';
import { commandRefusal } from './commands/battery';
import type { DeviceService } from './device-service';
import { specOf } from './mqtt/message-handler';
import type { DeviceRecord, DeviceSpec } from './registry/registry';
import { mergeSettings, settingsView } from './registry/settings';
import { pickResolution } from './telemetry/telemetry-store';

export type DeviceMethod = Extract<Method, `devices.${string}`>;

function found(service: DeviceService, deviceId: number): DeviceRecord {
  const device = service.registry.byId(deviceId);
  if (!device) fail('NOT_FOUND', `There is no device ${deviceId}.`);
  return device;
}

const actorOf = (ctx: CallContext): string => ctx.caller?.username ?? 'unknown';

/** The `devices.*` calls. Every change goes through `ctx.commit`, so it is logged with who made it. */
export function deviceHandlers(service: DeviceService): PartialHandlers<DeviceMethod> {
  const { registry } = service;

  return {
    'devices.list': (input) => registry.all().filter((d) => input.site === undefined || d.site === input.site),

    'devices.add': (input, ctx) => {
      if (registry.byKey(input.site, input.name)) {
        fail('CONFLICT', `A device named ${input.name} already exists at site ${input.site}.`, { field: 'name' });
      }
      const { site, name, ...spec } = input;
      const device = ctx.commit((log, publish) => {
        const created = registry.insert(site, name, spec, 'manual', ctx.now, false);
        log('devices.added', { deviceId: created.id, site, name, ...spec });
        publish('devices.device', created, 'all');
        return created;
      });
      if (device.mapping) service.syncSubscriptions();
      return device;
    },

    'devices.edit': (input, ctx) => {
      const device = found(service, input.deviceId);
      const { deviceId, ...patch } = input;
      const spec: DeviceSpec = { ...specOf(device), ...stripUndefined(patch) };
      const updated = ctx.commit((log, publish) => {
        const result = registry.update(deviceId, spec, ctx.now);
        log('devices.edited', { deviceId, changes: patch });
        publish('devices.device', result, 'all');
        return result;
      });
      if (updated.mapping) service.syncSubscriptions();
      return updated;
    },

    'devices.setEnabled': (input, ctx) => {
      found(service, input.deviceId);
      return ctx.commit((log, publish) => {
        const result = registry.setEnabled(input.deviceId, input.enabled, ctx.now);
        log(input.enabled ? 'devices.enabled' : 'devices.disabled', { deviceId: input.deviceId });
        publish('devices.device', result, 'all');
        return result;
      });
    },

    'devices.remove': (input, ctx) => {
      const device = found(service, input.deviceId);
      service.ingest.flush();
      ctx.commit((log, publish) => {
        registry.remove(device.id);
        log('devices.removed', { deviceId: device.id, site: device.site, name: device.name });
        publish('devices.removed', { deviceId: device.id }, 'all');
      });
      return { done: true };
    },

    'devices.telemetry': (input, ctx) => {
      found(service, input.deviceId);
      const resolution =
        input.resolution === 'auto' ? pickResolution(input.from, input.to, ctx.now, service.settings.retention) : input.resolution;
      return { deviceId: input.deviceId, resolution, points: service.store.query(input.deviceId, input.from, input.to, resolution, input.limit) };
    },

    'devices.command': async (input, ctx) => {
      const device = found(service, input.deviceId);
      const refuse = (reason: string, why: string): never => {
        ctx.commit((log) => log('devices.command.refused', { deviceId: device.id, command: input.command, reason: why }));
        fail('REJECTED', reason, { reason: why });
      };
      if (!device.enabled) refuse(`${device.name} is disabled.`, 'disabled');
      if (device.mapping) refuse(`${device.name} is a mapped device; it takes commands through its own firmware.`, 'mapped');
      const policy = { socMaxAgeMs: service.settings.battery.socMaxAgeS * 1000 };
      const refusal = commandRefusal(device, input.command, ctx.now, policy);
      if (refusal) refuse(refusal, 'limits');
      return service.commands.send(device, input.command, actorOf(ctx), ctx.commit);
    },

    'devices.commands': (input) => service.commands.list(input.deviceId, input.limit),

    'devices.alerts': (input) => service.alerts.list(input.activeOnly, input.limit),

    ...alertHandlers(service),

    'devices.settlements': (input) => service.settlement.list(input),

    'devices.canDeliver': (input) =>
      service.canDeliver(input.deviceId !== undefined ? { deviceId: input.deviceId } : { site: input.site ?? '' }, input.energyWh, {
        from: input.from,
        to: input.to,
      }),

    'devices.broker': () => service.status(),

    'devices.settings.get': () => settingsView(service.settings),

    'devices.settings.set': async (input, ctx) => {
      const next = mergeSettings(service.settings, input);
      ctx.commit((log) => {
        service.replaceSettings(next);
        // The log keeps what changed, never a secret.
        log('devices.settings', settingsView(next));
      });
      await service.restartNetwork();
      return settingsView(service.settings);
    },

    'devices.credentials.set': async (input, ctx) => {
      const device = found(service, input.deviceId);
      const hash = input.password === null ? null : await service.credentials.hash(input.password);
      try {
        ctx.commit((log) => {
          service.credentials.set(device.id, input.username, hash);
          log('devices.credentials', { deviceId: device.id, username: input.username, removed: hash === null });
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          fail('CONFLICT', `The broker login ${input.username} belongs to another device.`, { field: 'username' });
        }
        throw err;
      }
      return { done: true };
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
