import type { z } from 'zod';
import type { Method, CallInput } from '../../src-shared/contract';
import {
  SETTINGS_FORMAT,
  SETTINGS_VERSION,
  SettingsFileSchema,
  SettingsHeaderSchema,
  SettingsSecretValuesSchema,
  type SettingsArea,
  type SettingsFile,
  type SettingsIdentityView,
  type SettingsPreview,
  type SettingsSecretValues,
} from '../../src-shared/contract/settings';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import { defineDomain, type Domain } from '../api/domain';
import type { SystemActor, SystemCaller } from '../api/system-caller';
import type { Db } from '../store/database';
import type { SecretBox } from '../store/secret-box';
import { currentAreas, diffOf, writeAreas, type AsAdmin, type SettingsState } from './areas';
import { openWithPassphrase, sealWithPassphrase } from './passphrase-box';
import { canonicalJson, isEd25519PublicKey, TerminalKey, verifySigned } from './signing';

/**
 * The secrets a file may carry, in clear, from the domains that keep them sealed. Handed over by
 * the core, never a call: no renderer can reach them, and they only leave here encrypted.
 */
export interface SecretsInClear {
  broker(): { password: string | null; tlsKey: string | null };
  feedPassword(): string | null;
}

export interface SettingsDeps {
  db: Db;
  terminalId: string;
  secrets: () => SecretBox;
  now: () => number;
  /** Each area is read and written through its own domain's calls, as the admin, parsed, role-checked and audited there. */
  system: SystemCaller;
  secretsInClear: SecretsInClear;
}

/** The first problem of a parse, named by its dotted path inside the file. */
function refuseIssue(error: z.ZodError, prefix: string): never {
  const issue = error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter((p) => p !== '').join('.');
  fail('BAD_INPUT', `${field}: ${issue?.message ?? 'not valid'}`, { field, reason: 'SETTINGS_VALUE_INVALID', params: { field } });
}

