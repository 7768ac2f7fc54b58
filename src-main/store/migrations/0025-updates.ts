import type { Migration } from './migration';

/** The updates step; the one place its number is kept (the index requires version = position). */
const VERSION = 25;

/**
 * `updates_state` is the terminal's one row of self-update state: the release channel's folder
 * (null = updates off) and whether it is checked on its own; the last check's outcome; the newer
 * version that check found (JSON, parsed by the updates domain's schema on read: version, file
 * URL, sha512, size); and the download staged for the next restart (JSON: version, file name,
 * sha512, size, when it verified). It outlives a restart, so "restart needed" does too.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0025: Migration = {
  version: VERSION,
  tables: { updates: ['updates_state'] },
  sql: `
  CREATE TABLE updates_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    feed_url TEXT,
    auto_check INTEGER NOT NULL CHECK (auto_check IN (0, 1)),
    last_check TEXT,
    available TEXT,
    staged TEXT,
    last_download_refusal TEXT,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;
  `,
};
