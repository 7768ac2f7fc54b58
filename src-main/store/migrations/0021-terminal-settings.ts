import type { Migration } from './migration';

/**
 * The terminal-wide settings an administrator sets in the settings console: the language, theme
 * and time zone a user starts with (prefs), the terminal's own Ed25519 key that signs its settings
 * exports (private half sealed by the secret box), and the public keys of other terminals whose
 * exports it trusts (settings).
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0021: Migration = {
  version: 21,
  tables: { prefs: ['prefs_defaults'], settings: ['settings_identity', 'settings_trusted_keys'] },
  sql: `
  CREATE TABLE prefs_defaults (
    key TEXT PRIMARY KEY CHECK (key IN ('language', 'theme', 'timeZone')),
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;

  CREATE TABLE settings_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE settings_trusted_keys (
    public_key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    added_by TEXT
  ) STRICT;
  `,
};
