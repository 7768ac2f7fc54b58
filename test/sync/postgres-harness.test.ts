import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './helpers/postgres';

describe('the PostgreSQL test harness', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('serves a real PostgreSQL 15 with an empty test database', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await client.end();
    expect(version.rows[0]?.server_version).toMatch(/^15\./);
    expect(tables.rows[0]).toEqual({ n: 0 });
  });

  it('keeps its data across a restart on the same port', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    await client.end();
    await db.restart();
    const again = new pg.Client({ connectionString: db.url });
    await again.connect();
    const rows = await again.query('SELECT n FROM kept');
    await again.end();
    expect(rows.rows).toEqual([{ n: 7 }]);
  });

  it('removes its folder when closed', async () => {
    const other = await startPostgres('other_test');
    const folder = other.folder;
    expect(existsSync(folder)).toBe(true);
    await other.close();
    expect(existsSync(folder)).toBe(false);
  });
});
