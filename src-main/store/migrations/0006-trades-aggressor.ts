import type { Migration } from './migration';

/**
 * Time & sales shows which side crossed the spread; auction fills have none.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0006: Migration = {
  version: 6,
  tables: {},
  sql: `ALTER TABLE trades ADD COLUMN aggressor TEXT CHECK (aggressor IN ('buy','sell'));`,
};
