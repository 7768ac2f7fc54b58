/**
 * Refusals in the audit trail, through a real Core and its SQLite file: every kind is recorded,
 * they are written in batches rather than one transaction each, and a source that keeps being
 * refused is throttled into one summary row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { ManualClock } from '../../src-main/core/clock';
import { type Core } from '../../src-main/core/core';
import type { RefusalPolicy } from '../../src-main/api/refusals';
import { openHarness, removeDir, T0, tempDir, withStore, type Client } from '../helpers/core';

interface Terminal {
  core: Core;
  dataDir: string;
  admin: Client;
  connect(options?: { remoteAddress?: string }): Client;
  close(): void;
}

let terminal: Terminal | undefined;
afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

async function openTerminal(refusals: Partial<RefusalPolicy> = {}): Promise<Terminal> {
  const harness = openHarness(tempDir(), new ManualClock(T0), { refusals });
  const admin = harness.connect({ trustedLocal: true });
  await admin.ok('auth.setup', { username: 'admin', displayName: 'Ada', password: 'correct horse battery' });
  return {
    core: harness.core,
    dataDir: harness.dataDir,
    admin,
    connect: (options = {}) => harness.connect(options),
    close() {
      harness.close();
      removeDir(harness.dataDir);
    },
  };
}

async function signedIn(t: Terminal, username: string, role: 'viewer' | 'trader'): Promise<Client> {
  const password = `${username}-password-123`;
  await t.admin.ok('auth.users.create', { username, displayName: username, password, role });
  const c = t.connect();
  await c.ok('auth.login', { username, password });
  return c;
}

type Row = { seq: number; actor: string | null; type: string; payload: Record<string, unknown> };

/** The trail's refusal rows as they are on disk, read through a connection of the test's own. */
function refusalRows(t: Terminal): Row[] {
  return withStore(t, (db) =>
    (db.prepare("SELECT seq, actor, type, payload FROM events WHERE type IN ('refused', 'call.failed', 'audit.refusals_suppressed') OR type LIKE '%refused' ORDER BY seq").all() as Array<Row & { payload: string }>).map((row) => ({
      ...row,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
    })),
  );
}

