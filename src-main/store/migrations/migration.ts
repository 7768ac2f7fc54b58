import type { Db } from '../database';

/** Who owns a table: a domain's folder name, or 'store' for the kernel's own tables. */
export type TableOwner = 'store' | 'auth' | 'prefs' | 'alerts' | 'audit' | 'trading' | 'marketdata' | 'risk' | 'forecast' | 'reports' | 'devices' | 'delivery' | 'chain' | 'sync' | 'settings' | 'updates';

/**
 * One step of the schema: moves a database from `version - 1` to `version`. The tables it creates
 * are listed under the domain that owns them, so a reader finds each domain's tables here and a
 * test checks that no table is left unowned or owned twice.
 */
export interface Migration {
  version: number;
  tables: Partial<Record<TableOwner, readonly string[]>>;
  /** Tables an earlier step created and this one removes (their rows moved elsewhere first). */
  dropped?: readonly string[];
  sql: string;
  /**
   * Code that runs after `sql` in the same transaction, for what SQL cannot express (hashing every
   * existing row). As frozen as `sql`: what it computes must not change once released.
   */
  run?: (db: Db) => void;
}