export function createSettings(deps: SettingsDeps): { domain: Domain<'settings'> } {
  const key = new TerminalKey(deps.db, deps.secrets, deps.now);
  const trusted = () =>
    (deps.db.prepare('SELECT public_key, label, added_at, added_by FROM settings_trusted_keys ORDER BY added_at').all() as Array<{ public_key: string; label: string; added_at: number; added_by: string | null }>).map(
      (r) => ({ publicKey: r.public_key, label: r.label, addedAt: r.added_at, addedBy: r.added_by }),
    );
  const identity = (): SettingsIdentityView => ({ terminalId: deps.terminalId, publicKey: key.publicKey(), trusted: trusted() });
  const actor = (ctx: CallContext<Caller>): SystemActor => ({ userId: ctx.caller.userId, username: ctx.caller.username, role: ctx.caller.role });
  const asAdmin =
    (ctx: CallContext<Caller>): AsAdmin =>
    <M extends Method>(method: M, input: CallInput<M>) =>
      deps.system.call(actor(ctx), method, input);
  const secretsNow = (): SettingsSecretValues => {
    const broker = deps.secretsInClear.broker();
    return { broker: { password: broker.password, tlsKey: broker.tlsKey }, feed: { password: deps.secretsInClear.feedPassword() } };
  };

  /** Envelope, version, signer, signature, then every value with its domain's schema, in that order. */
  function verified(text: string): SettingsFile & { signerLabel: string | null } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      fail('BAD_INPUT', 'The file is not a settings file (not JSON).', { field: 'file', reason: 'SETTINGS_FILE_UNREADABLE' });
    }
    const header = SettingsHeaderSchema.safeParse(raw);
    if (!header.success) fail('BAD_INPUT', 'The file is not a GridDesk settings file.', { field: 'file', reason: 'SETTINGS_FILE_UNREADABLE' });
    if (header.data.version > SETTINGS_VERSION) {
      fail('REJECTED', `The file is version ${header.data.version}; this terminal reads up to ${SETTINGS_VERSION}.`, {
        field: 'file',
        reason: 'SETTINGS_FILE_NEWER',
        params: { version: header.data.version, supported: SETTINGS_VERSION },
      });
    }
    const { signature, publicKey, ...signed } = raw as Record<string, unknown>;
    if (typeof signature !== 'string' || typeof publicKey !== 'string') fail('REJECTED', 'The file is not signed.', { field: 'signature', reason: 'SETTINGS_SIGNATURE_BAD' });
    const own = publicKey === key.publicKey();
    const trust = trusted().find((t) => t.publicKey === publicKey);
    if (!own && trust === undefined) fail('REJECTED', 'The file is signed by a key this terminal does not trust.', { field: 'signature', reason: 'SETTINGS_SIGNER_UNTRUSTED' });
    if (!verifySigned(canonicalJson({ ...signed, publicKey }), publicKey, signature)) {
      fail('REJECTED', 'The signature does not match the file: it was changed after it was signed.', { field: 'signature', reason: 'SETTINGS_SIGNATURE_BAD' });
    }
    const parsed = SettingsFileSchema.safeParse(raw);
    if (!parsed.success) refuseIssue(parsed.error, '');
    return { ...parsed.data, signerLabel: own ? null : (trust?.label ?? null) };
  }

  /** The file's secrets in clear, or null when it carries none; refused without the right passphrase. */
  async function openedSecrets(file: SettingsFile, passphrase: string | undefined): Promise<SettingsSecretValues | null> {
    if (file.secrets === undefined) return null;
    if (passphrase === undefined) {
      fail('BAD_INPUT', 'The file carries encrypted secrets: give the passphrase it was exported with.', { field: 'passphrase', reason: 'SETTINGS_PASSPHRASE_NEEDED' });
    }
    const text = await openWithPassphrase(file.secrets, passphrase);
    if (text === null) fail('REJECTED', 'The passphrase does not open the secrets in this file.', { field: 'passphrase', reason: 'SETTINGS_PASSPHRASE_WRONG' });
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      fail('BAD_INPUT', 'secrets: not JSON', { field: 'secrets', reason: 'SETTINGS_VALUE_INVALID', params: { field: 'secrets' } });
    }
    const parsed = SettingsSecretValuesSchema.safeParse(values);
    if (!parsed.success) refuseIssue(parsed.error, 'secrets');
    return parsed.data;
  }

  async function preview(input: { file: string; passphrase?: string | undefined }, ctx: CallContext<Caller>): Promise<{ preview: SettingsPreview; before: SettingsState; target: SettingsState }> {
    const file = verified(input.file);
    const target: SettingsState = { areas: file.settings, secrets: await openedSecrets(file, input.passphrase) };
    // The terminal's secrets stay in memory only: to compare with the file's, and to put back if an area fails.
    const before: SettingsState = { areas: await currentAreas(asAdmin(ctx)), secrets: secretsNow() };
    const preview: SettingsPreview = {
      signer: { terminalId: file.terminalId, publicKey: file.publicKey, own: file.signerLabel === null, label: file.signerLabel },
      createdAt: file.createdAt,
      diff: diffOf(before, target),
    };
    return { preview, before, target };
  }

  return {
    domain: defineDomain('settings', {
      handlers: {
        'settings.identity': () => identity(),
        'settings.trust.add': (input, ctx) => {
          if (!isEd25519PublicKey(input.publicKey)) {
            fail('BAD_INPUT', 'That is not an Ed25519 public key.', { field: 'publicKey', reason: 'SETTINGS_KEY_INVALID' });
          }
          ctx.commit((log) => {
            deps.db
              .prepare('INSERT INTO settings_trusted_keys (public_key, label, added_at, added_by) VALUES (?, ?, ?, ?) ON CONFLICT (public_key) DO UPDATE SET label = excluded.label')
              .run(input.publicKey, input.label, ctx.now, ctx.caller.username);
            log('settings.trust.add', { publicKey: input.publicKey, label: input.label });
          });
          return identity();
        },
        'settings.export': async (input, ctx) => {
          const settings = await currentAreas(asAdmin(ctx));
          const passphrase = input.includeSecrets?.passphrase;
          const secrets = passphrase === undefined ? undefined : await sealWithPassphrase(JSON.stringify(secretsNow()), passphrase);
          const body = { format: SETTINGS_FORMAT, version: SETTINGS_VERSION, terminalId: deps.terminalId, createdAt: ctx.now, settings, ...(secrets && { secrets }), publicKey: key.publicKey() };
          // Who took the terminal's settings away, and whether its secrets went with them; never the passphrase.
          ctx.commit((log) => log('settings.exported', { secretsIncluded: secrets !== undefined }));
          return { ...body, signature: key.sign(canonicalJson(body)) } as SettingsFile;
        },
        'settings.import.preview': async (input, ctx) => (await preview(input, ctx)).preview,
        'settings.import.apply': async (input, ctx) => {
          const { preview: result, before, target } = await preview(input, ctx);
          const changed = new Set<SettingsArea>(result.diff.map((row) => row.area));
          const applied: SettingsArea[] = [];
          const as = asAdmin(ctx);
          try {
            await writeAreas(as, target, changed, applied);
          } catch (err) {
            // All or nothing: put back, through the same calls, the areas written before the one that failed.
            await writeAreas(as, before, new Set(applied), []).catch(() => undefined);
            throw err;
          }
          ctx.commit((log) => log('settings.imported', { signer: result.signer.terminalId, publicKey: result.signer.publicKey, createdAt: result.createdAt, changes: result.diff }));
          return result;
        },
      },
    }),
  };
}
