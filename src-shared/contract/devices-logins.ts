import { z } from 'zod';
import { DeviceTypeSchema, TopicLevelSchema } from './devices-views';

/**
 * The logins file an admin downloads for a fleet (`devices.credentials.issue`): what each device needs
 * to connect to the embedded broker as itself, and what it is, so the device simulator can play
 * exactly the registered devices. It holds passwords in clear: it is shown once and stored by the
 * admin like any other secret.
 */
const watts = z.number().int().min(0).max(2_000_000_000);

export const DeviceLoginSchema = z
  .object({
    site: TopicLevelSchema,
    name: TopicLevelSchema,
    type: DeviceTypeSchema,
    ratedPowerW: watts,
    capacityWh: watts.nullable(),
    maxChargeW: watts.nullable(),
    maxDischargeW: watts.nullable(),
    username: z.string().min(1).max(64),
    password: z.string().min(8).max(256),
  })
  .strict();
export type DeviceLogin = z.infer<typeof DeviceLoginSchema>;

export const DEVICE_LOGINS_FORMAT = 'griddesk-device-logins';

export const DeviceLoginsFileSchema = z
  .object({
    format: z.literal(DEVICE_LOGINS_FORMAT),
    version: z.literal(1),
    issuedAt: z.number().int().min(0),
    /** The embedded broker's port when the file was issued; null while it is not running. */
    brokerPort: z.number().int().min(1).max(65_535).nullable(),
    devices: z.array(DeviceLoginSchema).min(1).max(10_000),
  })
  .strict();
export type DeviceLoginsFile = z.infer<typeof DeviceLoginsFileSchema>;
