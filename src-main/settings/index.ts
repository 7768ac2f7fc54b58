import type { z } from 'zod';
import type { CallInput, Method } from '../../src-shared/contract';
import type { NetworkInput } from '../../src-shared/contract/chain';
import {
  SETTINGS_FORMAT,
  SETTINGS_VERSION,
  SettingsFileSchema,
  SettingsHeaderSchema,
  type SettingsAreas,
  type SettingsDiffRow,
  type SettingsFile,
  type SettingsIdentityView,
  type SettingsPreview,
} from '../../src-shared/contract/settings';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import { defineDomain, type Domain } from '../api/domain';
import type { SystemActor, SystemCaller } from '../api/system-caller';
import type { Db } from '../store/database';
import type { SecretBox } from '../store/secret-box';
import { canonicalJson, isEd25519PublicKey, TerminalKey, verifySigned } from './signing';

export interface SettingsDeps {
  db: Db;
  terminalId: string;
  secrets: () => SecretBox;
  now: () => number;
  /** Each area is read and written through its own domain's calls, as the admin, parsed, role-checked and audited there. */
  system: SystemCaller;
}

const NETWORK_FIELDS = ['rpcUrl', 'chainId', 'confirmations', 'maxFeeGwei', 'maxPriorityFeeGwei', 'energyToken', 'paymentToken', 'settlement'] as const;

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
  const as = <M extends Method>(ctx: CallContext<Caller>, method: M, input: CallInput<M>) => deps.system.call(actor(ctx), method, input);

  async function current(ctx: CallContext<Caller>): Promise<SettingsAreas> {
    const defaults = await as(ctx, 'prefs.defaults.get', {});
    const fees = await as(ctx, 'risk.fees.get', {});
    const network = await as(ctx, 'chain.network.get', {});
    return {
      appearance: { language: defaults.language, theme: defaults.theme, timeZone: defaults.timeZone },
      risk: { feePerMwhMoney: fees.feePerMwhMoney },
      chain: network === null ? null : (Object.fromEntries(NETWORK_FIELDS.map((f) => [f, network[f]])) as NetworkInput),
    };
  }

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

  function diffOf(from: SettingsAreas, to: SettingsAreas): SettingsDiffRow[] {
    const rows: SettingsDiffRow[] = [];
    for (const area of ['appearance', 'risk', 'chain'] as const) {
      const a = (from[area] ?? {}) as Record<string, string | number | null>;
      const b = (to[area] ?? {}) as Record<string, string | number | null>;
      for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
        if ((a[field] ?? null) !== (b[field] ?? null)) rows.push({ area, field, from: a[field] ?? null, to: b[field] ?? null });
      }
    }
    return rows;
  }

  async function preview(text: string, ctx: CallContext<Caller>): Promise<{ preview: SettingsPreview; before: SettingsAreas; file: SettingsFile }> {
    const file = verified(text);
    const before = await current(ctx);
    const preview: SettingsPreview = {
      signer: { terminalId: file.terminalId, publicKey: file.publicKey, own: file.signerLabel === null, label: file.signerLabel },
      createdAt: file.createdAt,
      diff: diffOf(before, file.settings),
    };
    return { preview, before, file };
  }

  /** Writes each changed area through its domain; the chain first, as the one that asks a node and may refuse. */
  async function write(ctx: CallContext<Caller>, areas: SettingsAreas, changed: ReadonlySet<string>, applied: string[]): Promise<void> {
    if (changed.has('chain') && areas.chain !== null) {
      await as(ctx, 'chain.network.set', areas.chain);
      applied.push('chain');
    }
    if (changed.has('appearance')) {
      await as(ctx, 'prefs.defaults.set', areas.appearance);
      applied.push('appearance');
    }
    if (changed.has('risk')) {
      await as(ctx, 'risk.fees.set', areas.risk);
      applied.push('risk');
    }
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
        'settings.export': async (_input, ctx) => {
          const body = { format: SETTINGS_FORMAT, version: SETTINGS_VERSION, terminalId: deps.terminalId, createdAt: ctx.now, settings: await current(ctx), publicKey: key.publicKey() };
          return { ...body, signature: key.sign(canonicalJson(body)) } as SettingsFile;
        },
        'settings.import.preview': async (input, ctx) => (await preview(input.file, ctx)).preview,
        'settings.import.apply': async (input, ctx) => {
          const { preview: result, before, file } = await preview(input.file, ctx);
          const changed = new Set(result.diff.map((row) => row.area));
          const applied: string[] = [];
          try {
            await write(ctx, file.settings, changed, applied);
          } catch (err) {
            // All or nothing: put back, through the same calls, the areas written before the one that failed.
            await write(ctx, before, new Set(applied), []).catch(() => undefined);
            throw err;
          }
          ctx.commit((log) => log('settings.imported', { signer: result.signer.terminalId, publicKey: result.signer.publicKey, createdAt: result.createdAt, changes: result.diff }));
          return result;
        },
      },
    }),
  };
}
