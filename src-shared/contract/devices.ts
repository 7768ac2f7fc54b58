import { z } from 'zod';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event, OPERATING_ROLES } from './kit';
import {
  type AlertActionResult,
  type AlertView,
  type BrokerStatusView,
  CommandSchema,
  type CommandView,
  type DeliveryCheck,
  type DeviceView,
  type LatestReading,
  type SettlementView,
  type TelemetrySeries,
  TopicLevelSchema,
  deviceAddFields,
  deviceEditableFields,
} from './devices-views';
import type { DeviceLoginsFile } from './devices-logins';
import {
  DeviceSettingsInputSchema,
  type DeviceSettingsView,
} from './devices-settings';

/** Devices: the MQTT registry, telemetry, commands, health alerts and metered settlement. */

export * from './devices-views';
export * from './devices-settings';
export * from './devices-logins';

const OPERATE = OPERATING_ROLES;
const ADMIN = ADMIN_ROLES;
const deviceId = z.number().int().positive();
const epochMs = z.number().int().min(0).max(8_640_000_000_000);
const alertIdsSchema = z.array(z.number().int().positive()).min(1).max(1_000);
const alertNoteSchema = z.string().trim().max(500).optional();

export const devicesCalls = defineCalls('devices', {
  'devices.list': call<DeviceView[]>()({
    input: z.object({ site: TopicLevelSchema.optional() }).strict(),
    access: 'session',
    mutates: false,
  }),
  'devices.add': call<DeviceView>()({
    input: z.object({ site: TopicLevelSchema, name: TopicLevelSchema, ...deviceAddFields }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.edit': call<DeviceView>()({
    input: z.object({ deviceId, ...deviceEditableFields }).partial().required({ deviceId: true }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.setEnabled': call<DeviceView>()({
    input: z.object({ deviceId, enabled: z.boolean() }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.remove': call<{ done: true }>()({
    input: z.object({ deviceId }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.telemetry': call<TelemetrySeries>()({
    input: z
      .object({
        deviceId,
        from: epochMs,
        to: epochMs,
        resolution: z.enum(['auto', 'raw', '1m', '15m']).default('auto'),
        limit: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict()
      .refine((i) => i.to > i.from, { message: 'to must be after from', path: ['to'] }),
    access: 'session',
    mutates: false,
  }),
  'devices.command': call<CommandView>()({
    input: z.object({ deviceId, command: CommandSchema }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.commands': call<CommandView[]>()({
    input: z.object({ deviceId: deviceId.optional(), limit: z.number().int().min(1).max(5_000).default(200) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'devices.alerts': call<AlertView[]>()({
    input: z
      .object({ activeOnly: z.boolean().default(true), limit: z.number().int().min(1).max(5_000).default(500) })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  /** All or nothing: an unknown id refuses the whole request. */
  'devices.alerts.acknowledge': call<AlertActionResult>()({
    input: z.object({ alertIds: alertIdsSchema, note: alertNoteSchema }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  /** Closing by hand does not silence a live fault: the next health check raises a new alert. */
  'devices.alerts.clear': call<AlertActionResult>()({
    input: z.object({ alertIds: alertIdsSchema, note: alertNoteSchema }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.settlements': call<SettlementView[]>()({
    input: z
      .object({
        from: epochMs,
        to: epochMs,
        site: TopicLevelSchema.optional(),
        scope: z.enum(['device', 'site', 'all']).default('all'),
        limit: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'devices.canDeliver': call<DeliveryCheck>()({
    input: z
      .object({
        deviceId: deviceId.optional(),
        site: TopicLevelSchema.optional(),
        energyWh: z.number().int().min(0).max(1_000_000_000_000),
        from: epochMs,
        to: epochMs,
      })
      .strict()
      .refine((i) => (i.deviceId === undefined) !== (i.site === undefined), 'name either deviceId or site')
      .refine((i) => i.to > i.from, { message: 'to must be after from', path: ['to'] }),
    access: 'session',
    mutates: false,
  }),
  'devices.broker': call<BrokerStatusView>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  'devices.settings.get': call<DeviceSettingsView>()({ input: z.object({}).strict(), access: ADMIN, mutates: false }),
  'devices.settings.set': call<DeviceSettingsView>()({ input: DeviceSettingsInputSchema, access: ADMIN, mutates: true }),
  /**
   * Opens a TCP connection to a broker and closes it again, before its settings are saved: a host
   * that cannot be reached is refused with the field named (reason BROKER_UNREACHABLE).
   */
  'devices.settings.probe': call<{ reachable: true }>()({
    input: z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65_535) }).strict(),
    access: ADMIN,
    mutates: false,
  }),
  /** Login of one device on the embedded broker; its ACL is derived from the device's topics. */
  'devices.credentials.set': call<{ done: true }>()({
    input: z
      .object({ deviceId, username: z.string().min(1).max(64), password: z.string().min(8).max(256).nullable() })
      .strict(),
    access: ADMIN,
    mutates: true,
  }),
  /**
   * New random logins for these devices (replacing the ones they had), answered once as a logins
   * file; only their hashes are kept. Mapped devices speak their own firmware's topics and are refused.
   */
  'devices.credentials.issue': call<DeviceLoginsFile>()({
    input: z.object({ deviceIds: z.array(deviceId).min(1).max(1_000) }).strict(),
    access: ADMIN,
    mutates: true,
  }),
});

export const devicesEvents = defineEvents('devices', {
  /** A device was registered, edited, enabled/disabled or went online/offline. */
  'devices.device': event<DeviceView>(),
  'devices.removed': event<{ deviceId: number }>(),
  /** The terminal's link to the broker (and the embedded broker) changed. */
  'devices.status': event<BrokerStatusView>(),
  /** Latest readings per device, at most once per ingest flush. */
  'devices.live': event<{ readings: Array<LatestReading & { deviceId: number }> }>(),
  'devices.command': event<CommandView>(),
  'devices.alert': event<AlertView>(),
  'devices.settlement': event<{ intervalStart: number; intervalEnd: number; rows: number }>(),
});
