import { z } from 'zod';
import { NetworkInputSchema } from './chain';
import { DeviceSettingsInputSchema } from './devices-settings';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';
import { FeedConfigureInputSchema } from './marketdata';
import { TerminalDefaultsSchema } from './prefs';
import { GuardSettingsSchema } from './risk-guard-views';
import { MoneySchema, RiskLimitsSchema } from './risk-views';
import { MarketRulesSchema } from './trading';

/**
 * Settings: the terminal's signed settings file for rolling one configuration out to many
 * terminals. Each area's values are validated with the schema of the domain that owns them, so a
 * file can never carry a value the console itself would refuse.
 */

export const SETTINGS_FORMAT = 'griddesk.settings';
/**
 * The file version this build writes and the newest it reads. Version 2 added the broker and feed
 * areas and the optional secrets section, version 3 the market rules; an older file reads
 * unchanged (it lacks those areas, which it then leaves as they are), while an older build refuses
 * a newer file as newer rather than as damaged.
 */
export const SETTINGS_VERSION = 3;
export const SETTINGS_VERSIONS_READ = [1, 2, 3] as const;

/** A file's envelope, read before anything else: a newer version is refused before its body is trusted. */
export const SettingsHeaderSchema = z.object({ format: z.literal(SETTINGS_FORMAT), version: z.number().int().positive() }).loose();

const BrokerInputSchema = DeviceSettingsInputSchema.shape.broker.unwrap();
const BrokerTlsInputSchema = BrokerInputSchema.shape.tls.unwrap();

/** The devices domain's broker settings, every field, without the password and the TLS private key. */
export const BrokerAreaSchema = BrokerInputSchema.omit({ password: true, tls: true })
  .required()
  .extend({ tls: BrokerTlsInputSchema.omit({ key: true }).required().strict() })
  .strict();
export type BrokerArea = z.infer<typeof BrokerAreaSchema>;

/** The price feed's settings without its password; a null url is a feed nobody pointed anywhere yet. */
export const FeedAreaSchema = FeedConfigureInputSchema.omit({ password: true, url: true })
  .required()
  .extend({ url: FeedConfigureInputSchema.shape.url.unwrap() })
  .strict();
export type FeedArea = z.infer<typeof FeedAreaSchema>;

/**
 * The risk area: the fee, and the terminal's risk defaults with every key (null: the built-in
 * threshold, or no limit). The defaults are absent from files written before they existed: then
 * the terminal's own are left as they are.
 */
export const RiskAreaSchema = z
  .object({ feePerMwhMoney: MoneySchema, guard: GuardSettingsSchema.required().optional(), limits: RiskLimitsSchema.required().optional() })
  .strict();
export type RiskArea = z.infer<typeof RiskAreaSchema>;

export const SettingsAreasSchema = z
  .object({
    appearance: TerminalDefaultsSchema.required(),
    risk: RiskAreaSchema,
    chain: NetworkInputSchema.nullable(),
    /** Absent from version 1 files: then the terminal's broker settings are left as they are. */
    broker: BrokerAreaSchema.optional(),
    /** Absent from version 1 files: then the terminal's feed settings are left as they are. */
    feed: FeedAreaSchema.optional(),
    /**
     * Each area's rules for delivery days not listed yet (absent before version 3). Applied, they
     * start on the terminal's first open day and replace the changes it had scheduled.
     */
    market: z.object({ DE: MarketRulesSchema, LM: MarketRulesSchema }).strict().optional(),
  })
  .strict();
export type SettingsAreas = z.infer<typeof SettingsAreasSchema>;
export type SettingsArea = keyof SettingsAreas;

/** Public keys travel as base64 of their SPKI DER form, signatures as base64 of the Ed25519 signature. */
const Base64 = z.string().min(1).max(4_096).regex(/^[A-Za-z0-9+/]+=*$/, 'base64');

/** Encrypted bytes travel as base64; a TLS private key of 64 KiB fits with room to spare. */
const SealedBase64 = z.string().min(1).max(200_000).regex(/^[A-Za-z0-9+/]+=*$/, 'base64');

/** Scrypt costs a file may ask for: enough to slow a guesser, bounded so a file cannot exhaust memory (128 × N × r bytes). */
const SCRYPT_MIN_LOG_N = 14;
const SCRYPT_MAX_LOG_N = 17;

