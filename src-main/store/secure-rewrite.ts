import type { Db } from './database';

/**
 * Runs a rewrite of rows that held clear-text secrets so that no copy of the old bytes stays on
 * disk: secure_delete zeroes the freed cell and page space the rewrite leaves behind, and a
 * truncating checkpoint moves the new pages into the database file and empties the WAL, which
 * could still hold frames with the old row. Only for the one-time sealing of an older version's
 * rows: secure_delete costs extra writes, so it is switched off again for ordinary commits.
 */
export function withSecureDelete(db: Db, rewrite: () => void): void {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    db.transaction(rewrite)();
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
}
