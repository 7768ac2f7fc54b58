/** audit.list's filters, audit.facets and audit.export's CSV, through the real core. */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalBytes, GENESIS_HASH } from '../../src-main/store/event-chain';
import { openHarness, removeDir, withAdmin, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

/** An admin, a trader who saved layouts, and entries spread over two hours of the clock. */
async function terminal(): Promise<{ admin: Client; trader: Client; h: Harness }> {
  const h = openHarness();
  harness = h;
  const admin = await withAdmin(h);
  const trader = await withUser(h, admin, 'tom', 'trader');
  await trader.ok('prefs.set', { key: 'theme', value: 'dark' });
  h.clock.advance(60 * 60_000);
  await admin.ok('risk.fees.set', { feePerMwhMoney: 5_000 });
  await trader.ok('prefs.set', { key: 'theme', value: 'light' });
  return { admin, trader, h };
}

describe('audit.list filters', () => {
  it('keeps layout saves out when hideRoutine is set, and shows them otherwise', async () => {
    const { admin } = await terminal();
    const all = await admin.ok('audit.list', { limit: 1_000 });
    const reviewed = await admin.ok('audit.list', { limit: 1_000, hideRoutine: true });
    expect(all.some((e) => e.type === 'prefs.set')).toBe(true);
    expect(reviewed.some((e) => e.type === 'prefs.set')).toBe(false);
    expect(reviewed.some((e) => e.type === 'risk.fees.set')).toBe(true);
  });

  it('narrows to an actor and to event types', async () => {
    const { admin } = await terminal();
    const toms = await admin.ok('audit.list', { limit: 1_000, actor: 'tom', types: ['prefs.set'] });
    expect(toms.length).toBe(2);
    expect(toms.every((e) => e.actor === 'tom' && e.type === 'prefs.set')).toBe(true);
  });

  it('narrows to areas: their domains\u2019 entries and the refusals of their calls, nothing of other areas', async () => {
    const { admin, trader } = await terminal();
    // A trader's refused fee change is the router's entry for a risk call.
    expect(await trader.call('risk.fees.set', { feePerMwhMoney: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const risk = await admin.ok('audit.list', { limit: 1_000, areas: ['risk'] });
    expect(risk.map((e) => e.type).sort()).toEqual(['refused', 'risk.fees.set']);
    expect(risk.find((e) => e.type === 'refused')).toMatchObject({ actor: 'tom', payload: { method: 'risk.fees.set' } });
    const settingsAndAuth = await admin.ok('audit.list', { limit: 1_000, areas: ['settings', 'auth'] });
    expect(new Set(settingsAndAuth.map((e) => e.type.split('.')[0]))).toEqual(new Set(['prefs', 'auth', 'users']));
    expect(await admin.call('audit.list', { areas: ['weather' as never] })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'areas.0' } });
  });

  it('takes a time range with an exclusive end, and pages backwards inside it', async () => {
    const { admin, h } = await terminal();
    const fee = (await admin.ok('audit.list', { limit: 1_000, types: ['risk.fees.set'] }))[0]!;
    const late = await admin.ok('audit.list', { limit: 1_000, fromTs: fee.ts });
    expect(late.map((e) => e.type).sort()).toEqual(['prefs.set', 'risk.fees.set']);
    const early = await admin.ok('audit.list', { limit: 1_000, toTs: fee.ts });
    expect(early.every((e) => e.ts < fee.ts)).toBe(true);
    expect(early.length).toBeGreaterThan(0);
    const firstPage = await admin.ok('audit.list', { limit: 1, fromTs: fee.ts });
    const nextPage = await admin.ok('audit.list', { limit: 1, fromTs: fee.ts, beforeSeq: firstPage[0]!.seq });
    expect([...firstPage, ...nextPage].map((e) => e.seq)).toEqual(late.map((e) => e.seq));
    expect(h.clock.now()).toBeGreaterThanOrEqual(fee.ts);
  });

  it('lists the types and actors of the whole trail', async () => {
    const { admin } = await terminal();
    const facets = await admin.ok('audit.facets', {});
    expect(facets.types).toEqual(expect.arrayContaining(['prefs.set', 'risk.fees.set', 'users.created']));
    expect(facets.actors).toEqual(expect.arrayContaining(['admin', 'tom']));
  });

  it('is refused to a trader', async () => {
    const { trader } = await terminal();
    expect(await trader.call('audit.facets', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await trader.call('audit.export', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('audit.export', () => {
  it('writes the filtered range oldest first, with desk times and hashes that recompute', async () => {
    const { admin } = await terminal();
    const file = await admin.ok('audit.export', { hideRoutine: true });
    const rows = parse(file.csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(file.rows);
    expect(rows.some((r) => r['type'] === 'prefs.set')).toBe(false);
    const seqs = rows.map((r) => Number(r['seq']));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The clock starts at 10:00 Berlin (09:00 UTC), in winter time.
    expect(rows[0]!['time']).toMatch(/^2026-11-23T10:00:00\.000\+01:00$/);
    for (const row of rows) {
      const hash = createHash('sha256')
        .update(Buffer.from(row['prev_hash']!, 'hex'))
        .update(canonicalBytes({ seq: Number(row['seq']), terminalId: row['terminal_id']!, ts: Number(row['ts_ms']), actor: row['actor'] === '' ? null : row['actor']!, type: row['type']!, payload: row['payload']! }))
        .digest('hex');
      expect(hash).toBe(row['hash']);
    }
    expect(rows[0]!['seq']).toBe('1');
    expect(rows[0]!['prev_hash']).toBe(GENESIS_HASH.toString('hex'));
  });

  it('records who exported which part of the trail', async () => {
    const { admin } = await terminal();
    const file = await admin.ok('audit.export', { actor: 'tom' });
    const [entry] = await admin.ok('audit.list', { limit: 1, types: ['audit.exported'] });
    expect(entry).toMatchObject({ actor: 'admin', payload: { actor: 'tom', rows: file.rows } });
  });
});
