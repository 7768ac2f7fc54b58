import type { Migration } from './migration';

/**
 * The user life cycle: when each account last signed in, and the one-time password reset codes an
 * administrator hands over. A code is kept only as its hash, one per account (a new one replaces the
 * old), and stays after use, so a second use is told apart from a wrong code.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0016: Migration = {
  version: 16,
  tables: { auth: ['password_resets'] },
  sql: `
  ALTER TABLE users ADD COLUMN last_login_at INTEGER;

  CREATE TABLE password_resets (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_by TEXT,
    used_at INTEGER
  ) STRICT;
  `,
};
