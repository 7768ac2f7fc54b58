import type pg from 'pg';
import { z } from 'zod';
import type { CentralItem, CentralKind, PullAnswer, SyncError } from '../../src-shared/contract/sync-wire';
import type { ServerTerminal, ServerUser } from './accounts';
import { audit, withTransaction } from './db';

/**
 * Down: items published centrally (settings, risk limits, accounts and roles, layouts), each with a
 * version of its own, pulled by cursor.
 *
 * The cursor is a transaction id bound, not a version: a version (or any sequence) is taken when a
 * transaction writes, not when it commits, so a reader that saw version 8 committed could later miss
 * a version 7 committed after it. Each row records the transaction that wrote it (`xid`); a pull
 * answers only rows written by transactions below its snapshot's xmin, all of which have finished,
 * and the next pull starts from that xmin. A transaction still running is below no xmin yet, so its
 * rows come in a later pull: none is skipped, none sent twice (unless written again).
 */
export async function pull(pool: pg.Pool, terminal: ServerTerminal, cursor: string): Promise<PullAnswer> {
  const found = await pool.query<{ xmin: string; kind: CentralKind | null; key: string | null; version: string | null; value: unknown }>(
    `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
     SELECT snap.xmin::text AS xmin, i.kind, i.key, i.version, i.value
     FROM snap LEFT JOIN central_items i ON i.org_id = $1 AND i.xid >= $2::text::xid8 AND i.xid < snap.xmin
     ORDER BY i.xid, i.kind, i.key`,
    [terminal.orgId, cursor],
  );
  await pool.query('UPDATE terminals SET last_pull_at = now() WHERE id = $1', [terminal.id]);
  const items: CentralItem[] = [];
  for (const row of found.rows) {
    if (row.kind === null || row.key === null || row.version === null) continue;
    items.push({ kind: row.kind, key: row.key, version: Number(row.version), value: row.value ?? null });
  }
  return { items, cursor: found.rows[0]!.xmin };
}

export type PublishOutcome = { ok: true; version: number } | { ok: false; status: number; error: SyncError & { current?: number } };

/** An admin publishes (or withdraws, value null) one item; editing from a stale version is a conflict, logged. */
export async function publish(pool: pg.Pool, by: ServerUser, kind: CentralKind, key: string, value: unknown, baseVersion: number | undefined): Promise<PublishOutcome> {
  return withTransaction(pool, async (client): Promise<PublishOutcome> => {
    const current = await client.query<{ version: string }>('SELECT version FROM central_items WHERE org_id = $1 AND kind = $2 AND key = $3 FOR UPDATE', [by.orgId, kind, key]);
    const version = Number(current.rows[0]?.version ?? 0);
    if (baseVersion !== undefined && baseVersion !== version) {
      const detail = { kind: kindKey(kind, key), baseVersion, current: version, by: by.username };
      await client.query('INSERT INTO sync_conflicts (org_id, kind, detail) VALUES ($1, $2, $3)', [by.orgId, 'publish.stale', detail]);
      await audit(client, by.orgId, by.username, 'item.publish_refused', detail);
      return { ok: false, status: 409, error: { code: 'conflict', current: version } };
    }
    await client.query(
      `INSERT INTO central_items (org_id, kind, key, version, value, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id, kind, key) DO UPDATE SET version = EXCLUDED.version, value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now(), xid = pg_current_xact_id()`,
      [by.orgId, kind, key, version + 1, JSON.stringify(value), by.username],
    );
    await audit(client, by.orgId, by.username, 'item.published', { kind, key, version: version + 1, withdrawn: value === null });
    return { ok: true, version: version + 1 };
  });
}

function kindKey(kind: string, key: string): string {
  return `${kind}/${key}`;
}

export async function reportConflict(pool: pg.Pool, terminal: ServerTerminal, report: { kind: CentralKind; key: string; serverVersion: number; resolution: string }): Promise<void> {
  await pool.query('INSERT INTO sync_conflicts (org_id, terminal_id, kind, detail) VALUES ($1, $2, $3, $4)', [terminal.orgId, terminal.id, `pull.${report.resolution}`, report]);
}

export async function listConflicts(pool: pg.Pool, orgId: string, limit: number): Promise<Array<{ id: number; terminalId: string | null; at: string; kind: string; detail: unknown }>> {
  const rows = await pool.query<{ id: string; terminal_id: string | null; at: Date; kind: string; detail: unknown }>(
    'SELECT id, terminal_id, at, kind, detail FROM sync_conflicts WHERE org_id = $1 ORDER BY id DESC LIMIT $2',
    [orgId, limit],
  );
  return rows.rows.map((r) => ({ id: Number(r.id), terminalId: r.terminal_id, at: r.at.toISOString(), kind: r.kind, detail: r.detail }));
}

/** A page position: the last row's (ts, terminal, seq), newest first. */
const PageKeySchema = z.tuple([z.number().int(), z.string(), z.number().int()]);

export function encodePageKey(ts: number, terminalId: string, seq: number): string {
  return Buffer.from(JSON.stringify([ts, terminalId, seq])).toString('base64url');
}

export function decodePageKey(text: string | undefined): [number, string, number] | null {
  if (text === undefined) return null;
  try {
    return PageKeySchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
}
