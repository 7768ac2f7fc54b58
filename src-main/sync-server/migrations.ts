import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The sync server's schema: ordered, frozen steps, applied at start in one transaction under an
 * advisory lock (several instances may start at once) and recorded in `schema_migrations` with a
 * hash of their text. A released step is never edited: a database whose recorded hash differs, or
 * that is at a version this build does not know, refuses the start rather than guess.
 *
 * Why not node-pg-migrate's runner: it loads migration files from a folder at run time, which the
 * bundled server does not have; a list of SQL texts in the program is the same idea with no files.
 */
export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
    CREATE TABLE organisations (
      id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- People who call the server's admin and central-read endpoints, each with an API key (hashed).
    CREATE TABLE users (
      org_id text NOT NULL REFERENCES organisations(id),
      username text NOT NULL,
      role text NOT NULL,
      key_hash bytea NOT NULL UNIQUE,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, username)
    );

    CREATE TABLE enrolment_codes (
      code_hash bytea PRIMARY KEY,
      org_id text NOT NULL REFERENCES organisations(id),
      created_by text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      used_by text
    );

    -- One row per enrolled terminal: the lock every push of that terminal takes, and its acknowledged head.
    CREATE TABLE terminals (
      id text PRIMARY KEY,
      org_id text NOT NULL REFERENCES organisations(id),
      name text NOT NULL,
      token_hash bytea NOT NULL UNIQUE,
      revoked_at timestamptz,
      acked_seq bigint NOT NULL DEFAULT 0,
      head_hash bytea,
      enrolled_at timestamptz NOT NULL DEFAULT now(),
      last_push_at timestamptz,
      last_pull_at timestamptz
    );

    -- The terminals' event logs, exactly as they hashed them (payload is the JSON text).
    CREATE TABLE events (
      terminal_id text NOT NULL REFERENCES terminals(id),
      seq bigint NOT NULL,
      org_id text NOT NULL,
      ts bigint NOT NULL,
      actor text,
      type text NOT NULL,
      payload text NOT NULL,
      prev_hash bytea NOT NULL,
      hash bytea NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (terminal_id, seq)
    );
    CREATE INDEX events_org_type_ts ON events (org_id, type, ts DESC, terminal_id, seq DESC);
    CREATE INDEX events_org_ts ON events (org_id, ts DESC, terminal_id, seq DESC);
    -- The central view finds who opened an order (its trader) by the order's id on its terminal.
    CREATE INDEX events_orders_opened ON events (terminal_id, ((payload::jsonb->>'orderId')::bigint))
      WHERE type IN ('order.accepted', 'order.block_accepted');

    -- Published centrally, pulled by terminals. xid is the writing transaction (see pull in store.ts).
    CREATE TABLE central_items (
      org_id text NOT NULL REFERENCES organisations(id),
      kind text NOT NULL,
      key text NOT NULL,
      version bigint NOT NULL,
      value jsonb,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      PRIMARY KEY (org_id, kind, key)
    );
    CREATE INDEX central_items_org_xid ON central_items (org_id, xid);

    -- Every conflict, from a push or reported by a terminal after a pull: visible, never silent.
    CREATE TABLE sync_conflicts (
      id bigserial PRIMARY KEY,
      org_id text NOT NULL,
      terminal_id text,
      at timestamptz NOT NULL DEFAULT now(),
      kind text NOT NULL,
      detail jsonb NOT NULL
    );

    -- Every change and every refusal the server made.
    CREATE TABLE server_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      org_id text,
      actor text,
      action text NOT NULL,
      detail jsonb NOT NULL
    );
    `,
  },
];

const LOCK_KEY = 0x67726964; // 'grid': one advisory lock for schema changes

export function migrationHash(migration: ServerMigration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

/** Brings the database to this build's schema, or refuses (see the top of the file). Answers the version. */
export async function migrate(pool: pg.Pool, migrations: readonly ServerMigration[] = SERVER_MIGRATIONS): Promise<number> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Server migration ${i + 1} is numbered ${m.version}.`);
  });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = await client.query<{ version: number; sha256: string }>('SELECT version, sha256 FROM schema_migrations ORDER BY version');
    for (const row of applied.rows) {
      const known = migrations[row.version - 1];
      if (!known) throw new SchemaMismatchError(`The database is at schema version ${row.version}, newer than this server (${migrations.length}). Run the newer server.`);
      if (migrationHash(known) !== row.sha256) throw new SchemaMismatchError(`Schema step ${row.version} (${known.name}) in the database differs from this server's: a released step was edited.`);
    }
    for (const migration of migrations.slice(applied.rows.length)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [migration.version, migration.name, migrationHash(migration)]);
    }
    await client.query('COMMIT');
    return migrations.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
