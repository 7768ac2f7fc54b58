import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, withAdmin, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe('router', () => {
  it('answers UNKNOWN_METHOD for a call that is not in the contract', async () => {
    harness = openHarness();
    const client = harness.connect();
    expect(await client.raw('orders.explode', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('does not treat inherited object properties as calls', async () => {
    harness = openHarness();
    expect(await harness.connect().raw('constructor', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await harness.connect().raw('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('asks for a session before any non-public call', async () => {
    harness = openHarness();
    expect(await harness.connect().raw('trading.orders.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('names the offending field when input is invalid', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.raw('auth.users.create', { username: 'Bad Name!', displayName: 'x', password: 'long-enough-pass', role: 'trader' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'username' } });
  });

  it('refuses unexpected fields instead of ignoring them', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.raw('prefs.get', { sneaky: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('says why a value is refused: the wrong kind, a value not among those allowed, an unknown field, a time zone that does not exist', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    expect(await admin.raw('auth.users.create', { username: 'bob', displayName: 'Bob', password: 42, role: 'trader' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', field: 'password', reason: 'INPUT_WRONG_TYPE', params: { field: 'password', context: 'string' } },
    });
    expect(await admin.raw('auth.users.create', { username: 'bob', displayName: 'Bob', password: 'long-enough-pass', role: 'boss' })).toMatchObject({
      ok: false,
      error: { field: 'role', reason: 'INPUT_NOT_ALLOWED', params: { values: expect.stringContaining('trader') } },
    });
    expect(await admin.raw('prefs.get', { sneaky: true })).toMatchObject({ ok: false, error: { reason: 'INPUT_UNKNOWN_FIELD', params: { keys: 'sneaky' } } });
    expect(await admin.raw('prefs.defaults.set', { timeZone: 'Mars/Olympus_Mons' })).toMatchObject({ ok: false, error: { field: 'timeZone', reason: 'UNKNOWN_TIME_ZONE' } });
  });

  it('refuses a 1 MB string with a field error and changes nothing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const before = await admin.ok('auth.users.list', {});
    const huge = 'x'.repeat(1024 * 1024);
    const result = await admin.raw('auth.users.create', { username: 'bob', displayName: huge, password: 'long-enough-pass', role: 'trader' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'displayName' } });
    expect(await admin.ok('auth.users.list', {})).toEqual(before);
  });

  it('survives inputs of every shape without crashing', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const shapes: unknown[] = [null, undefined, 42, 'text', [], [1, 2], { a: { b: { c: [] } } }, true, Number.NaN];
    for (const method of ['auth.users.create', 'prefs.set', 'auth.login', 'audit.list', 'nope', 7, null]) {
      for (const input of shapes) {
        const result = await admin.raw(method, input);
        expect(result.ok === false ? result.error.code : 'ok').not.toBe('INTERNAL');
      }
    }
  });

  it('records every state-changing call in the event log in order', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'theme', value: 'dark' });
    const audit = await admin.ok('audit.list', {});
    expect(audit[0]).toMatchObject({ type: 'prefs.set', actor: 'admin' });
    // The newest page of the log: consecutive numbers, no gap, whatever came before (the engine's journal).
    const seqs = audit.map((e) => e.seq).reverse();
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('keeps preferences per user across a restart', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'layout', value: { panels: ['ticket', 'blotter'] } });
    const dir = harness.dataDir;
    harness.close();
    harness = openHarness(dir);
    const again = harness.connect();
    await again.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    expect(await again.ok('prefs.get', {})).toEqual({ layout: { panels: ['ticket', 'blotter'] } });
  });
});
