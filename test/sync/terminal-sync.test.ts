import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, removeDir, withAdmin, withStore, withUser, type Client, type Harness } from '../helpers/core';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, http, startSyncServer, type InProcessServer, type Org } from './helpers/sync-server';

/**
 * The terminal's sync domain against the real sync server on a real PostgreSQL: enrolment, pushes
 * from the acknowledged sequence, a day offline and the catch-up, refusals shown as codes, and two
 * terminals on two server instances. Counts are taken on the server's own tables.
 */
describe('sync: the terminal side', () => {
  let db: TestPostgres;
  let org: Org;
  const servers: InProcessServer[] = [];
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) {
      h.close();
      removeDir(h.dataDir);
    }
    for (const s of servers.splice(0)) await s.close();
  });

  let orgs = 0;
  async function server(port = 0): Promise<InProcessServer> {
    const s = await startSyncServer(db.url, port);
    servers.push(s);
    return s;
  }

  async function terminal(batchSize?: number): Promise<{ harness: Harness; admin: Client; tom: Client; ann: Client }> {
    const harness = openHarness(undefined, undefined, batchSize === undefined ? {} : { sync: { batchSize } });
    harnesses.push(harness);
    const admin = await withAdmin(harness);
    const tom = await withUser(harness, admin, 'tom', 'trader');
    const ann = await withUser(harness, admin, 'ann', 'trader');
    return { harness, admin, tom, ann };
  }

  async function code(url: string, o: Org): Promise<string> {
    const made = await http(url, 'POST', '/v1/admin/enrolment-codes', o.adminKey, {});
    return (made.body as { code: string }).code;
  }

  /** `pairs` crossing orders (a trade each) in a product still open for the next ten minutes. */
  async function trade(h: Harness, tom: Client, ann: Client, pairs: number): Promise<void> {
    const products = await tom.ok('trading.products.list', {});
    const product = products.find((p) => p.kind === 'quarter' && p.gateClosure > h.clock.now() + 600_000) ?? products.find((p) => p.gateClosure > h.clock.now() + 600_000)!;
    for (let i = 0; i < pairs; i++) {
      await tom.ok('trading.orders.place', { productId: product.id, side: 'sell', price: 5_000 + i, quantity: 100 });
      await ann.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000 + i, quantity: 100 });
    }
  }

  async function serverCounts(s: InProcessServer, terminalId: string): Promise<{ rows: number; distinct: number; max: number }> {
    const found = await s.pool.query<{ rows: string; distinct: string; max: string | null }>(
      'SELECT count(*) AS rows, count(DISTINCT seq) AS distinct, max(seq) AS max FROM events WHERE terminal_id = $1',
      [terminalId],
    );
    const row = found.rows[0]!;
    return { rows: Number(row.rows), distinct: Number(row.distinct), max: Number(row.max ?? 0) };
  }

  beforeAll(async () => {
    const setup = await startSyncServer(db.url);
    org = await createOrg(setup.pool, `desk-${++orgs}`);
    await setup.close();
  });

  it('enrols with a one-time code, keeps the token sealed, and pushes every trade to the server once', async () => {
    const s = await server();
    const { harness, admin, tom, ann } = await terminal();
    // A refused enrolment is on record with its input summarised, the code redacted.
    const wrong = 'not-a-code-from-the-server';
    expect((await admin.call('sync.enrol', { serverUrl: s.url, enrolmentCode: wrong })).ok).toBe(false);
    harness.core.checkpoint();
    const trail = withStore(harness, (file) => file.prepare('SELECT payload FROM events').pluck().all() as string[]);
    expect(trail.some((payload) => payload.includes('sync.enrol'))).toBe(true);
    expect(trail.filter((payload) => payload.includes(wrong))).toEqual([]);
    const enrolled = await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    expect(enrolled).toMatchObject({ enrolled: true, orgId: org.id, ackedSeq: 0 });
    const sealed = withStore(harness, (file) => file.prepare('SELECT token FROM sync_state').pluck().get() as string);
    expect(sealed.startsWith('enc:v1:')).toBe(true);

    await trade(harness, tom, ann, 20);
    const after = await admin.ok('sync.now', {});
    expect(after.lastError).toBeNull();
    expect(after.pending).toBe(0);
    expect(after.lastSyncAt).toBe(harness.clock.now());
    const counts = await serverCounts(s, after.terminalId);
    expect(counts).toEqual({ rows: after.head, distinct: after.head, max: after.head });
    const trades = await s.pool.query("SELECT count(*)::int AS n FROM events WHERE terminal_id = $1 AND type = 'trading.trade'", [after.terminalId]);
    const localTrades = withStore(harness, (file) => file.prepare("SELECT count(*) FROM events WHERE type = 'trading.trade'").pluck().get() as number);
    expect(trades.rows[0].n).toBe(localTrades);
    // A trader cannot see or drive sync.
    expect((await tom.call('sync.status', {})).ok).toBe(false);
  });

  it('works offline for a simulated day of orders and catches up with nothing lost or twice', async () => {
    let s = await server();
    const port = (s.app.server.address() as AddressInfo).port;
    const { harness, admin, tom, ann } = await terminal();
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    await trade(harness, tom, ann, 5);
    const first = await admin.ok('sync.now', {});
    expect(first.pending).toBe(0);

    await s.close();
    servers.splice(servers.indexOf(s), 1);
    // A day of trading in ten-minute steps, with an attempt now and then that finds no server.
    for (let step = 0; step < 144; step++) {
      harness.clock.advance(600_000);
      await harness.core.tick('trading');
      await trade(harness, tom, ann, 1);
      if (step % 24 === 0) expect((await admin.ok('sync.now', {})).lastError).toEqual({ code: 'unreachable', seq: null });
    }
    const offline = await admin.ok('sync.status', {});
    expect(offline.pending).toBeGreaterThan(288);
    expect(offline.ackedSeq).toBe(first.head);
    // No progress bar left standing after a failed attempt.
    expect(offline.progress).toBeNull();
    // One entry for the whole outage, not one per attempt.
    const failures = withStore(harness, (file) => file.prepare("SELECT count(*) FROM events WHERE type = 'sync.failed'").pluck().get() as number);
    expect(failures).toBe(1);

    s = await server(port);
    const back = await admin.ok('sync.now', {});
    expect(back.lastError).toBeNull();
    expect(back.pending).toBe(0);
    expect(await serverCounts(s, back.terminalId)).toEqual({ rows: back.head, distinct: back.head, max: back.head });
  });

  it('resends from the sequence the server expects when the terminal believes more was acknowledged', async () => {
    const s = await server();
    const { harness, admin, tom, ann } = await terminal();
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    await trade(harness, tom, ann, 5);
    withStore(harness, (file) => file.prepare('UPDATE sync_state SET acked_seq = 10').run());
    const after = await admin.ok('sync.now', {});
    expect(after.lastError).toBeNull();
    expect(await serverCounts(s, after.terminalId)).toEqual({ rows: after.head, distinct: after.head, max: after.head });
  });

  it('stops at a conflict, shows its sequence and logs it, and does not overwrite the server', async () => {
    const s = await server();
    const { harness, admin, tom, ann } = await terminal();
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    await trade(harness, tom, ann, 3);
    const pushed = await admin.ok('sync.now', {});
    // The server holds another content at sequence 2, and the terminal has forgotten its acknowledgement.
    await s.pool.query("UPDATE events SET hash = decode(repeat('ab', 32), 'hex') WHERE terminal_id = $1 AND seq = 2", [pushed.terminalId]);
    withStore(harness, (file) => file.prepare('UPDATE sync_state SET acked_seq = 0').run());
    const after = await admin.ok('sync.now', {});
    expect(after.lastError).toEqual({ code: 'conflict', seq: 2 });
    expect(after.ackedSeq).toBe(0);
    const logged = withStore(harness, (file) => file.prepare("SELECT payload FROM events WHERE type = 'sync.conflict'").pluck().all() as string[]);
    expect(logged.map((p) => JSON.parse(p) as unknown)).toEqual([{ code: 'conflict', seq: 2 }]);
    expect((await serverCounts(s, after.terminalId)).rows).toBe(pushed.head);
  });

  it('shows a revoked terminal and a token the server does not know as their own errors', async () => {
    const s = await server();
    const { harness, admin, tom, ann } = await terminal();
    const enrolled = await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    await trade(harness, tom, ann, 1);
    await s.pool.query("UPDATE terminals SET token_hash = decode(repeat('00', 32), 'hex') WHERE id = $1", [enrolled.terminalId]);
    expect((await admin.ok('sync.now', {})).lastError).toEqual({ code: 'unauthorised', seq: null });

    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    const revoked = await http(s.url, 'POST', `/v1/admin/terminals/${enrolled.terminalId}/revoke`, org.adminKey);
    expect(revoked.status).toBe(204);
    const after = await admin.ok('sync.now', {});
    expect(after.lastError).toEqual({ code: 'revoked', seq: null });
    expect(after.pending).toBeGreaterThan(0);
    // A used code does not enrol again.
    const used = await code(s.url, org);
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: used });
    const again = await admin.call('sync.enrol', { serverUrl: s.url, enrolmentCode: used });
    expect(again.ok ? null : again.error.params).toEqual({ code: 'code_invalid' });
  });

  it('two terminals on two server instances push their own logs and pull the same central item', async () => {
    const one = await server();
    const two = await server();
    // An organisation of its own: what it publishes reaches no other test's terminals.
    const org = await createOrg(one.pool, 'desk-two-instances');
    const a = await terminal();
    const b = await terminal();
    await a.admin.ok('sync.enrol', { serverUrl: one.url, enrolmentCode: await code(one.url, org) });
    await b.admin.ok('sync.enrol', { serverUrl: two.url, enrolmentCode: await code(two.url, org) });
    const published = await http(one.url, 'PUT', '/v1/admin/items', org.adminKey, { kind: 'risk_limits', key: 'desk', value: { maxOrderKw: 500 } });
    expect(published.status).toBe(200);
    let [sa, sb] = [await a.admin.ok('sync.status', {}), await b.admin.ok('sync.status', {})];
    for (let round = 0; round < 3; round++) {
      await trade(a.harness, a.tom, a.ann, 4);
      await trade(b.harness, b.tom, b.ann, 4);
      // The answers as the syncs ended (the router's entry for each call comes after, and goes up with the next).
      [sa, sb] = await Promise.all([a.admin.ok('sync.now', {}), b.admin.ok('sync.now', {})]);
    }
    expect(await serverCounts(two, sa.terminalId)).toEqual({ rows: sa.head, distinct: sa.head, max: sa.head });
    expect(await serverCounts(one, sb.terminalId)).toEqual({ rows: sb.head, distinct: sb.head, max: sb.head });
    for (const status of [sa, sb]) {
      expect(status.pending).toBe(0);
      // 'desk' names no user or portfolio: kept and shown as refused, not guessed at.
      expect(status.items.map(({ pulledAt: _at, ...item }) => item)).toEqual([
        { kind: 'risk_limits', key: 'desk', version: 1, value: { maxOrderKw: 500 }, applied: 'refused', refusal: 'SYNC_ITEM_INVALID' },
      ]);
    }
  });

  it('applies central risk limits through risk, as the server publishes them, and clears them when withdrawn', async () => {
    const s = await server();
    const org = await createOrg(s.pool, 'desk-central-limits');
    const { harness, admin, tom } = await terminal();
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    const put = (value: unknown) => http(s.url, 'PUT', '/v1/admin/items', org.adminKey, { kind: 'risk_limits', key: 'user:tom', value });
    expect((await put({ maxOrderKw: 1_000, creditLimitMoney: 5_000_000 })).status).toBe(200);
    expect((await http(s.url, 'PUT', '/v1/admin/items', org.adminKey, { kind: 'settings', key: 'theme', value: 'dark' })).status).toBe(200);

    const after = await admin.ok('sync.now', {});
    expect(after.items.map((item) => [item.kind, item.key, item.applied])).toEqual([
      ['risk_limits', 'user:tom', 'applied'],
      ['settings', 'theme', 'recorded'],
    ]);
    const mine = await tom.ok('risk.limits.get', {});
    expect(mine.limits).toMatchObject({ maxOrderKw: 1_000, creditLimitMoney: 5_000_000 });
    expect(mine.updatedBy).toBe('sync-central');
    // risk audited the change under the central account, as it does a risk manager's.
    const audited = withStore(harness, (file) => file.prepare("SELECT count(*) FROM events WHERE actor = 'sync-central'").pluck().get() as number);
    expect(audited).toBeGreaterThan(0);

    expect((await put(null)).status).toBe(200);
    const withdrawn = await admin.ok('sync.now', {});
    expect(withdrawn.items.find((item) => item.key === 'user:tom')).toMatchObject({ version: 2, value: null, applied: 'applied' });
    expect((await tom.ok('risk.limits.get', {})).limits.maxOrderKw ?? null).toBeNull();
  });

  it('reports its progress to administrators batch by batch while catching up, and none once done', async () => {
    const s = await server();
    const { harness, admin, tom, ann } = await terminal(10);
    await admin.ok('sync.enrol', { serverUrl: s.url, enrolmentCode: await code(s.url, org) });
    await trade(harness, tom, ann, 10);
    const before = await admin.ok('sync.status', {});
    admin.events.length = 0;
    const after = await admin.ok('sync.now', {});
    const seen = admin.eventsOf('sync.status');
    const steps = seen.flatMap((status) => (status.progress ? [status.progress] : []));
    expect(steps.length).toBe(Math.ceil(before.pending / 10));
    expect(steps.map((step) => step.done)).toEqual([...steps.map((step) => step.done)].sort((x, y) => x - y));
    expect(steps.at(-1)).toMatchObject({ from: before.ackedSeq, done: after.ackedSeq });
    expect(seen.at(-1)!.progress).toBeNull();
    expect(after.progress).toBeNull();
    // A trader gets none of it.
    expect(tom.eventsOf('sync.status')).toEqual([]);
  });
});
