import { createHash } from 'node:crypto';
import type { Db } from './database';

/**
 * The event log's hash chain (see docs/audit-trail.md). Every row carries the hash of the row before
 * it (`prev_hash`) and its own: SHA-256 over the previous hash's 32 bytes and the row's canonical
 * bytes. Editing, deleting or reordering a row breaks the chain at that row; signed checkpoints of
 * (seq, hash) kept off the machine reveal truncation and a rewrite of the whole chain.
 */

/** The previous hash of the first row. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

export interface ChainedFields {
  seq: number;
  terminalId: string;
  ts: number;
  actor: string | null;
  type: string;
  /** The payload exactly as stored (JSON text); re-serialising it could change its bytes. */
  payload: string;
}

/**
 * A fixed serialisation of every column but the hashes: a JSON array of numbers, strings and null,
 * which JSON.stringify writes one way only. The version tag lets a later format coexist.
 */
export function canonicalBytes(row: ChainedFields): Buffer {
  return Buffer.from(JSON.stringify(['griddesk.events.v1', row.seq, row.terminalId, row.ts, row.actor, row.type, row.payload]), 'utf8');
}

export function chainHash(prevHash: Buffer, row: ChainedFields): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalBytes(row)).digest();
}

export interface ChainHead {
  seq: number;
  hash: Buffer;
}

/** Reads the log's last row: the seq and hash the next row extends (GENESIS before the first). */
export function chainHeadReader(db: Db): () => ChainHead {
  const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
  return () => {
    const row = last.get() as { seq: number; hash: Buffer | null } | undefined;
    if (!row) return { seq: 0, hash: GENESIS_HASH };
    // Rows before the chain existed are hashed by migration 10, so a null here is a broken store.
    if (row.hash === null) throw new Error(`Event ${row.seq} has no hash: the event log's chain is broken.`);
    return { seq: row.seq, hash: row.hash };
  };
}

type EventRow = { seq: number; terminal_id: string; ts: number; actor: string | null; type: string; payload: string; prev_hash: Buffer | null; hash: Buffer | null };

export function fieldsOf(row: EventRow): ChainedFields {
  return { seq: row.seq, terminalId: row.terminal_id, ts: row.ts, actor: row.actor, type: row.type, payload: row.payload };
}

/** Rows in seq order after `afterSeq`, a page at a time (a statement cannot write while it iterates). */
export function eventPageReader(db: Db): (afterSeq: number, limit: number) => EventRow[] {
  const page = db.prepare('SELECT seq, terminal_id, ts, actor, type, payload, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  return (afterSeq, limit) => page.all(afterSeq, limit) as EventRow[];
}

export type { EventRow };

/** Hashes every row that has none yet, in seq order (migration 10 chains the rows written before it). */
export function chainUnhashedRows(db: Db): number {
  const page = eventPageReader(db);
  const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = GENESIS_HASH;
  let after = 0;
  let chained = 0;
  for (let rows = page(after, 10_000); rows.length > 0; rows = page(after, 10_000)) {
    for (const row of rows) {
      after = row.seq;
      if (row.hash !== null) {
        prev = row.hash;
        continue;
      }
      const hash = chainHash(prev, fieldsOf(row));
      update.run(prev, hash, row.seq);
      prev = hash;
      chained++;
    }
  }
  return chained;
}
