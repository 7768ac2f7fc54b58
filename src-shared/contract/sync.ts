import { z } from 'zod';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event } from './kit';
import type { CentralKindSchema } from './sync-wire';

/**
 * Sync: this terminal's link to the hosted sync server (src-main/sync-server). The terminal pushes
 * its event log from the last sequence the server acknowledged and pulls what is published
 * centrally. Administrators only. Errors travel as codes (`SyncErrorCode`) the renderer words.
 */

/** Why the last sync attempt stopped; `null` in the status when it went through. */
export const SyncErrorCodeSchema = z.enum([
  /** No answer from the server (down, no network): the terminal keeps working and catches up later. */
  'unreachable',
  /** The server answered but its database is away. */
  'unavailable',
  /** The server does not know the device token: enrol again. */
  'unauthorised',
  /** The terminal was revoked on the server: an administrator there must enrol it again. */
  'revoked',
  'forbidden',
  /** The server holds another content at a sequence: stopped, shown, never resolved silently. */
  'conflict',
  /** The server's copy of the log does not extend the hash chain this terminal pushes. */
  'chain_broken',
  /** The server holds more of this terminal's log than the terminal has (a restored backup?). */
  'server_ahead',
  /** The answer did not parse: another program, or another protocol version. */
  'bad_answer',
  /** The enrolment code is wrong, used or expired. */
  'code_invalid',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCodeSchema>;

/**
 * What became of a pulled item here: `applied` through its owning domain (central risk limits, by
 * risk's own call), `refused` by that domain (`refusal` names the reason code), `recorded` when no
 * domain of this terminal takes that kind yet (kept and shown only).
 */
export const SyncAppliedSchema = z.enum(['applied', 'refused', 'recorded']);
export type SyncApplied = z.infer<typeof SyncAppliedSchema>;

export interface SyncItemView {
  kind: z.infer<typeof CentralKindSchema>;
  key: string;
  version: number;
  /** null: withdrawn on the server. */
  value: unknown;
  pulledAt: number;
  applied: SyncApplied;
  refusal: string | null;
}

export interface SyncStatusView {
  enrolled: boolean;
  serverUrl: string | null;
  orgId: string | null;
  terminalId: string;
  /** The last sequence the server acknowledged, and the log's head: `pending` is their difference. */
  ackedSeq: number;
  head: number;
  pending: number;
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  lastError: { code: SyncErrorCode; seq: number | null } | null;
  /** While a sync runs: the sequences it set out to push and how far it got. */
  progress: { from: number; to: number; done: number } | null;
  items: SyncItemView[];
}

const empty = z.object({}).strict();

export const syncCalls = defineCalls('sync', {
  'sync.status': call<SyncStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** Enrols this terminal with a one-time code an administrator made on the server; the device token is kept sealed. */
  'sync.enrol': call<SyncStatusView>()({
    input: z
      .object({
        serverUrl: z
          .string()
          .max(512)
          .url()
          .refine((u) => /^https?:\/\/[^/@]+(\/|$)/.test(u), 'http or https, with no user name or password in it'),
        enrolmentCode: z.string().min(8).max(128),
      })
      .strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Runs a sync now (or joins the one running) and answers the status after it. */
  'sync.now': call<SyncStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  /** Forgets the server and the token; the log stays, and a new enrolment pushes from what that server holds. */
  'sync.unenrol': call<SyncStatusView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
});

export const syncEvents = defineEvents('sync', {
  /** To administrators: after each pushed batch and at the end of each attempt. */
  'sync.status': event<SyncStatusView>(),
});
