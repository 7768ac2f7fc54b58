import { z } from 'zod';
import { NetworkInputSchema } from './chain';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';
import { TerminalDefaultsSchema } from './prefs';
import { MoneySchema } from './risk-views';

/**
 * Settings: the terminal's signed settings file for rolling one configuration out to many
 * terminals. Each area's values are validated with the schema of the domain that owns them, so a
 * file can never carry a value the console itself would refuse.
 */

export const SETTINGS_FORMAT = 'griddesk.settings';
/** The file version this build writes and the newest it reads. */
export const SETTINGS_VERSION = 1;

/** A file's envelope, read before anything else: a newer version is refused before its body is trusted. */
export const SettingsHeaderSchema = z.object({ format: z.literal(SETTINGS_FORMAT), version: z.number().int().positive() }).loose();

export const SettingsAreasSchema = z
  .object({
    appearance: TerminalDefaultsSchema.required(),
    risk: z.object({ feePerMwhMoney: MoneySchema }).strict(),
    chain: NetworkInputSchema.nullable(),
  })
  .strict();
export type SettingsAreas = z.infer<typeof SettingsAreasSchema>;
export type SettingsArea = keyof SettingsAreas;

/** Public keys travel as base64 of their SPKI DER form, signatures as base64 of the Ed25519 signature. */
const Base64 = z.string().min(1).max(4_096).regex(/^[A-Za-z0-9+/]+=*$/, 'base64');

export const SettingsFileSchema = z
  .object({
    format: z.literal(SETTINGS_FORMAT),
    version: z.literal(SETTINGS_VERSION),
    terminalId: z.string().min(1).max(128),
    createdAt: z.number().int().nonnegative(),
    settings: SettingsAreasSchema,
    publicKey: Base64,
    signature: Base64,
  })
  .strict();
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export interface SettingsDiffRow {
  area: SettingsArea;
  field: string;
  from: string | number | null;
  to: string | number | null;
}

export interface SettingsPreview {
  signer: { terminalId: string; publicKey: string; own: boolean; label: string | null };
  createdAt: number;
  diff: SettingsDiffRow[];
}

export interface SettingsIdentityView {
  terminalId: string;
  publicKey: string;
  trusted: Array<{ publicKey: string; label: string; addedAt: number; addedBy: string | null }>;
}

/** The file as text, as the admin picked it; parsed as bounded JSON by the core. */
const FileText = z.object({ file: z.string().min(2).max(1_000_000) }).strict();

export const settingsCalls = defineCalls('settings', {
  /** This terminal's public key (another terminal pastes it to trust its files) and the keys it trusts. */
  'settings.identity': call<SettingsIdentityView>()({ input: z.object({}).strict(), access: ADMIN_ROLES, mutates: false }),
  'settings.trust.add': call<SettingsIdentityView>()({
    input: z.object({ publicKey: Base64, label: z.string().trim().min(1).max(64).regex(/^[^\p{Cc}]*$/u, 'no control characters') }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  'settings.export': call<SettingsFile>()({ input: z.object({}).strict(), access: ADMIN_ROLES, mutates: false }),
  /** Verifies the file and lists what applying it would change; changes nothing. */
  'settings.import.preview': call<SettingsPreview>()({ input: FileText, access: ADMIN_ROLES, mutates: false }),
  /** Applies every area of a verified file, or none: an area that fails puts back the ones already applied. */
  'settings.import.apply': call<SettingsPreview>()({ input: FileText, access: ADMIN_ROLES, mutates: true }),
});

export const settingsEvents = defineEvents('settings', {});
