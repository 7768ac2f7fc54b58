import { z } from 'zod';
import { ADMIN_ROLES, call, OPERATING_ROLES } from './contract-kit';

/**
 * Device calls and events (MQTT registry, telemetry, commands, settlement). Spread into the contract
 * by contract.ts; kept in its own module so the domain can grow without one huge file.
 *
 * Units (integers unless said otherwise): power in W, energy counters in Wh, timestamps in ms since
 * the epoch. Power is signed from the grid's point of view: positive = the device exports
 * (generates, discharges), negative = it imports (consumes, charges). Voltage, frequency, state of
 * charge and temperature travel as decimals (V, Hz, %, °C) but are stored as integers of 0.1 V,
 * 0.001 Hz, 0.1 % and 0.1 °C, so a view never shows more precision than was kept.
 */

export const DeviceTypeSchema = z.enum(['meter', 'solar', 'wind', 'battery', 'sensor']);
export type DeviceType = z.infer<typeof DeviceTypeSchema>;

/** One MQTT topic level: no separators or wildcards, so a name can never widen a subscription or an ACL. */
export const TopicLevelSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, dot, colon, dash and underscore only');

export const MetricSchema = z.enum(['powerW', 'importWh', 'exportWh', 'voltageV', 'frequencyHz', 'socPct', 'temperatureC']);
export type Metric = z.infer<typeof MetricSchema>;

