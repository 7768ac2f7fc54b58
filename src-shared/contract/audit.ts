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

export const auditCalls = defineCalls('audit', {
  'audit.list': call<AuditEntry[]>()({
    input: z
      .object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1_000).default(200) })
      .strict(),
    access: ADMIN_ROLES,
    mutates: false,
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
