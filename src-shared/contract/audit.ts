import { z } from 'zod';
import type { AuditEntry } from '../domain/schemas';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';

/**
 * Audit: the one gap-free event log, read newest first by administrators, hash-chained and
 * checkpointed so that an edit, a deletion or a truncation is found (docs/audit-trail.md).
 */

/** Why the trail is not intact at its first bad seq (see src-main/store/chain-verify.ts). */
export const AUDIT_FAULTS = ['edited', 'deleted', 'reordered', 'unchained', 'truncated', 'rewritten', 'bad_checkpoint'] as const;
export type AuditFault = (typeof AUDIT_FAULTS)[number];

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

/** Signed checkpoints as exported to be kept off the machine; the verifier trusts the keys in here. */
export const ExportedCheckpointsSchema = z
  .object({
    format: z.literal('griddesk.audit.checkpoints.v1'),
    terminalId: z.string().min(1).max(200),
    exportedAt: z.number().int(),
    keys: z.array(z.object({ keyId: hex(16), publicKey: z.string().min(1).max(1_000) }).strict()).max(1_000),
    checkpoints: z
      .array(
        z
          .object({
            seq: z.number().int().positive(),
            hash: hex(64),
            ts: z.number().int(),
            keyId: hex(16),
            signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200),
          })
          .strict(),
      )
      .max(1_000_000),
  })
  .strict();
export type ExportedCheckpoints = z.infer<typeof ExportedCheckpointsSchema>;

export interface AuditVerdict {
  ok: boolean;
  /** The last seq known intact: the head when ok. */
  checkedTo: number;
  firstBad?: { seq: number; reason: AuditFault };
  /** Checkpoints whose signatures verified and that the log was compared with. */
  checkpoints: number;
}

/**
 * Routine entries a review rarely needs: the engine's command journal and layout saves. The audit
 * screen hides them unless asked; the trail itself keeps every one.
 */
export const AUDIT_ROUTINE_TYPES = ['engine.cmd', 'prefs.set'] as const;

/**
 * The areas of the terminal an auditor narrows the trail to, each by the entry types its domain
 * writes (a dotted prefix, or one whole type without a dot). The router's own entries for a call
 * (`call`, `refused`, `call.failed`) belong to the area of the call's method.
 */
export const AUDIT_AREAS = {
  trading: ['order.', 'engine.', 'product.', 'trading.', 'trade'],
  risk: ['risk.'],
  auth: ['auth.', 'users.'],
  devices: ['devices.'],
  delivery: ['delivery.'],
  chain: ['chain.'],
  marketdata: ['marketdata.'],
  alerts: ['alerts.'],
  settings: ['settings.', 'prefs.'],
  sync: ['sync.'],
  health: ['health.', 'store.'],
  audit: ['audit.'],
} as const satisfies Record<string, readonly string[]>;
export type AuditArea = keyof typeof AUDIT_AREAS;
export const AUDIT_AREA_NAMES = Object.keys(AUDIT_AREAS) as AuditArea[];
/** The router's entries that name the call they record in `payload.method`. */
export const AUDIT_CALL_TYPES = ['call', 'refused', 'call.failed'] as const;

const EventTypeSchema = z.string().min(1).max(100);
/** Which entries a reader wants: all kinds unless narrowed. Times are ms since the epoch, `toTs` exclusive. */
export const auditFilterFields = {
  types: z.array(EventTypeSchema).max(100).optional(),
  areas: z.array(z.enum(AUDIT_AREA_NAMES as [AuditArea, ...AuditArea[]])).max(AUDIT_AREA_NAMES.length).optional(),
  actor: z.string().min(1).max(100).optional(),
  fromTs: z.number().int().optional(),
  toTs: z.number().int().optional(),
  hideRoutine: z.boolean().default(false),
};
export type AuditFilter = { types?: string[]; areas?: AuditArea[]; actor?: string; fromTs?: number; toTs?: number; hideRoutine: boolean };

/** The filtered range as CSV, one row per entry with the stored payload text and both chain hashes. */
export interface AuditCsvView {
  filename: string;
  csv: string;
  rows: number;
}

export const auditCalls = defineCalls('audit', {
  'audit.list': call<AuditEntry[]>()({
    input: z
      .object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1_000).default(200), ...auditFilterFields })
      .strict(),
    access: ADMIN_ROLES,
    mutates: false,
  }),
  /** The event types and the actors present in the whole trail, for the screen's filters. */
  'audit.facets': call<{ types: string[]; actors: string[] }>()({ input: z.object({}).strict(), access: ADMIN_ROLES, mutates: false }),
  /**
   * Every entry of the filtered range, oldest first, as CSV: seq, terminal, ts (ms) and the time on
   * the desk's clock, actor, type, the payload exactly as hashed, prev_hash and hash (hex), so an
   * auditor can recompute the chain off the machine (docs/audit-trail.md). Exporting is audited.
   */
  'audit.export': call<AuditCsvView>()({
    input: z.object({ ...auditFilterFields, maxRows: z.number().int().min(1).max(1_000_000).default(1_000_000) }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Checks the chain and every checkpoint; exported checkpoints given here are checked with their own keys. */
  'audit.verify': call<AuditVerdict>()({
    input: z.object({ checkpoints: ExportedCheckpointsSchema.optional() }).strict(),
    access: ADMIN_ROLES,
    mutates: false,
  }),
  /** Signs a checkpoint of the head now and returns every checkpoint, to be kept off the machine. */
  'audit.checkpoints.export': call<ExportedCheckpoints>()({
    input: z.object({}).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
});

export const auditEvents = defineEvents('audit', {});