describe('refusals in the audit trail', () => {
  it('records a refusal of every kind: method, session, role, input, state and limit', async () => {
    terminal = await openTerminal();
    const t = terminal;
    const tom = await signedIn(t, 'tom', 'trader');
    const vera = await signedIn(t, 'vera', 'viewer');
    const tomId = (await tom.ok('risk.cash.balance', {})).userId;
    const product = (await t.admin.ok('trading.products.list', {})).find((p: ProductView) => p.kind === 'hour' && p.openAt <= T0 && p.gateClosure > T0 + 3_600_000)!;
    await t.admin.ok('risk.limits.set', { userId: tomId, limits: { maxOrderKw: 1_000 } });

    await t.connect({ remoteAddress: '203.0.113.9' }).raw('no.such.call', {});
    await t.connect().call('trading.orders.list', {});
    await vera.call('auth.users.create', { username: 'eve', displayName: 'Eve', password: 'eve-password-123', role: 'admin' });
    await t.admin.call('prefs.set', { key: 'theme', value: 'dark', sneaky: true } as never);
    await t.admin.call('auth.users.create', { username: 'tom', displayName: 'Tom again', password: 'tom-password-123', role: 'trader' });
    await t.admin.call('auth.users.setRole', { userId: 9_999, role: 'viewer' });
    await tom.call('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 1_100 });
    t.core.checkpoint();

    const rows = refusalRows(t);
    const codes = rows.filter((r) => r.type === 'refused').map((r) => [r.payload['method'], r.payload['code']]);
    expect(codes).toEqual([
      ['no.such.call', 'UNKNOWN_METHOD'],
      ['trading.orders.list', 'UNAUTHENTICATED'],
      ['auth.users.create', 'FORBIDDEN'],
      ['prefs.set', 'BAD_INPUT'],
      ['auth.users.create', 'CONFLICT'],
      ['auth.users.setRole', 'NOT_FOUND'],
    ]);
    expect(rows.find((r) => r.type === 'risk.refused')).toMatchObject({ actor: 'tom', payload: { method: 'trading.orders.place', reason: 'LIMIT_MAX_ORDER_QUANTITY' } });
    expect(rows.find((r) => r.payload['code'] === 'FORBIDDEN')).toMatchObject({ actor: 'vera', payload: { role: 'viewer' } });
  });

  it('adds no entry of its own to a refused call whose handler wrote one (an engine rejection, a wrong password)', async () => {
    terminal = await openTerminal();
    const t = terminal;
    const tom = await signedIn(t, 'tom', 'trader');
    expect(await tom.call('trading.orders.place', { productId: 'DE-H-19990101T0000Z', side: 'buy', price: 100, quantity: 100 })).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(await t.connect().call('auth.login', { username: 'tom', password: 'wrong-password-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    t.core.checkpoint();
    const entries = withStore(t, (db) => db.prepare("SELECT type, json_extract(payload, '$.method') AS method FROM events WHERE json_extract(payload, '$.username') = 'tom' OR json_extract(payload, '$.productId') = 'DE-H-19990101T0000Z' OR type = 'refused'").all()).filter((e) => (e as { type: string }).type !== 'users.created');
    expect(entries).toEqual([
      { type: 'order.rejected', method: null },
      // Written through the batched refusal log, which names the call.
      { type: 'auth.login_refused', method: 'auth.login' },
    ]);
  });

  it('never records a password, and keeps only a bounded summary of what was sent', async () => {
    terminal = await openTerminal();
    const t = terminal;
    await t.connect().call('auth.login', { username: 'admin', password: 'hunter2-secret', extra: 'x'.repeat(10_000) } as never);
    t.core.checkpoint();
    const row = refusalRows(t).find((r) => r.payload['method'] === 'auth.login' && r.payload['code'] === 'BAD_INPUT')!;
    expect(JSON.stringify(row)).not.toContain('hunter2-secret');
    expect(row.payload['params']).toMatchObject({ username: 'admin', password: '[redacted]' });
    expect(JSON.stringify(row).length).toBeLessThan(1_000);
  });

  it('writes a burst of refusals in a few transactions, after the refused callers have their answers', async () => {
    // A delay no test run reaches: the rows are written by the checkpoint below, not by the timer.
    terminal = await openTerminal({ flushDelayMs: 60_000 });
    const t = terminal;
    const vera = await signedIn(t, 'vera', 'viewer');
    const batchesBefore = t.core.refusalBatches;
    const answers = await Promise.all(Array.from({ length: 200 }, () => vera.call('auth.users.list', {})));
    expect(answers.every((a) => !a.ok && a.error.code === 'FORBIDDEN')).toBe(true);
    // Every refused caller has heard back; their rows wait for the batch.
    expect(refusalRows(t).filter((r) => r.actor === 'vera')).toHaveLength(0);
    t.core.checkpoint();
    const rows = refusalRows(t);
    expect(rows.filter((r) => r.actor === 'vera' && r.type === 'refused')).toHaveLength(50);
    expect(rows.find((r) => r.type === 'audit.refusals_suppressed')?.payload).toMatchObject({ suppressed: 150 });
    expect(t.core.refusalBatches - batchesBefore).toBe(1);
  });

  it('commits pending refusals on its own after the flush delay', async () => {
    terminal = await openTerminal({ flushDelayMs: 20 });
    const t = terminal;
    await t.connect({ remoteAddress: '198.51.100.7' }).raw('no.such.call', {});
    expect(refusalRows(t)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refusalRows(t)).toEqual([expect.objectContaining({ type: 'refused', payload: expect.objectContaining({ code: 'UNKNOWN_METHOD' }) })]);
  });

  it('throttles one source and writes one summary row for what it left out, other sources unaffected', async () => {
    terminal = await openTerminal({ perSourcePerWindow: 5 });
    const t = terminal;
    const vera = await signedIn(t, 'vera', 'viewer');
    const stranger = t.connect({ remoteAddress: '192.0.2.1' });
    for (let i = 0; i < 30; i++) await vera.call('auth.users.list', {});
    await stranger.call('auth.login', { username: 'nobody' } as never);
    t.core.checkpoint();
    const rows = refusalRows(t);
    expect(rows.filter((r) => r.type === 'refused' && r.actor === 'vera')).toHaveLength(5);
    const summary = rows.find((r) => r.type === 'audit.refusals_suppressed');
    expect(summary?.payload).toMatchObject({ suppressed: 25, kinds: { 'refused:FORBIDDEN': 25 } });
    expect(String(summary?.payload['source'])).toMatch(/^user:\d+$/);
    expect(rows.filter((r) => r.payload['method'] === 'auth.login')).toHaveLength(1);
  });

  it('leaves the audit trail intact: refusal rows are chained like every other entry', async () => {
    terminal = await openTerminal();
    const t = terminal;
    const vera = await signedIn(t, 'vera', 'viewer');
    for (let i = 0; i < 20; i++) await vera.call('auth.users.list', {});
    expect(await t.admin.ok('audit.verify', {})).toMatchObject({ ok: true });
  });
});
