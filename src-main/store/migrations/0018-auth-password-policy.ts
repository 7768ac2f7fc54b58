import type { Migration } from './migration';

/**
 * The administrators' password policy: a minimum length (never below today's 10, checked by the
 * core and here) beside the two-factor requirement in `auth_settings`.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0018: Migration = {
  version: 18,
  tables: {},
  sql: `
  ALTER TABLE auth_settings ADD COLUMN min_password_length INTEGER NOT NULL DEFAULT 10 CHECK (min_password_length BETWEEN 10 AND 256);
  `,
};