/** A concrete topic (no wildcards): mapped devices are subscribed topic by topic. */
export const ConcreteTopicSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((t) => !/[+#]/.test(t) && !t.includes(String.fromCharCode(0)) && !t.startsWith('$'), 'a concrete topic without wildcards');

/**
 * Tasmota/Shelly-style devices publish their own topics. Each entry reads one metric from one topic:
 * `path` is a dotted JSON path (e.g. `ENERGY.Power`), empty when the whole payload is a number;
 * `scale` converts to our unit (Tasmota's ENERGY.Total is kWh, so scale 1000 gives Wh).
 */
export const MappingEntrySchema = z
  .object({
    topic: ConcreteTopicSchema,
    metric: MetricSchema,
    path: z.string().max(128).regex(/^[A-Za-z0-9_.:\-[\]]*$/, 'a dotted JSON path').default(''),
    scale: z.number().finite().default(1),
  })
  .strict();
export const MappingSchema = z.object({ entries: z.array(MappingEntrySchema).min(1).max(16) }).strict();
export type Mapping = z.infer<typeof MappingSchema>;

const wattsSchema = z.number().int().min(0).max(2_000_000_000);
/** Editable device fields; `add` gives them defaults, `edit` leaves an absent field unchanged. */
const editableFields = {
  type: DeviceTypeSchema,
  model: z.string().max(64),
  firmware: z.string().max(64),
  ratedPowerW: wattsSchema,
  capacityWh: wattsSchema.nullable(),
  maxChargeW: wattsSchema.nullable(),
  maxDischargeW: wattsSchema.nullable(),
  minSocPct: z.number().min(0).max(100),
  maxSocPct: z.number().min(0).max(100),
  heartbeatS: z.number().int().min(1).max(86_400),
  protocol: z.union([z.literal(4), z.literal(5)]),
  mapping: MappingSchema.nullable(),
};
const addFields = {
  ...editableFields,
  model: editableFields.model.default(''),
  firmware: editableFields.firmware.default(''),
  capacityWh: editableFields.capacityWh.default(null),
  maxChargeW: editableFields.maxChargeW.default(null),
  maxDischargeW: editableFields.maxDischargeW.default(null),
  minSocPct: editableFields.minSocPct.default(10),
  maxSocPct: editableFields.maxSocPct.default(95),
  heartbeatS: editableFields.heartbeatS.default(60),
  protocol: editableFields.protocol.default(4),
  mapping: editableFields.mapping.default(null),
};

export interface LatestReading {
  ts: number;
  powerW: number | null;
  importWh: number | null;
  exportWh: number | null;
  socPct: number | null;
  temperatureC: number | null;
}

export interface DeviceView {
  id: number;
  site: string;
  name: string;
  type: DeviceType;
  model: string;
  firmware: string;
  ratedPowerW: number;
  capacityWh: number | null;
  maxChargeW: number | null;
  maxDischargeW: number | null;
  minSocPct: number;
  maxSocPct: number;
  heartbeatS: number;
  protocol: 4 | 5;
  mapping: Mapping | null;
  source: 'birth' | 'manual';
  enabled: boolean;
  online: boolean;
  lastSeen: number | null;
  latest: LatestReading | null;
  createdAt: number;
  updatedAt: number;
}

export type TelemetryResolution = 'raw' | '1m' | '15m';

export interface TelemetryPoint {
  /** Reading time (raw) or bucket start (aggregates). */
  ts: number;
  /** Raw: the reading; aggregates: the mean over the bucket. */
  powerW: number | null;
  powerMinW: number | null;
  powerMaxW: number | null;
  /** Counters: the last value seen in the bucket. */
  importWh: number | null;
  exportWh: number | null;
  voltageV: number | null;
  frequencyHz: number | null;
  socPct: number | null;
  temperatureC: number | null;
  /** Readings behind this point (1 for raw). */
  count: number;
  /** Raw only: the device's timestamp was in the future beyond the skew limit and was clamped. */
  skewed: boolean;
}

export interface TelemetrySeries {
  deviceId: number;
  resolution: TelemetryResolution;
  points: TelemetryPoint[];
}

export const CommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setpoint'), powerW: z.number().int().min(-2_000_000_000).max(2_000_000_000) }).strict(),
  z.object({ type: z.literal('start') }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
  z.object({ type: z.literal('charge'), powerW: wattsSchema.min(1), durationS: z.number().int().min(1).max(86_400) }).strict(),
  z.object({ type: z.literal('discharge'), powerW: wattsSchema.min(1), durationS: z.number().int().min(1).max(86_400) }).strict(),
  z.object({ type: z.literal('reset_counter'), counter: z.enum(['import', 'export', 'both']) }).strict(),
]);
export type DeviceCommand = z.infer<typeof CommandSchema>;

/** unsent = the broker was unreachable, nothing left the terminal; the caller must retry or act. */
export type CommandStatus = 'pending' | 'acknowledged' | 'failed' | 'timed_out' | 'unsent';

export interface CommandView {
  id: string;
  deviceId: number;
  site: string;
  device: string;
  command: DeviceCommand;
  status: CommandStatus;
  attempts: number;
  error: string | null;
  sentBy: string;
  createdAt: number;
  updatedAt: number;
  /** Broker round trip: publish to the device's response, when acknowledged or failed by the device. */
  roundTripMs: number | null;
}

export type AlertKind = 'offline' | 'heartbeat_missed' | 'stale' | 'out_of_range' | 'trend_drift';

export interface AlertView {
  id: number;
  deviceId: number;
  site: string;
  device: string;
  kind: AlertKind;
  message: string;
  raisedAt: number;
  clearedAt: number | null;
  /** An operator has seen it; it stays open until its condition ends or someone clears it. */
  acknowledgedAt: number | null;
  /** User name of who acknowledged it. */
  acknowledgedBy: string | null;
  /** The operator's note, from acknowledging or clearing by hand. */
  note: string | null;
  /** User name of who cleared it by hand; null while open or when the system cleared it (the condition ended). */
  clearedBy: string | null;
}

/** Answer to acknowledging or clearing alerts by hand: what changed, and what was already so. */
export interface AlertActionResult {
  /** The alerts this call changed, as they are now. */
  changed: AlertView[];
  /** Alerts left as they were: already acknowledged, or already cleared (by someone or by the system). */
  unchanged: Array<{ id: number; reason: 'already_acknowledged' | 'already_cleared' }>;
}

export interface SettlementView {
  intervalStart: number;
  intervalEnd: number;
  scope: 'device' | 'site';
  site: string;
  /** Null for a site row. */
  deviceId: number | null;
  device: string | null;
  importWh: number;
  exportWh: number;
  /** export − import: positive = energy delivered to the grid. */
  netWh: number;
  /** Readings that fell inside the interval (boundaries are interpolated from neighbours). */
  readings: number;
  /** False when no reading after the interval end arrived before settling; energy after the last reading is missing. */
  complete: boolean;
  computedAt: number;
}

export interface DeliveryCheck {
  verdict: 'ok' | 'warn' | 'refuse';
  requestedWh: number;
  /** What the batteries could deliver over the window: limited by usable energy and discharge power. */
  deliverableWh: number;
  batteries: number;
  reasons: string[];
}

export interface BrokerStatusView {
  connected: boolean;
  url: string | null;
  enabled: boolean;
  embedded: { running: boolean; port: number | null; clients: number; refused: number };
  /** Why the link or the embedded broker is not up, in plain words; null when all is well. */
  lastError: string | null;
  /** Messages counted since start, by fate. */
  counters: Record<string, number>;
}

const TlsSettingsSchema = z
  .object({
    enabled: z.boolean(),
    ca: z.string().max(65_536).nullable(),
    cert: z.string().max(65_536).nullable(),
    /** Write-only: `get` reports only whether one is stored. */
    key: z.string().max(65_536).nullable(),
    rejectUnauthorized: z.boolean(),
  })
  .partial()
  .strict();

export const DeviceSettingsInputSchema = z
  .object({
    broker: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65_535),
        protocolVersion: z.union([z.literal(4), z.literal(5)]),
        clientId: z.string().min(1).max(64),
        username: z.string().max(128).nullable(),
        /** Write-only. */
        password: z.string().max(256).nullable(),
        keepaliveS: z.number().int().min(5).max(3_600),
        reconnectMinMs: z.number().int().min(50).max(60_000),
        reconnectMaxMs: z.number().int().min(100).max(600_000),
        tls: TlsSettingsSchema,
      })
      .partial()
      .strict(),
    embedded: z
      .object({ enabled: z.boolean(), host: z.string().min(1).max(253), port: z.number().int().min(0).max(65_535) })
      .partial()
      .strict(),
    retention: z
      .object({
        rawDays: z.number().int().min(1).max(3_650),
        minuteDays: z.number().int().min(1).max(3_650),
        quarterDays: z.number().int().min(1).max(36_500),
      })
      .partial()
      .strict(),
    ingest: z
      .object({
        maxFutureSkewS: z.number().int().min(0).max(86_400),
        maxPayloadBytes: z.number().int().min(256).max(1_048_576),
      })
      .partial()
      .strict(),
    settlement: z
      .object({
        intervalMin: z.union([z.literal(5), z.literal(15), z.literal(30), z.literal(60)]),
        thresholdWh: z.number().int().min(0).max(1_000_000_000),
        graceS: z.number().int().min(0).max(86_400),
      })
      .partial()
      .strict(),
    commands: z
      .object({ timeoutMs: z.number().int().min(50).max(600_000), retries: z.number().int().min(0).max(10) })
      .partial()
      .strict(),
    battery: z
      .object({ deliveryCheck: z.enum(['warn', 'refuse']), socMaxAgeS: z.number().int().min(1).max(86_400) })
      .partial()
      .strict(),
    health: z
      .object({
        staleS: z.number().int().min(1).max(86_400),
        heartbeatMissFactor: z.number().min(1).max(100),
        maxTemperatureC: z.number().min(0).max(200),
        trendSigma: z.number().min(1).max(20),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type DeviceSettingsInput = z.infer<typeof DeviceSettingsInputSchema>;

export interface DeviceSettingsView {
  broker: {
    enabled: boolean;
    host: string;
    port: number;
    protocolVersion: 4 | 5;
    clientId: string;
    username: string | null;
    passwordSet: boolean;
    keepaliveS: number;
    reconnectMinMs: number;
    reconnectMaxMs: number;
    tls: { enabled: boolean; ca: string | null; cert: string | null; keySet: boolean; rejectUnauthorized: boolean };
  };
  embedded: { enabled: boolean; host: string; port: number };
  retention: { rawDays: number; minuteDays: number; quarterDays: number };
  ingest: { maxFutureSkewS: number; maxPayloadBytes: number };
  settlement: { intervalMin: 5 | 15 | 30 | 60; thresholdWh: number; graceS: number };
  commands: { timeoutMs: number; retries: number };
  battery: { deliveryCheck: 'warn' | 'refuse'; socMaxAgeS: number };
  health: { staleS: number; heartbeatMissFactor: number; maxTemperatureC: number; trendSigma: number };
}

const OPERATE = OPERATING_ROLES;
const ADMIN = ADMIN_ROLES;
const deviceId = z.number().int().positive();
const epochMs = z.number().int().min(0).max(8_640_000_000_000);
const alertIdsSchema = z.array(z.number().int().positive()).min(1).max(1_000);
const alertNoteSchema = z.string().trim().max(500).optional();

export const deviceCalls = {
  'devices.list': call<DeviceView[]>()({
    input: z.object({ site: TopicLevelSchema.optional() }).strict(),
    access: 'session',
    mutates: false,
  }),
  'devices.add': call<DeviceView>()({
    input: z.object({ site: TopicLevelSchema, name: TopicLevelSchema, ...addFields }).strict(),
    access: OPERATE,
    mutates: true,
  }),
  'devices.edit': call<DeviceView>()({
    input: z.object({ deviceId, ...editableFields }).partial().required({ deviceId: true }).strict(),
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
  /** Login of one device on the embedded broker; its ACL is derived from the device's topics. */
  'devices.credentials.set': call<{ done: true }>()({
    input: z
      .object({ deviceId, username: z.string().min(1).max(64), password: z.string().min(8).max(256).nullable() })
      .strict(),
    access: ADMIN,
    mutates: true,
  }),
} as const;

export interface DeviceEvents {
  /** A device was registered, edited, enabled/disabled or went online/offline. */
  'devices.device': DeviceView;
  'devices.removed': { deviceId: number };
  /** The terminal's link to the broker (and the embedded broker) changed. */
  'devices.status': BrokerStatusView;
  /** Latest readings per device, at most once per ingest flush. */
  'devices.live': { readings: Array<LatestReading & { deviceId: number }> };
  'devices.command': CommandView;
  'devices.alert': AlertView;
  'devices.settlement': { intervalStart: number; intervalEnd: number; rows: number };
}

export const DEVICE_EVENT_NAMES: ReadonlyArray<keyof DeviceEvents> = [
  'devices.device',
  'devices.removed',
  'devices.status',
  'devices.live',
  'devices.command',
  'devices.alert',
  'devices.settlement',
];
