import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditChainState, BackupView, ChainLinkState, HealthView, IntegrityView, LinkState, RecentError } from '../../src-shared/contract/health';
import { fail } from '../../src-shared/domain/errors';
import { defineDomain, type Domain } from '../api/domain';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { runHealthJob } from './run-job';

/** What the other domains' links are doing, wired by the composition root from their ports. */
export interface HealthLinks {
  broker(): LinkState;
  feed(): LinkState;
  /** Asks the chain node, giving it at most `timeoutMs`. */
  chain(timeoutMs: number): Promise<ChainLinkState>;
  auditChain(): AuditChainState | null;
}

export interface HealthOptions {
  /** How many backups are kept; the oldest beyond this are removed after each new one. */
  keepBackups: number;
  /** How long health.status waits for the chain node before it calls it unreachable. */
  chainProbeMs: number;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = { keepBackups: 10, chainProbeMs: 3_000 };

export interface HealthDeps {
  db: Db;
  log: EventLog;
  clock: Clock;
  dataDir: string;
  databaseFile: string;
  version: string;
  nativeBinding?: string;
  /** Files a restore needs beside the database (the secret key, the audit signing key), copied into each backup. */
  keyFiles: readonly string[];
  links: HealthLinks;
  options?: Partial<HealthOptions>;
}

export const BACKUPS_FOLDER = 'backups';
const BACKUP_DATABASE = 'griddesk.sqlite';
/** griddesk-YYYYMMDD-HHMMSS: sortable, and the time it was taken in UTC. */
const BACKUP_NAME = /^griddesk-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;
const RECENT_ERRORS = 10;

function backupStamp(ms: number): string {
  return `griddesk-${new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

function fileBytes(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function diskFree(dir: string): number | null {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

/** The backups in the folder, newest first; a half-written one (still `.partial`) is not a backup. */
function listBackups(dir: string): BackupView[] {
  if (!existsSync(dir)) return [];
  const found: BackupView[] = [];
  for (const name of readdirSync(dir)) {
    const match = BACKUP_NAME.exec(name);
    const file = join(dir, name, BACKUP_DATABASE);
    if (!match || !existsSync(file)) continue;
    const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
    found.push({ name, takenAt: Date.UTC(y, mo - 1, d, h, mi, s), bytes: statSync(file).size });
  }
  return found.sort((a, b) => b.takenAt - a.takenAt);
}

/**
 * The health domain: what an administrator checks on the terminal. Integrity checks and backups
 * run in a worker thread on their own read-only connection (trading goes on); one of each at a
 * time. A backup is a folder under `<data>/backups` with a consistent copy of the database and the
 * key files a restore needs, owner-only like the data folder, written under a `.partial` name and
 * renamed only once the copy checked sound. The last check's result is read back from the trail,
 * so it is known after a restart.
 */
export function createHealth(deps: HealthDeps): { domain: Domain<'health'> } {
  const options = { ...DEFAULT_HEALTH_OPTIONS, ...deps.options };
  const backupsDir = join(deps.dataDir, BACKUPS_FOLDER);
  const running = new Set<'integrity' | 'backup'>();
  // The trail's (type, seq) index makes both of these a short walk from the newest entry.
  const lastOfType = deps.db.prepare('SELECT seq, ts, actor, payload FROM events WHERE type = ? ORDER BY seq DESC LIMIT ?');
  const headTs = deps.db.prepare('SELECT ts FROM events ORDER BY seq DESC LIMIT 1').pluck();

  const exclusive = async <T>(kind: 'integrity' | 'backup', work: () => Promise<T>): Promise<T> => {
    if (running.has(kind)) fail('CONFLICT', 'This is already running; wait for it to finish.', { reason: kind === 'backup' ? 'BACKUP_RUNNING' : 'INTEGRITY_RUNNING' });
    running.add(kind);
    try {
      return await work();
    } finally {
      running.delete(kind);
    }
  };

  const lastIntegrity = (): IntegrityView | null => {
    const row = lastOfType.get('health.integrity_checked', 1) as { ts: number; payload: string } | undefined;
    if (!row) return null;
    const facts = JSON.parse(row.payload) as Omit<IntegrityView, 'checkedAt'>;
    return { ok: facts.ok, checkedAt: row.ts, durationMs: facts.durationMs, problems: facts.problems, foreignKeyProblems: facts.foreignKeyProblems };
  };

  const recentErrors = (): RecentError[] =>
    (lastOfType.all('call.failed', RECENT_ERRORS) as Array<{ seq: number; ts: number; actor: string | null; payload: string }>).map((row) => {
      const payload = JSON.parse(row.payload) as { method?: unknown };
      return { seq: row.seq, ts: row.ts, actor: row.actor, method: typeof payload.method === 'string' ? payload.method : '' };
    });

  /** Removes the oldest backups beyond the number kept; never the one just taken. */
  const prune = (): string[] => {
    const removed = listBackups(backupsDir).slice(Math.max(options.keepBackups, 1));
    for (const old of removed) rmSync(join(backupsDir, old.name), { recursive: true, force: true });
    return removed.map((b) => b.name);
  };

  const status = async (): Promise<HealthView> => {
    const backups = listBackups(backupsDir);
    const seq = deps.log.head();
    return {
      version: deps.version,
      terminalId: deps.log.terminalId,
      dataDir: deps.dataDir,
      databaseBytes: fileBytes(deps.databaseFile),
      walBytes: fileBytes(`${deps.databaseFile}-wal`),
      dataDirBytes: folderBytes(deps.dataDir),
      diskFreeBytes: diskFree(deps.dataDir),
      schemaVersion: deps.db.pragma('user_version', { simple: true }) as number,
      eventHead: { seq, ts: seq > 0 ? (headTs.get() as number) : null },
      backups: { count: backups.length, last: backups[0] ?? null, kept: options.keepBackups },
      lastIntegrity: lastIntegrity(),
      running: [...running],
      links: { broker: deps.links.broker(), feed: deps.links.feed(), chain: await deps.links.chain(options.chainProbeMs).catch((): ChainLinkState => 'unreachable') },
      auditChain: deps.links.auditChain(),
      recentErrors: recentErrors(),
    };
  };

  const backup = async (now: number): Promise<{ view: BackupView; pages: number }> => {
    const name = backupStamp(now);
    const final = join(backupsDir, name);
    if (existsSync(final)) fail('CONFLICT', 'A backup was taken this very second; try again.', { reason: 'BACKUP_SAME_SECOND' });
    const partial = `${final}.partial`;
    mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
    chmodSync(backupsDir, 0o700);
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { mode: 0o700 });
    try {
      const target = join(partial, BACKUP_DATABASE);
      const result = await runHealthJob({ kind: 'backup', file: deps.databaseFile, target, nativeBinding: deps.nativeBinding });
      if (result.type !== 'backup') throw new Error(`backup answered ${result.type}`);
      if (result.problems.length > 0) fail('REJECTED', 'The copy did not check sound; it was not kept.', { reason: 'BACKUP_UNSOUND', params: { problems: result.problems.length } });
      chmodSync(target, 0o600);
      for (const key of deps.keyFiles) {
        const source = join(deps.dataDir, key);
        // Written with its mode, so the copy is owner-only from the start.
        if (existsSync(source)) writeFileSync(join(partial, key), readFileSync(source), { mode: 0o600 });
      }
      renameSync(partial, final);
      return { view: { name, takenAt: now, bytes: statSync(join(final, BACKUP_DATABASE)).size }, pages: result.pages };
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      throw err;
    }
  };

  return {
    domain: defineDomain('health', {
      handlers: {
        'health.status': () => status(),
        'health.check': (_input, ctx) =>
          exclusive('integrity', async () => {
            const started = deps.clock.now();
            const result = await runHealthJob({ kind: 'integrity', file: deps.databaseFile, nativeBinding: deps.nativeBinding });
            if (result.type !== 'integrity') throw new Error(`integrity check answered ${result.type}`);
            const facts = {
              ok: result.problems.length === 0 && result.foreignKeyProblems === 0,
              durationMs: deps.clock.now() - started,
              problems: result.problems.length,
              foreignKeyProblems: result.foreignKeyProblems,
            };
            // SQLite's own words go to the trail (the first few), for whoever repairs the file.
            ctx.commit((log) => log('health.integrity_checked', { ...facts, details: result.problems.slice(0, 10) }));
            // The trail's entry carries the call's time; the answer says the same as health.status will.
            return { ...facts, checkedAt: ctx.now };
          }),
        'health.backup': (_input, ctx) =>
          exclusive('backup', async () => {
            const { view, pages } = await backup(ctx.now);
            const removed = prune();
            ctx.commit((log) => log('health.backup_taken', { name: view.name, bytes: view.bytes, pages, removed }));
            return view;
          }),
      },
    }),
  };
}
