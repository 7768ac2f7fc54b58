import type { Migration } from './migration';

/**
 * Two-factor sign-in (TOTP, RFC 6238). Each account's secret is sealed with the terminal's secret
 * box; `confirmed_at` is null while enrolment waits for its first code; `last_step` is the last
 * time step a code was accepted for, so each step signs in once. Recovery codes are kept by hash
 * and marked when used. `auth_settings` holds the administrators' requirement (one row).
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0017: Migration = {
  version: 17,
  tables: { auth: ['user_totp', 'recovery_codes', 'auth_settings'] },
  sql: `
  CREATE TABLE user_totp (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_step INTEGER
  ) STRICT;

  CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
  ) STRICT;

  CREATE TABLE auth_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    require_totp TEXT NOT NULL CHECK (require_totp IN ('nobody', 'admins', 'everyone'))
  ) STRICT;
  INSERT INTO auth_settings (id, require_totp) VALUES (1, 'nobody');
  `,
};
