import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, enrolTerminal, http, startSyncServer, type InProcessServer, type Org } from './helpers/sync-server';
import { WireLog } from './helpers/wire-log';

/** Push against a real PostgreSQL 15: each behaviour of one batch transaction, counted in the database. */
describe('sync server: push', () => {
  let db: TestPostgres;
  let server: InProcessServer;
  let org: Org;
  beforeAll(async () => {
    db = await startPostgres();
    server = await startSyncServer(db.url);
    org = await createOrg(server.pool);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const push = (token: string | null, terminalId: string, events: unknown[]) => http(server.url, 'POST', '/v1/push', token, { terminalId, events });
  const stored = async (terminalId: string) => {
    const rows = await server.pool.query<{ n: number; distinct_seq: number; max: number | null }>(
      'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq, max(seq)::int AS max FROM events WHERE terminal_id = $1',
      [terminalId],
    );
    return rows.rows[0]!;
  };

  it('stores a batch and acknowledges its last sequence', async () => {
    const token = await enrolTerminal(server.url, org, 't-store');
    const log = new WireLog('t-store').fill(250);
    const answer = await push(token, 't-store', log.range(1, 250));
    expect(answer).toEqual({ status: 200, body: { acked: 250, stored: 250, skipped: 0 } });
    expect(await stored('t-store')).toEqual({ n: 250, distinct_seq: 250, max: 250 });
  });

  it('skips a duplicate batch, storing nothing twice', async () => {
    const token = await enrolTerminal(server.url, org, 't-dup');
    const log = new WireLog('t-dup').fill(100);
    await push(token, 't-dup', log.range(1, 100));
    const again = await push(token, 't-dup', log.range(1, 100));
    expect(again).toEqual({ status: 200, body: { acked: 100, stored: 0, skipped: 100 } });
    const overlapping = await push(token, 't-dup', log.fill(20).range(91, 120));
    expect(overlapping).toEqual({ status: 200, body: { acked: 120, stored: 20, skipped: 10 } });
    expect(await stored('t-dup')).toEqual({ n: 120, distinct_seq: 120, max: 120 });
  });

  it('answers a conflict for a replay with changed content, keeps the stored row and lists the conflict', async () => {
    const token = await enrolTerminal(server.url, org, 't-changed');
    const log = new WireLog('t-changed').fill(10);
    await push(token, 't-changed', log.range(1, 10));
    const forged = new WireLog('t-changed');
    for (let i = 1; i <= 10; i++) forged.append('test.tick', { n: i === 7 ? 'changed' : i });
    const answer = await push(token, 't-changed', forged.range(5, 10));
    expect(answer).toEqual({ status: 409, body: { code: 'conflict', seq: 7, expected: 11 } });
    const row = await server.pool.query<{ hash: Buffer }>("SELECT hash FROM events WHERE terminal_id = 't-changed' AND seq = 7");
    expect(row.rows[0]!.hash.toString('hex')).toBe(log.events[6]!.hash);
    const conflicts = await http(server.url, 'GET', '/v1/admin/conflicts', org.adminKey);
    expect((conflicts.body as { rows: Array<{ terminalId: string; kind: string }> }).rows).toContainEqual(expect.objectContaining({ terminalId: 't-changed', kind: 'push.conflict' }));
  });

  it('answers the expected sequence on a gap and stores none of the batch', async () => {
    const token = await enrolTerminal(server.url, org, 't-gap');
    const log = new WireLog('t-gap').fill(30);
    await push(token, 't-gap', log.range(1, 10));
    expect(await push(token, 't-gap', log.range(15, 30))).toEqual({ status: 409, body: { code: 'gap', expected: 11 } });
    expect(await stored('t-gap')).toEqual({ n: 10, distinct_seq: 10, max: 10 });
  });

  it('refuses a row that does not extend the hash chain', async () => {
    const token = await enrolTerminal(server.url, org, 't-chain');
    const log = new WireLog('t-chain').fill(5);
    const batch = log.range(1, 5).map((e) => (e.seq === 3 ? { ...e, payload: '{"n":"edited"}' } : e));
    expect(await push(token, 't-chain', batch)).toEqual({ status: 422, body: { code: 'chain_broken', seq: 3, expected: 1 } });
    expect(await stored('t-chain')).toEqual({ n: 0, distinct_seq: 0, max: null });
  });

  it("refuses a terminal pushing another terminal's log", async () => {
    const mine = await enrolTerminal(server.url, org, 't-mine');
    await enrolTerminal(server.url, org, 't-theirs');
    const theirs = new WireLog('t-theirs').fill(3);
    expect(await push(mine, 't-theirs', theirs.range(1, 3))).toEqual({ status: 403, body: { code: 'forbidden' } });
    expect(await stored('t-theirs')).toEqual({ n: 0, distinct_seq: 0, max: null });
  });

  it('refuses a wrong token and a revoked one, and audits both', async () => {
    const token = await enrolTerminal(server.url, org, 't-revoked');
    const log = new WireLog('t-revoked').fill(3);
    expect(await push('gdt_not-a-real-token-at-all', 't-revoked', log.range(1, 3))).toEqual({ status: 401, body: { code: 'unauthorised' } });
    expect(await http(server.url, 'POST', '/v1/admin/terminals/t-revoked/revoke', org.adminKey)).toEqual({ status: 204, body: null });
    expect(await push(token, 't-revoked', log.range(1, 3))).toEqual({ status: 403, body: { code: 'revoked' } });
    expect(await stored('t-revoked')).toEqual({ n: 0, distinct_seq: 0, max: null });
    const refusals = await server.pool.query<{ code: string }>("SELECT detail->>'code' AS code FROM server_audit WHERE action = 'terminal.auth_refused' ORDER BY id");
    expect(refusals.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['unauthorised', 'revoked']));
  });

  it('spends an enrolment code once', async () => {
    const code = await http(server.url, 'POST', '/v1/admin/enrolment-codes', org.adminKey, {});
    const body = { code: (code.body as { code: string }).code, terminalId: 't-once', name: 'once' };
    expect((await http(server.url, 'POST', '/v1/enrol', null, body)).status).toBe(200);
    expect(await http(server.url, 'POST', '/v1/enrol', null, { ...body, terminalId: 't-twice' })).toEqual({ status: 409, body: { code: 'code_used' } });
    expect(await http(server.url, 'POST', '/v1/enrol', null, { ...body, code: 'gde_never-issued-code' })).toEqual({ status: 401, body: { code: 'unauthorised' } });
  });

  it('checks roles: a trader key may not create enrolment codes or read the desk', async () => {
    const trader = await http(server.url, 'POST', '/v1/admin/users', org.adminKey, { username: 'tina', role: 'trader' });
    const key = (trader.body as { key: string }).key;
    expect(await http(server.url, 'POST', '/v1/admin/enrolment-codes', key, {})).toEqual({ status: 403, body: { code: 'forbidden' } });
    expect(await http(server.url, 'GET', '/v1/central/trades', key)).toEqual({ status: 403, body: { code: 'forbidden' } });
  });

  it('validates every body: a malformed batch is refused before it reaches the database', async () => {
    const token = await enrolTerminal(server.url, org, 't-invalid');
    const answer = await push(token, 't-invalid', [{ seq: 'one', ts: 1 }]);
    expect(answer.status).toBe(400);
    expect((answer.body as { code: string }).code).toBe('invalid');
  });
});
