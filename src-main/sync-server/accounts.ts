import type pg from 'pg';
import type { Role } from '../../src-shared/domain/schemas';
import type { EnrolAnswer, SyncError } from '../../src-shared/contract/sync-wire';
import { audit, newSecret, secretHash, withTransaction } from './db';

/** Organisations, their users (API keys with a role), one-time enrolment codes and terminals' device tokens. */

export interface ServerUser {
  orgId: string;
  username: string;
  role: Role;
}

export interface ServerTerminal {
  id: string;
  orgId: string;
}

export async function createOrganisation(pool: pg.Pool, id: string, name: string, adminUsername: string): Promise<{ adminKey: string }> {
  return withTransaction(pool, async (client) => {
    await client.query('INSERT INTO organisations (id, name) VALUES ($1, $2)', [id, name]);
    const adminKey = newSecret('gdk');
    await client.query('INSERT INTO users (org_id, username, role, key_hash) VALUES ($1, $2, $3, $4)', [id, adminUsername, 'admin', secretHash(adminKey)]);
    await audit(client, id, 'cli', 'org.created', { name, admin: adminUsername });
    return { adminKey };
  });
}

export async function createUser(pool: pg.Pool, by: ServerUser, username: string, role: Role): Promise<{ key: string }> {
  const key = newSecret('gdk');
  await withTransaction(pool, async (client) => {
    await client.query('INSERT INTO users (org_id, username, role, key_hash) VALUES ($1, $2, $3, $4)', [by.orgId, username, role, secretHash(key)]);
    await audit(client, by.orgId, by.username, 'user.created', { username, role });
  });
  return { key };
}

export async function userByKey(pool: pg.Pool, key: string): Promise<ServerUser | null> {
  const found = await pool.query<{ org_id: string; username: string; role: Role }>('SELECT org_id, username, role FROM users WHERE key_hash = $1 AND revoked_at IS NULL', [secretHash(key)]);
  const row = found.rows[0];
  return row ? { orgId: row.org_id, username: row.username, role: row.role } : null;
}

export type TerminalAuth = { ok: true; terminal: ServerTerminal } | { ok: false; error: SyncError };

export async function terminalByToken(pool: pg.Pool, token: string): Promise<TerminalAuth> {
  const found = await pool.query<{ id: string; org_id: string; revoked_at: Date | null }>('SELECT id, org_id, revoked_at FROM terminals WHERE token_hash = $1', [secretHash(token)]);
  const row = found.rows[0];
  if (!row) return { ok: false, error: { code: 'unauthorised' } };
  if (row.revoked_at) return { ok: false, error: { code: 'revoked' } };
  return { ok: true, terminal: { id: row.id, orgId: row.org_id } };
}

export async function createEnrolmentCode(pool: pg.Pool, by: ServerUser, ttlMinutes: number): Promise<{ code: string; expiresAt: string }> {
  const code = newSecret('gde', 15);
  const made = await withTransaction(pool, async (client) => {
    const row = await client.query<{ expires_at: Date }>(
      "INSERT INTO enrolment_codes (code_hash, org_id, created_by, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING expires_at",
      [secretHash(code), by.orgId, by.username, ttlMinutes],
    );
    await audit(client, by.orgId, by.username, 'enrolment_code.created', { ttlMinutes });
    return row.rows[0]!.expires_at;
  });
  return { code, expiresAt: made.toISOString() };
}

export type EnrolOutcome = { ok: true; answer: EnrolAnswer } | { ok: false; status: number; error: SyncError };

/**
 * Spends a one-time code (locked, so two terminals racing for one code cannot both win) and issues
 * the terminal's device token. A terminal already enrolled in the same organisation gets a new token
 * and keeps its acknowledged head (a reinstalled terminal resumes); one of another organisation is refused.
 */
export async function enrol(pool: pg.Pool, code: string, terminalId: string, name: string): Promise<EnrolOutcome> {
  const outcome = await withTransaction(pool, async (client): Promise<EnrolOutcome> => {
    const found = await client.query<{ org_id: string; used_at: Date | null; live: boolean }>(
      'SELECT org_id, used_at, expires_at > now() AS live FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE',
      [secretHash(code)],
    );
    const row = found.rows[0];
    if (!row || !row.live) return { ok: false, status: 401, error: { code: 'unauthorised' } };
    if (row.used_at) return { ok: false, status: 409, error: { code: 'code_used' } };
    const existing = await client.query<{ org_id: string; acked_seq: string }>('SELECT org_id, acked_seq FROM terminals WHERE id = $1 FOR UPDATE', [terminalId]);
    const known = existing.rows[0];
    if (known && known.org_id !== row.org_id) return { ok: false, status: 403, error: { code: 'forbidden' } };
    const token = newSecret('gdt');
    if (known) {
      await client.query('UPDATE terminals SET token_hash = $2, revoked_at = NULL, name = $3 WHERE id = $1', [terminalId, secretHash(token), name]);
    } else {
      await client.query('INSERT INTO terminals (id, org_id, name, token_hash) VALUES ($1, $2, $3, $4)', [terminalId, row.org_id, name, secretHash(token)]);
    }
    await client.query('UPDATE enrolment_codes SET used_at = now(), used_by = $2 WHERE code_hash = $1', [secretHash(code), terminalId]);
    await audit(client, row.org_id, `terminal:${terminalId}`, 'terminal.enrolled', { name, again: Boolean(known) });
    return { ok: true, answer: { orgId: row.org_id, token, acked: known ? Number(known.acked_seq) : 0 } };
  });
  if (!outcome.ok) await audit(pool, null, `terminal:${terminalId}`, 'enrol.refused', { code: outcome.error.code });
  return outcome;
}

export async function revokeTerminal(pool: pg.Pool, by: ServerUser, terminalId: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const done = await client.query('UPDATE terminals SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND revoked_at IS NULL', [terminalId, by.orgId]);
    await audit(client, by.orgId, by.username, done.rowCount ? 'terminal.revoked' : 'terminal.revoke_refused', { terminalId });
    return (done.rowCount ?? 0) > 0;
  });
}

export interface TerminalStatusRow {
  id: string;
  name: string;
  acked: number;
  revoked: boolean;
  lastPushAt: string | null;
  lastPullAt: string | null;
}

export async function listTerminals(pool: pg.Pool, orgId: string): Promise<TerminalStatusRow[]> {
  const rows = await pool.query<{ id: string; name: string; acked_seq: string; revoked_at: Date | null; last_push_at: Date | null; last_pull_at: Date | null }>(
    'SELECT id, name, acked_seq, revoked_at, last_push_at, last_pull_at FROM terminals WHERE org_id = $1 ORDER BY id',
    [orgId],
  );
  return rows.rows.map((r) => ({ id: r.id, name: r.name, acked: Number(r.acked_seq), revoked: r.revoked_at !== null, lastPushAt: r.last_push_at?.toISOString() ?? null, lastPullAt: r.last_pull_at?.toISOString() ?? null }));
}
