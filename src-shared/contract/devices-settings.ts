import { z } from 'zod';

/** The devices domain's settings (broker, embedded broker, retention, ingest, settlement, commands, battery, health). */

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
