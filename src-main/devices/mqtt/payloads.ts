import { z } from 'zod';
import { DeviceTypeSchema, TopicLevelSchema } from '../../../src-shared/contract/devices';

/**
 * Everything a device sends is untrusted: each payload is parsed with one of these before use.
 * Unknown fields are stripped (newer firmware may add some); wrong types fail the whole message.
 */

const finite = z.number().finite();
/** Devices may send 1234.5 W; we keep integers (W, Wh), rounded once at the edge. */
const roundedInt = finite.transform((v) => Math.round(v));
const watts = roundedInt.pipe(z.number().min(-2_000_000_000).max(2_000_000_000));
const counterWh = roundedInt.pipe(z.number().min(0).max(Number.MAX_SAFE_INTEGER));
const epochMs = z.number().int().min(0).max(8_640_000_000_000);

export const BirthPayloadSchema = z.object({
  device: TopicLevelSchema.optional(),
  site: TopicLevelSchema.optional(),
  type: DeviceTypeSchema,
  model: z.string().max(64).default(''),
  firmware: z.string().max(64).default(''),
  ratedPowerW: roundedInt.pipe(z.number().min(0).max(2_000_000_000)),
  capacityWh: counterWh.optional(),
  maxChargeW: roundedInt.pipe(z.number().min(0).max(2_000_000_000)).optional(),
  maxDischargeW: roundedInt.pipe(z.number().min(0).max(2_000_000_000)).optional(),
  heartbeatS: z.number().int().min(1).max(86_400).optional(),
  protocol: z.union([z.literal(4), z.literal(5)]).optional(),
});
export type BirthPayload = z.infer<typeof BirthPayloadSchema>;

export const TelemetryPayloadSchema = z.object({
  device: TopicLevelSchema.optional(),
  site: TopicLevelSchema.optional(),
  ts: epochMs.optional(),
  powerW: watts.optional(),
  importWh: counterWh.optional(),
  exportWh: counterWh.optional(),
  voltageV: finite.min(0).max(1_000_000).optional(),
  frequencyHz: finite.min(0).max(1_000).optional(),
  socPct: finite.min(0).max(100).optional(),
  temperatureC: finite.min(-100).max(1_000).optional(),
});
export type TelemetryPayload = z.infer<typeof TelemetryPayloadSchema>;

export const StatusPayloadSchema = z.object({
  device: TopicLevelSchema.optional(),
  site: TopicLevelSchema.optional(),
  state: z.enum(['online', 'offline']),
  ts: epochMs.optional(),
});
export type StatusPayload = z.infer<typeof StatusPayloadSchema>;

/** `id` may be absent when an MQTT 5 device answers with correlationData only. */
export const CommandResponseSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  ok: z.boolean(),
  error: z.string().max(256).optional(),
});
export type CommandResponse = z.infer<typeof CommandResponseSchema>;

/** JSON.parse that reports failure instead of throwing: malformed JSON is counted, not fatal. */
export function parseJson(payload: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}
