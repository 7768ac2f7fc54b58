import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullAnswerSchema } from '../../src-shared/contract/sync-wire';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, enrolTerminal, http, startSyncServer, type InProcessServer, type Org } from './helpers/sync-server';

describe('sync server: central items pulled by version and cursor', () => {
  let db: TestPostgres;
  let server: InProcessServer;
  let org: Org;
  let token: string;
  beforeAll(async () => {
    db = await startPostgres();
    server = await startSyncServer(db.url);
    org = await createOrg(server.pool);
    token = await enrolTerminal(server.url, org, 't-pull');
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const pull = async (cursor: string) => PullAnswerSchema.parse((await http(server.url, 'GET', `/v1/pull?cursor=${cursor}`, token)).body);
  const publish = (kind: string, key: string, value: unknown, baseVersion?: number) => http(server.url, 'PUT', '/v1/admin/items', org.adminKey, { kind, key, value, baseVersion });

  it('answers published items with their versions, then only what changed after the cursor', async () => {
    await publish('settings', 'market.gateMinutes', 30);
    await publish('risk_limits', 'desk', { maxOrderLots: 50 });
    const first = await pull('0');
    expect(first.items.map((i) => [i.kind, i.key, i.version, i.value])).toEqual([
      ['settings', 'market.gateMinutes', 1, 30],
      ['risk_limits', 'desk', 1, { maxOrderLots: 50 }],
    ]);
    expect(await publish('settings', 'market.gateMinutes', 45, 1)).toEqual({ status: 200, body: { version: 2 } });
    const next = await pull(first.cursor);
    expect(next.items).toEqual([{ kind: 'settings', key: 'market.gateMinutes', version: 2, value: 45 }]);
    expect((await pull(next.cursor)).items).toEqual([]);
  });

  it('refuses a publish from a stale version as a conflict and lists it', async () => {
    await publish('layouts', 'desk-default', { panels: ['ladder'] });
    await publish('layouts', 'desk-default', { panels: ['ladder', 'blotter'] }, 1);
    const stale = await publish('layouts', 'desk-default', { panels: ['chart'] }, 1);
    expect(stale).toEqual({ status: 409, body: { code: 'conflict', current: 2 } });
    const conflicts = await http(server.url, 'GET', '/v1/admin/conflicts', org.adminKey);
    expect((conflicts.body as { rows: Array<{ kind: string }> }).rows[0]!.kind).toBe('publish.stale');
  });

  it('does not skip an item written by a transaction that commits after a later one', async () => {
    const start = await pull('0');
    // A slow writer takes its transaction id first and commits last.
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query(
      "INSERT INTO central_items (org_id, kind, key, version, value, updated_by) VALUES ($1, 'settings', 'slow.one', 1, '1', 'test')",
      [org.id],
    );
    await publish('settings', 'fast.one', 2);
    const during = await pull(start.cursor);
    // The fast item committed, but it is held back until the slow one has finished: the cursor may not pass it.
    expect(during.items.map((i) => i.key)).toEqual([]);
    await slow.query('COMMIT');
    await slow.end();
    const after = await pull(during.cursor);
    expect(after.items.map((i) => i.key).sort()).toEqual(['fast.one', 'slow.one']);
    expect((await pull(after.cursor)).items).toEqual([]);
  });

  it('refuses a pull without a valid device token', async () => {
    expect(await http(server.url, 'GET', '/v1/pull?cursor=0', 'gdt_wrong-token-here-xx')).toEqual({ status: 401, body: { code: 'unauthorised' } });
  });
});
