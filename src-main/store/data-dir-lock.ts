import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataDir } from './data-dir';

export class DataDirBusyError extends Error {
  constructor(dir: string, pid: number | null) {
    super(
      `Another GridDesk (${pid === null ? 'another process' : `process ${pid}`}) is already using the data folder ${dir}. ` +
        'Stop it first, or start this one with a different --data folder.',
    );
    this.name = 'DataDirBusyError';
  }
}

/** Holds the OS lock; never deleted, so every process locks the same file (see lockDataDir). */
const LOCK_FILE = 'griddesk.lck';
/** The owner's pid, for the message a second terminal prints; also the trace a crashed terminal leaves. */
const PID_FILE = 'griddesk.lock';

export interface DataDirLock {
  release(): void;
  /** Releases after a refused start, putting back the pid file a crashed terminal left: the folder stays as it was found. */
  abandon(): void;
  /** The pid a terminal that died without releasing left in the folder (null: it stopped cleanly, or the folder is new). */
  staleOwner: number | null;
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * One terminal per data folder: two writers on one database would interleave sequence numbers and
 * engine state. The lock is the OS's: SQLite's write lock (fcntl on POSIX, LockFileEx on Windows)
 * on griddesk.lck, held by an open write transaction for the terminal's lifetime. The OS takes
 * the test and the set in one step and drops the lock when its process dies, so a crashed
 * terminal's lock needs no take-over, and two processes starting together cannot both win (a
 * pid file checked and replaced by each of them could, between the check and the replace).
 * The lock file is never removed: a process that had opened it would keep locking a deleted file.
 * POSIX drops a process's locks on a file when it closes any descriptor of that file, so nothing in
 * this process may open griddesk.lck except this connection.
 */
export function lockDataDir(dir: string, options: { nativeBinding?: string } = {}): DataDirLock {
  prepareDataDir(dir);
  const lockFile = join(dir, LOCK_FILE);
  const pidFile = join(dir, PID_FILE);
  // Created owner-only before SQLite opens it: its journal would take the file's mode. Closing this
  // descriptor is safe, no lock is held yet.
  closeSync(openSync(lockFile, 'a', 0o600));
  chmodSync(lockFile, 0o600);
  const db = new Database(lockFile, { timeout: 0, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    // The lock transaction writes nothing; a journal in memory leaves no -journal file beside it.
    db.pragma('journal_mode = MEMORY');
    // RESERVED, not EXCLUSIVE: only one connection can hold RESERVED, and taking it never waits for
    // another's SHARED, so of two processes trying at once one wins and one is refused. With
    // EXCLUSIVE both could take SHARED first and then each be refused for the other's.
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirBusyError(dir, readPid(pidFile));
    throw err;
  }
  const previous = readPid(pidFile);
  writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
  let held = true;
  const staleOwner = previous !== null && previous !== process.pid ? previous : null;
  const release = (leftBehind: number | null) => {
    if (!held) return;
    held = false;
    // The pid file is settled first: once the lock is free, the next owner writes its own.
    if (leftBehind === null) rmSync(pidFile, { force: true });
    else writeFileSync(pidFile, String(leftBehind), { mode: 0o600 });
    db.close();
  };
  return { staleOwner, release: () => release(null), abandon: () => release(staleOwner) };
}
