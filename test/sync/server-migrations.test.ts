import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPool } from '../../src-main/sync-server/db';
import { migrate, SchemaMismatchError, SERVER_MIGRATIONS } from '../../src-main/sync-server/migrations';
import { startPostgres, type TestPostgres } from './helpers/postgres';

describe('sync server: versioned migrations checked at start', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('applies every step once, even with several instances starting together', async () => {
    const pools = [openPool(db.url), openPool(db.url), openPool(db.url)];
    const versions = await Promise.all(pools.map((pool) => migrate(pool)));
    expect(versions).toEqual([SERVER_MIGRATIONS.length, SERVER_MIGRATIONS.length, SERVER_MIGRATIONS.length]);
    const rows = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('refuses a database whose released step was edited', async () => {
    const pool = openPool(db.url);
    const edited = SERVER_MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    await expect(migrate(pool, edited)).rejects.toThrow(SchemaMismatchError);
    await pool.end();
  });

  it('refuses a database newer than the server', async () => {
    const pool = openPool(db.url);
    await pool.query("INSERT INTO schema_migrations (version, name, sha256) VALUES (99, 'future', 'x')");
    await expect(migrate(pool)).rejects.toThrow(/newer than this server/);
    await pool.query('DELETE FROM schema_migrations WHERE version = 99');
    await pool.end();
  });
});
