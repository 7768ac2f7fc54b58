import Database from 'better-sqlite3';
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { restrictToOwner } from './data-dir';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

/** A problem with the data file that the user must see in plain words; the file is left untouched. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function assertLooksLikeSqlite(file: string): void {
  if (!existsSync(file)) return;
  // SQLite would take an empty file for a new database: a truncated copy or a failed restore would
  // become a fresh terminal whose first-run link hands it to whoever opens it.
  if (statSync(file).size === 0) {
    throw new StoreOpenError(
      `The data file ${file} is empty (0 bytes): it was truncated, or a copy or restore failed. ` +
        'It has not been changed; restore it from a backup, or remove it only if this folder never held a terminal.',
    );
  }
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    if (header.toString('latin1') !== SQLITE_HEADER) {
      throw new StoreOpenError(
        `The data file ${file} is not a GridDesk database (it is damaged or another kind of file). ` +
          'It has not been changed; move it away or restore it from a backup.',
      );
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens the terminal's database: WAL, foreign keys, full fsync on commit (an acknowledged order must
 * survive a power cut), then brings the schema up to date. Refuses newer or damaged files rather than
 * touching them.
 */
export function openDatabase(file: string, options: { nativeBinding?: string } = {}): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    assertLooksLikeSqlite(file);
  }
  let db: Db;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw new StoreOpenError(`Cannot open the data file ${file}: ${(err as Error).message}`);
  }
  try {
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') {
      throw new StoreOpenError(`The data file ${file} is damaged (${String(integrity)}). It has not been changed.`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreOpenError(
        `The data file ${file} was written by a newer GridDesk (schema ${version}; this version knows up to ${SCHEMA_VERSION}). ` +
          'Update GridDesk to open it; the file has not been changed.',
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Device telemetry touches one page per device per flush; a 64 MiB page cache (SQLite's default
    // is 2 MiB) keeps those pages in memory instead of re-reading them on every flush.
    db.pragma('cache_size = -65536');
    // Each telemetry commit writes ~1,000 WAL frames (a page per active device), so SQLite's default
    // (checkpoint once the WAL passes 1,000 frames) would checkpoint after every commit and copy the
    // same hot pages to the database file twenty times a second. The devices' ingest queue
    // checkpoints once a second instead (see IngestQueue); this is only the ceiling if it ever falls
    // behind.
    db.pragma('wal_autocheckpoint = 16384');
    migrate(db, version);
    // The database holds secrets only sealed, but also orders and users: owner-only, as are the
    // -wal and -shm files, which SQLite creates with the database file's mode.
    if (file !== ':memory:') restrictToOwner(file);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreOpenError) throw err;
    const message = (err as Error).message;
    if (/not a database|malformed|file is encrypted/i.test(message)) {
      throw new StoreOpenError(`The data file ${file} is damaged (${message}). It has not been changed.`);
    }
    throw err;
  }
}

function migrate(db: Db, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (step === undefined) throw new Error(`missing migration ${version + 1}`);
    db.transaction(() => {
      db.exec(step.sql);
      step.run?.(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
