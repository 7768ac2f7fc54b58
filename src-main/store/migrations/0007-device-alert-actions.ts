import type { Migration } from './migration';

/**
 * Operators acknowledge and clear device alerts by hand; cleared_by NULL = the condition ended.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0007: Migration = {
  version: 7,
  tables: {},
  sql: `
  ALTER TABLE device_alerts ADD COLUMN acknowledged_at INTEGER;
  ALTER TABLE device_alerts ADD COLUMN acknowledged_by TEXT;
  ALTER TABLE device_alerts ADD COLUMN note TEXT;
  ALTER TABLE device_alerts ADD COLUMN cleared_by TEXT;
  `,
};
