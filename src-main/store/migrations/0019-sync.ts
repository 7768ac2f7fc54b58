import type { Migration } from './migration';

/** The sync domain's step; the one place its number is kept (the lead renumbers at merge). */
const VERSION = 19;

/**
 * The terminal's link to the hosted sync server. `sync_state` is one row: the server, the device
 * token sealed by the SecretBox (purpose `sync.token`), the last sequence the server acknowledged,
 * the pull cursor, and how the last attempt ended (an error code and the sequence it names, worded
 * by the renderer). `sync_items` keeps each centrally published item at the version last pulled
 * (value as JSON text, 'null' when withdrawn) and what became of it here: applied through its
 * owning domain, refused by it (`refusal`: the reason code), or only recorded. Times in ms since the epoch (UTC).
 *
 * Frozen once released: a change is a new numbered file.
 */
export const migration0019: Migration = {
  version: VERSION,
  tables: { sync: ['sync_state', 'sync_items'] },
  sql: `
  CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL,
    org_id TEXT NOT NULL,
    token TEXT NOT NULL,
    acked_seq INTEGER NOT NULL DEFAULT 0,
    pull_cursor TEXT NOT NULL DEFAULT '0',
    enrolled_at INTEGER NOT NULL,
    last_sync_at INTEGER,
    last_attempt_at INTEGER,
    last_error_code TEXT,
    last_error_seq INTEGER
  ) STRICT;

  CREATE TABLE sync_items (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,
    pulled_at INTEGER NOT NULL,
    applied TEXT NOT NULL DEFAULT 'recorded' CHECK (applied IN ('applied', 'refused', 'recorded')),
    refusal TEXT,
    PRIMARY KEY (kind, key)
  ) STRICT;
`,
};
