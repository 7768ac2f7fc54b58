import type { Migration } from './migration';

/**
 * The site whose batteries back a user's local-market sells; no row = the user has no site.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0008: Migration = {
  version: 8,
  tables: { delivery: ['user_sites'] },
  sql: `
  CREATE TABLE user_sites (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    site TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;
  CREATE INDEX user_sites_site ON user_sites(site);
  `,
};
