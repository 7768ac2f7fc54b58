import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only: the folder holds the order history, users' sessions and the secret key. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The terminal's own files: the database and its companions, locks, the head marker, keys. */
const OWN_FILE = /^(griddesk\.(sqlite(-wal|-shm|-journal)?|lck(-journal)?|lock|head(\.next)?)|secret\.key(\.keychain)?)$/;

/**
 * Creates the data folder owner-only, and closes up one an older version left world-readable
 * (0755 with 0644 files): the folder and the terminal's files in it. Other files (Electron's own in
 * its user-data folder, or whatever else a --data folder holds) are behind the folder's 0700 and
 * keep their modes.
 */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (OWN_FILE.test(name) && lstatSync(path).isFile()) chmodSync(path, FILE_MODE);
  }
}

/** A database file and its -wal and -shm companions, owner-only. */
export function restrictToOwner(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, FILE_MODE);
  }
}

/** A file whose presence shows the folder held a terminal, which a missing database must not replace. */
export interface TerminalTrace {
  file: string;
  what: string;
}

/**
 * Why a missing database file is expected to be there: its WAL, the head marker naming its terminal,
 * the secret key, or the pid lock a crashed terminal left. None of these is created before the
 * database on a new terminal, so a fresh folder has none.
 */
export function tracesOfTerminal(dir: string, databaseFile: string, staleLockOwner: number | null): TerminalTrace[] {
  const candidates: TerminalTrace[] = [
    { file: `${databaseFile}-wal`, what: 'its write-ahead log' },
    { file: join(dir, 'griddesk.head'), what: "the marker naming this folder's terminal" },
    { file: join(dir, 'secret.key'), what: 'its secret key' },
  ];
  const traces = candidates.filter((trace) => existsSync(trace.file));
  if (staleLockOwner !== null) traces.push({ file: join(dir, 'griddesk.lock'), what: `the lock its process ${staleLockOwner} left` });
  return traces;
}
