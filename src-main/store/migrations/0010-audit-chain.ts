import { chainUnhashedRows } from '../event-chain';
import type { Migration } from './migration';

/**
 * A tamper-evident audit trail (docs/audit-trail.md). Each event-log row gets the hash of the row
 * before it and its own; `run` computes them once for the rows already there. Triggers keep the log
 * append-only and make every new row extend the chain from the row before it (a writer that forgot
 * the hashes, reused a seq or left a gap fails its transaction); they guard against mistakes, not
 * against someone holding the file, which is what the hashes and the signed checkpoints are for.
 * `audit_keys` holds the public halves of the checkpoint keys (the private key is a file in the
 * data folder), `audit_checkpoints` the signed (seq, hash) pairs.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0010: Migration = {
  version: 10,
  tables: { audit: ['audit_keys', 'audit_checkpoints'] },
  sql: `
  ALTER TABLE events ADD COLUMN prev_hash BLOB;
  ALTER TABLE events ADD COLUMN hash BLOB;

  CREATE TRIGGER events_extend_chain BEFORE INSERT ON events
  WHEN NEW.hash IS NULL OR length(NEW.hash) != 32
    OR NEW.prev_hash IS NOT (CASE WHEN NEW.seq = 1 THEN zeroblob(32) ELSE (SELECT hash FROM events WHERE seq = NEW.seq - 1) END)
  BEGIN
    SELECT RAISE(ABORT, 'an event-log row must extend the hash chain from the row before it');
  END;

  CREATE TRIGGER events_no_update BEFORE UPDATE ON events WHEN OLD.hash IS NOT NULL
  BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
  END;

  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
  END;

  CREATE TABLE audit_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE audit_checkpoints (
    seq INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    ts INTEGER NOT NULL,
    key_id TEXT NOT NULL REFERENCES audit_keys(key_id),
    signature BLOB NOT NULL
  ) STRICT;
  `,
  run: (db) => {
    chainUnhashedRows(db);
  },
};
