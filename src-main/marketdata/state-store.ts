import type { Db } from '../store/database';

/** Small named values of the market-data service (cursor, simulator and feed settings), as JSON. */
export class StateStore {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT value FROM md_state WHERE key = ?').pluck();
    this.setStmt = db.prepare('INSERT INTO md_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): unknown {
    const raw = this.getStmt.get(key) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }
}
