import { z } from 'zod';

/**
 * The views and input schemas of the devices domain (MQTT registry, telemetry, commands,
 * settlement).
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
export const deviceEditableFields = {
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
export const deviceAddFields = {
  ...deviceEditableFields,
  model: deviceEditableFields.model.default(''),
  firmware: deviceEditableFields.firmware.default(''),
  capacityWh: deviceEditableFields.capacityWh.default(null),
  maxChargeW: deviceEditableFields.maxChargeW.default(null),
  maxDischargeW: deviceEditableFields.maxDischargeW.default(null),
  minSocPct: deviceEditableFields.minSocPct.default(10),
  maxSocPct: deviceEditableFields.maxSocPct.default(95),
  heartbeatS: deviceEditableFields.heartbeatS.default(60),
  protocol: deviceEditableFields.protocol.default(4),
  mapping: deviceEditableFields.mapping.default(null),
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
export type CommandType = DeviceCommand['type'];

/**
 * The commands each device type takes. A meter measures: it has a counter to reset and nothing to
 * switch or set; solar and wind can be curtailed (a set-point up to their rating) and switched;
 * batteries also charge and discharge; a sensor takes none. Screens offer only these, and the core
 * refuses anything else.
 */
export const COMMANDS_BY_TYPE: Readonly<Record<DeviceType, readonly CommandType[]>> = {
  meter: ['reset_counter'],
  solar: ['setpoint', 'start', 'stop', 'reset_counter'],
  wind: ['setpoint', 'start', 'stop', 'reset_counter'],
  battery: ['setpoint', 'start', 'stop', 'charge', 'discharge', 'reset_counter'],
  sensor: [],
};

/**
 * Why a command did not succeed, as a code the renderer words in the user's language:
 * RESTARTED the terminal restarted while waiting; DEVICE_REFUSED the device said no (`detail` is its
 * own words); NO_ANSWER no answer after `attempts` tries; NOT_SENT the broker was unreachable, nothing
 * left the terminal; NO_ANSWER_BROKER_DOWN no answer, and the broker was gone for a retry;
 * PUBLISH_FAILED the broker refused the message (`detail` is the transport's words); UNWORDED a
 * command that ended before codes were kept, with only its English note in `detail`.
 */
export const COMMAND_FAILURE_CODES = ['RESTARTED', 'DEVICE_REFUSED', 'NO_ANSWER', 'NOT_SENT', 'NO_ANSWER_BROKER_DOWN', 'PUBLISH_FAILED', 'UNWORDED'] as const;
export type CommandFailureCode = (typeof COMMAND_FAILURE_CODES)[number];

export interface CommandFailure {
  code: CommandFailureCode;
  /** The device's or the transport's own words, when they said something; never the terminal's. */
  detail: string | null;
}

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
  /** The failure in English, for logs and scripts; screens word `failure` instead. */
  error: string | null;
  failure: CommandFailure | null;
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

/** Connections and messages the embedded broker refused since it started, by reason. */
export interface EmbeddedRefusals {
  /** A login that is unknown, wrong, or of a disabled device. */
  auth: number;
  /** A protocol version the broker does not speak (it speaks MQTT 3.1.1; an MQTT 5 client is refused). */
  protocol: number;
  /** A publish outside the device's own topics. */
  publish: number;
  /** A subscription outside the device's own command topic. */
  subscribe: number;
  /** A payload above the size limit. */
  oversized: number;
}

export interface BrokerStatusView {
  connected: boolean;
  url: string | null;
  enabled: boolean;
  embedded: { running: boolean; port: number | null; clients: number; refused: number; refusedBy: EmbeddedRefusals };
  /** Why the link or the embedded broker is not up, in plain words; null when all is well. */
  lastError: string | null;
  /** Messages counted since start, by fate. */
  counters: Record<string, number>;
}
