import type { Db } from './database';

export interface LoggedEvent {
  seq: number;
  terminalId: string;
  ts: number;
  actor: string | null;
  type: string;
  payload: unknown;
}

/**
 * Appends state changes to the one log. The sequence is gap-free because it is assigned inside the
 * caller's write transaction (SQLite serialises writers), never from an autoincrement that skips.
 */
export class EventLog {
  private readonly insert;
  private readonly lastSeq;
  private readonly page;

  constructor(
    private readonly db: Db,
    readonly terminalId: string,
  ) {
    this.insert = db.prepare('INSERT INTO events (seq, terminal_id, ts, actor, type, payload) VALUES (?, ?, ?, ?, ?, ?)');
    this.lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').pluck();
    this.page = db.prepare('SELECT * FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?');
  }

  /** Must run inside a transaction together with the change it records. */
  append(ts: number, actor: string | null, type: string, payload: unknown): number {
    if (!this.db.inTransaction) throw new Error('EventLog.append must run inside the write transaction');
    const seq = (this.lastSeq.get() as number) + 1;
    this.insert.run(seq, this.terminalId, ts, actor, type, JSON.stringify(payload ?? null));
    return seq;
  }

  head(): number {
    return this.lastSeq.get() as number;
  }

  list(beforeSeq: number, limit: number): LoggedEvent[] {
    const rows = this.page.all(beforeSeq, limit) as Array<{
      seq: number;
      terminal_id: string;
      ts: number;
      actor: string | null;
      type: string;
      payload: string;
    }>;
    return rows.map((row) => ({
      seq: row.seq,
      terminalId: row.terminal_id,
      ts: row.ts,
      actor: row.actor,
      type: row.type,
      payload: JSON.parse(row.payload) as unknown,
    }));
  }
}
