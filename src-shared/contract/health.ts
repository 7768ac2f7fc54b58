import { z } from 'zod';
import type { AuditFault } from './audit';
import { ADMIN_ROLES, call, defineCalls, defineEvents } from './kit';

/**
 * Health: what an administrator checks on a terminal. The store's size and head, a database
 * integrity check and a consistent backup (both run off the core's thread on a connection of their
 * own, so trading goes on), and the state of the links the other domains keep. Everything is facts
 * and codes; the screen words them.
 */

/** A backup as it lies in the data folder's `backups` folder. */
export interface BackupView {
  /** The backup's folder name, e.g. griddesk-20261203-174512. */
  name: string;
  /** When it was taken, ms since the epoch. */
  takenAt: number;
  /** The database copy's size. */
  bytes: number;
}

export interface IntegrityView {
  ok: boolean;
  checkedAt: number;
  /** How long the check took, ms. */
  durationMs: number;
  /** Problems SQLite's integrity_check listed (the first ones), 0 when ok. */
  problems: number;
  /** Rows whose foreign key points at nothing. */
  foreignKeyProblems: number;
}

/** A link to the outside: not set up, up, or set up and down. */
export type LinkState = 'off' | 'connected' | 'disconnected';
/** The chain node: none configured, answering with the configured chain id, or not answering (or another chain). */
export type ChainLinkState = 'unset' | 'reachable' | 'unreachable';

/** The audit trail's last verify since the terminal started (audit.verify); null until one ran. */
export interface AuditChainState {
  ok: boolean;
  checkedAt: number;
  checkedTo: number;
  firstBad: { seq: number; reason: AuditFault } | null;
}

/** A call the core failed on (INTERNAL), as the trail records it; its details are in the console. */
export interface RecentError {
  seq: number;
  ts: number;
  method: string;
  actor: string | null;
}

export interface HealthView {
  version: string;
  terminalId: string;
  dataDir: string;
  /** The database file and its write-ahead log, apart. */
  databaseBytes: number;
  walBytes: number;
  /** Everything in the data folder, backups included. */
  dataDirBytes: number;
  /** Free space for the terminal on the data folder's disk; null where the OS does not say. */
  diskFreeBytes: number | null;
  schemaVersion: number;
  /** The event log's last seq and when it was written. */
  eventHead: { seq: number; ts: number | null };
  backups: { count: number; last: BackupView | null; kept: number };
  /** The last integrity check (from the trail, so it outlives a restart); null when none ran. */
  lastIntegrity: IntegrityView | null;
  /** A check or a backup running now; a second one of the same kind is refused with CONFLICT. */
  running: Array<'integrity' | 'backup'>;
  links: { broker: LinkState; feed: LinkState; chain: ChainLinkState };
  auditChain: AuditChainState | null;
  /** The newest failed calls, newest first. */
  recentErrors: RecentError[];
}

const empty = z.object({}).strict();

export const healthCalls = defineCalls('health', {
  'health.status': call<HealthView>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** PRAGMA integrity_check and foreign_key_check on a read-only connection in a worker thread. */
  'health.check': call<IntegrityView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  /** A consistent online copy (SQLite's backup API) into `<data>/backups`, owner-only; the newest ones kept. */
  'health.backup': call<BackupView>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
});

export const healthEvents = defineEvents('health', {});
