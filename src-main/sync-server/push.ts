import type pg from 'pg';
import type { PushAnswer, PushBody, SyncError, WireEvent } from '../../src-shared/contract/sync-wire';
import { chainHash, GENESIS_HASH } from '../store/event-chain';
import { audit, withTransaction } from './db';

export interface PushingTerminal {
  id: string;
  orgId: string;
}

export type PushOutcome = { ok: true; answer: PushAnswer } | { ok: false; status: number; error: SyncError };

/**
 * Stores one batch of a terminal's event log, in one transaction (Replicache's push: the server
 * keeps the last sequence per client and skips what it already holds, in the same transaction as
 * the rows). The terminal's row is locked first, so two pushes of one terminal (a retry racing its
 * original, two server instances) take turns and neither sees a half-stored batch.
 *
 * - a row at or below the acknowledged head is a replay: skipped when its hash (which covers every
 *   field and the chain before it) matches, a `conflict` when it does not;
 * - the first new row must be head + 1, or the answer is a `gap` with the expected sequence;
 * - every new row must extend the hash chain from the stored head (`chain_broken` otherwise), so
 *   the server holds exactly what the terminal hashed, verifiable end to end.
 */
export async function pushBatch(pool: pg.Pool, terminal: PushingTerminal, body: PushBody): Promise<PushOutcome> {
  const events = body.events;
  const first = events[0]!.seq;
  if (events.some((event, i) => event.seq !== first + i)) return refuse(400, { code: 'invalid', issues: ['events must be in consecutive sequence order'] });

  const outcome = await withTransaction(pool, async (client) => {
    const head = await client.query<{ acked_seq: string; head_hash: Buffer | null; revoked_at: Date | null }>(
      'SELECT acked_seq, head_hash, revoked_at FROM terminals WHERE id = $1 FOR UPDATE',
      [terminal.id],
    );
    const row = head.rows[0];
    if (!row) return refuse(401, { code: 'unauthorised' });
    if (row.revoked_at) return refuse(403, { code: 'revoked' });
    const acked = Number(row.acked_seq);

    const replayed = events.filter((event) => event.seq <= acked);
    if (replayed.length > 0) {
      const stored = await client.query<{ seq: string; hash: Buffer }>(
        'SELECT seq, hash FROM events WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3',
        [terminal.id, replayed[0]!.seq, replayed[replayed.length - 1]!.seq],
      );
      const byseq = new Map(stored.rows.map((r) => [Number(r.seq), r.hash.toString('hex')]));
      const changed = replayed.find((event) => byseq.get(event.seq) !== event.hash);
      if (changed) return refuse(409, { code: 'conflict', seq: changed.seq, expected: acked + 1 });
    }

    const fresh = events.filter((event) => event.seq > acked);
    if (fresh.length === 0) return { ok: true as const, answer: { acked, stored: 0, skipped: replayed.length } };
    if (fresh[0]!.seq !== acked + 1) return refuse(409, { code: 'gap', expected: acked + 1 });

    let prev = row.head_hash ?? GENESIS_HASH;
    for (const event of fresh) {
      if (!extendsChain(prev, event, terminal.id)) return refuse(422, { code: 'chain_broken', seq: event.seq, expected: acked + 1 });
      prev = Buffer.from(event.hash, 'hex');
    }
    await insertEvents(client, terminal, fresh);
    const last = fresh[fresh.length - 1]!;
    await client.query('UPDATE terminals SET acked_seq = $2, head_hash = $3, last_push_at = now() WHERE id = $1', [terminal.id, last.seq, prev]);
    return { ok: true as const, answer: { acked: last.seq, stored: fresh.length, skipped: replayed.length } };
  });

  if (!outcome.ok) await recordRefusal(pool, terminal, outcome.error, events);
  return outcome;
}

function refuse(status: number, error: SyncError): PushOutcome & { ok: false } {
  return { ok: false, status, error };
}

function extendsChain(prev: Buffer, event: WireEvent, terminalId: string): boolean {
  if (event.prevHash !== prev.toString('hex')) return false;
  const hash = chainHash(prev, { seq: event.seq, terminalId, ts: event.ts, actor: event.actor, type: event.type, payload: event.payload });
  return hash.toString('hex') === event.hash;
}

/** One statement per batch: the columns as arrays, spread into rows by unnest. */
async function insertEvents(client: pg.PoolClient, terminal: PushingTerminal, events: readonly WireEvent[]): Promise<void> {
  await client.query(
    `INSERT INTO events (terminal_id, org_id, seq, ts, actor, type, payload, prev_hash, hash)
     SELECT $1, $2, u.seq, u.ts, u.actor, u.type, u.payload, decode(u.prev_hash, 'hex'), decode(u.hash, 'hex')
     FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(seq, ts, actor, type, payload, prev_hash, hash)`,
    [
      terminal.id,
      terminal.orgId,
      events.map((e) => e.seq),
      events.map((e) => e.ts),
      events.map((e) => e.actor),
      events.map((e) => e.type),
      events.map((e) => e.payload),
      events.map((e) => e.prevHash),
      events.map((e) => e.hash),
    ],
  );
}

/** A refused batch changed nothing; the refusal is audited, and a conflict is also listed as one. */
async function recordRefusal(pool: pg.Pool, terminal: PushingTerminal, error: SyncError, events: readonly WireEvent[]): Promise<void> {
  const detail = { code: error.code, seq: error.seq ?? null, expected: error.expected ?? null, first: events[0]!.seq, count: events.length };
  await audit(pool, terminal.orgId, `terminal:${terminal.id}`, 'push.refused', detail);
  if (error.code === 'conflict' || error.code === 'chain_broken') {
    await pool.query('INSERT INTO sync_conflicts (org_id, terminal_id, kind, detail) VALUES ($1, $2, $3, $4)', [terminal.orgId, terminal.id, `push.${error.code}`, detail]);
  }
}
