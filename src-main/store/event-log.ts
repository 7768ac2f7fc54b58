import type { Db } from './database';
import { chainHash, chainHeadReader, type ChainHead } from './event-chain';

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
 * Each row extends the hash chain (event-chain.ts) from the row before it.
 */
/** A row exactly as it was hashed: the payload as its stored JSON text, the hashes in lowercase hex. */
export interface ChainedEvent {
  seq: number;
  ts: number;
  actor: string | null;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

export class EventLog {
  private readonly insert;
  private readonly lastSeq;
  private readonly page;
  private readonly chained;
  private readonly chainHead: () => ChainHead;

  constructor(
    private readonly db: Db,
    readonly terminalId: string,
  ) {
    this.insert = db.prepare('INSERT INTO events (seq, terminal_id, ts, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.chainHead = chainHeadReader(db);
    this.lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').pluck();
    this.chained = db.prepare('SELECT seq, ts, actor, type, payload, hex(prev_hash) AS prev, hex(hash) AS hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.page = db.prepare('SELECT seq, terminal_id, ts, actor, type, payload FROM events WHERE seq < ? ORDER BY seq DESC LIMIT ?');
  }

  /** Must run inside a transaction together with the change it records. */
  append(ts: number, actor: string | null, type: string, payload: unknown): number {
    if (!this.db.inTransaction) throw new Error('EventLog.append must run inside the write transaction');
    const head = this.chainHead();
    const seq = head.seq + 1;
    const text = JSON.stringify(payload ?? null);
    const hash = chainHash(head.hash, { seq, terminalId: this.terminalId, ts, actor, type, payload: text });
    this.insert.run(seq, this.terminalId, ts, actor, type, text, head.hash, hash);
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

  /** Up to `limit` rows after `afterSeq`, oldest first, as the sync server checks them (see sync-wire.ts). */
  chainedAfter(afterSeq: number, limit: number): ChainedEvent[] {
    const rows = this.chained.all(afterSeq, limit) as Array<{ seq: number; ts: number; actor: string | null; type: string; payload: string; prev: string; hash: string }>;
    return rows.map((row) => ({ seq: row.seq, ts: row.ts, actor: row.actor, type: row.type, payload: row.payload, prevHash: row.prev.toLowerCase(), hash: row.hash.toLowerCase() }));
  }
}