/**
 * The secrets an admin chose to carry: encrypted with a key scrypt derives from their passphrase,
 * with every parameter needed to derive it again. Inside the signed body, so neither the
 * parameters nor the ciphertext can be swapped without breaking the signature.
 */
export const SettingsSecretsSchema = z
  .object({
    kdf: z
      .object({
        name: z.literal('scrypt'),
        salt: Base64,
        N: z
          .number()
          .int()
          .refine((n) => Number.isInteger(Math.log2(n)) && Math.log2(n) >= SCRYPT_MIN_LOG_N && Math.log2(n) <= SCRYPT_MAX_LOG_N, `a power of two from 2^${SCRYPT_MIN_LOG_N} to 2^${SCRYPT_MAX_LOG_N}`),
        r: z.literal(8),
        p: z.number().int().min(1).max(4),
        keyLength: z.literal(32),
      })
      .strict(),
    cipher: z.object({ name: z.literal('aes-256-gcm'), iv: Base64, tag: Base64 }).strict(),
    ciphertext: SealedBase64,
  })
  .strict();
export type SettingsSecrets = z.infer<typeof SettingsSecretsSchema>;

/** What the ciphertext holds once opened, each value with its own domain's schema (null: none stored). */
export const SettingsSecretValuesSchema = z
  .object({
    broker: z.object({ password: BrokerInputSchema.shape.password.unwrap(), tlsKey: BrokerTlsInputSchema.shape.key.unwrap() }).strict(),
    feed: z.object({ password: FeedConfigureInputSchema.shape.password.unwrap() }).strict(),
  })
  .strict();
export type SettingsSecretValues = z.infer<typeof SettingsSecretValuesSchema>;

export const SettingsFileSchema = z
  .object({
    format: z.literal(SETTINGS_FORMAT),
    version: z.union(SETTINGS_VERSIONS_READ.map((v) => z.literal(v))),
    terminalId: z.string().min(1).max(128),
    createdAt: z.number().int().nonnegative(),
    settings: SettingsAreasSchema,
    /** Only when the admin exported with a passphrase. */
    secrets: SettingsSecretsSchema.optional(),
    publicKey: Base64,
    signature: Base64,
  })
  .strict();
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export type SettingsValue = string | number | boolean | null;

export interface SettingsDiffRow {
  area: SettingsArea;
  /** Dotted inside the area, e.g. `tls.enabled` in the broker area. */
  field: string;
  from: SettingsValue;
  to: SettingsValue;
  /** A secret the file changes (broker `password`, `tls.key`, feed `password`): its values are never shown, so from and to are null. */
  secret?: true;
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

/** A floor that, with scrypt's cost per guess, makes guessing the passphrase of a file that went astray slow. */
export const SETTINGS_PASSPHRASE_MIN = 12;
const Passphrase = z.string().min(SETTINGS_PASSPHRASE_MIN).max(1_024);

/** The file as text, as the admin picked it; parsed as bounded JSON by the core. The passphrase opens a file's secrets. */
const FileText = z.object({ file: z.string().min(2).max(1_000_000), passphrase: Passphrase.optional() }).strict();

export const settingsCalls = defineCalls('settings', {
  /** This terminal's public key (another terminal pastes it to trust its files) and the keys it trusts. */
  'settings.identity': call<SettingsIdentityView>()({ input: z.object({}).strict(), access: ADMIN_ROLES, mutates: false }),
  'settings.trust.add': call<SettingsIdentityView>()({
    input: z.object({ publicKey: Base64, label: z.string().trim().min(1).max(64).regex(/^[^\p{Cc}]*$/u, 'no control characters') }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Never a secret, unless `includeSecrets` is given: then they travel encrypted with its passphrase. */
  'settings.export': call<SettingsFile>()({
    input: z.object({ includeSecrets: z.object({ passphrase: Passphrase }).strict().optional() }).strict(),
    access: ADMIN_ROLES,
    mutates: false,
  }),
  /** Verifies the file (and opens its secrets with the passphrase) and lists what applying it would change; changes nothing. */
  'settings.import.preview': call<SettingsPreview>()({ input: FileText, access: ADMIN_ROLES, mutates: false }),
  /** Applies every area of a verified file, or none: an area that fails puts back the ones already applied. */
  'settings.import.apply': call<SettingsPreview>()({ input: FileText, access: ADMIN_ROLES, mutates: true }),
});

export const settingsEvents = defineEvents('settings', {});
