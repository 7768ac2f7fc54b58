import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, enrolTerminal, http, startSyncServer, startSyncServerProcess, type Org } from './helpers/sync-server';
import { WireLog } from './helpers/wire-log';

/**
 * A push cut in the middle of its transaction, deterministically: a test client holds the
 * terminal's row lock, so the server's push is inside its transaction, waiting, when the server
 * is killed or the database restarted. Nothing of the batch may be stored; resending from the
 * acknowledged head must store every event exactly once.
 */
describe('sync server: interrupted pushes', () => {
  let db: TestPostgres;
  let org: Org;
  let admin: pg.Pool;
  beforeAll(async () => {
    db = await startPostgres();
    const setup = await startSyncServer(db.url);
    org = await createOrg(setup.pool);
    await setup.close();
    admin = new pg.Pool({ connectionString: db.url });
    admin.on('error', () => undefined);
  });
  afterAll(async () => {
    await admin?.end().catch(() => undefined);
    await db?.close();
  });

  async function holdTerminalLock(terminalId: string): Promise<pg.Client> {
    const holder = new pg.Client({ connectionString: db.url });
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM terminals WHERE id = $1 FOR UPDATE', [terminalId]);
    return holder;
  }

  async function untilAPushWaitsOnTheLock(): Promise<void> {
    for (;;) {
      const waiting = await admin.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT acked_seq%'");
      if (waiting.rowCount) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function counts(terminalId: string) {
    const rows = await admin.query<{ n: number; distinct_seq: number; acked: number }>(
      'SELECT count(e.seq)::int AS n, count(DISTINCT e.seq)::int AS distinct_seq, t.acked_seq::int AS acked FROM terminals t LEFT JOIN events e ON e.terminal_id = t.id WHERE t.id = $1 GROUP BY t.acked_seq',
      [terminalId],
    );
    return rows.rows[0]!;
  }

  it('stores nothing of a batch whose server was killed mid-transaction, and everything once on resend', async () => {
    const server = await startSyncServerProcess(db.url);
    const token = await enrolTerminal(server.url, org, 'k-1');
    const log = new WireLog('k-1').fill(3000);
    expect((await http(server.url, 'POST', '/v1/push', token, { terminalId: 'k-1', events: log.range(1, 1000) })).status).toBe(200);

    const holder = await holdTerminalLock('k-1');
    const cut = http(server.url, 'POST', '/v1/push', token, { terminalId: 'k-1', events: log.range(1001, 3000) }).catch((err: unknown) => err);
    await untilAPushWaitsOnTheLock();
    await server.kill();
    expect(await cut).toBeInstanceOf(Error);
    await holder.query('COMMIT');
    await holder.end();
    expect(await counts('k-1')).toEqual({ n: 1000, distinct_seq: 1000, acked: 1000 });

    const again = await startSyncServerProcess(db.url);
    const resent = await http(again.url, 'POST', '/v1/push', token, { terminalId: 'k-1', events: log.range(1001, 3000) });
    await again.kill();
    expect(resent).toEqual({ status: 200, body: { acked: 3000, stored: 2000, skipped: 0 } });
    expect(await counts('k-1')).toEqual({ n: 3000, distinct_seq: 3000, acked: 3000 });
  });

  it('answers "unavailable" when the database restarts mid-push, then stores the resent batch once', async () => {
    const server = await startSyncServer(db.url);
    const token = await enrolTerminal(server.url, org, 'r-1');
    const log = new WireLog('r-1').fill(2000);
    expect((await http(server.url, 'POST', '/v1/push', token, { terminalId: 'r-1', events: log.range(1, 500) })).status).toBe(200);

    const holder = await holdTerminalLock('r-1');
    const cut = http(server.url, 'POST', '/v1/push', token, { terminalId: 'r-1', events: log.range(501, 2000) });
    await untilAPushWaitsOnTheLock();
    await db.restart();
    expect(await cut).toEqual({ status: 503, body: { code: 'unavailable' } });
    await holder.end().catch(() => undefined);

    // The same pool reconnects on its own: the terminal only resends.
    const resent = await http(server.url, 'POST', '/v1/push', token, { terminalId: 'r-1', events: log.range(501, 2000) });
    expect(resent).toEqual({ status: 200, body: { acked: 2000, stored: 1500, skipped: 0 } });
    expect(await counts('r-1')).toEqual({ n: 2000, distinct_seq: 2000, acked: 2000 });
    await server.close();
  });
});
