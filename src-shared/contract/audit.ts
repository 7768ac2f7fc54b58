import { z } from 'zod';
import type { AuditEntry } from '../domain/schemas';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';

/** Audit: the one gap-free event log, read newest first by administrators. */

export const auditCalls = defineCalls('audit', {
  'audit.list': call<AuditEntry[]>()({
    input: z
      .object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1_000).default(200) })
      .strict(),
    access: ADMIN_ROLES,
    mutates: false,
  }),
});

export const auditEvents = defineEvents('audit', {});
