import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, openHarness, withAdmin, withUser, type Harness, withStore } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

describe('first-run setup', () => {
  it('reports that the terminal needs setup before any account exists', async () => {
    harness = openHarness();
    const client = harness.connect();
    expect(await client.ok('auth.status', {})).toMatchObject({ needsSetup: true });
  });

  it('refuses setup without the one-time token on a network connection and records the refusal', async () => {
    harness = openHarness();
    const client = harness.connect();
    const result = await client.call('auth.setup', { ...ADMIN, setupToken: 'guess' });
    expect(result).toMatchObject({ ok: false, error: { code: 'SETUP_TOKEN_INVALID', field: 'setupToken' } });
    expect(harness.core.pendingSetupToken()).not.toBeNull();
    const admin = await withAdmin(harness);
    const audit = await admin.ok('audit.list', {});
    expect(audit.some((e) => e.type === 'auth.setup_refused')).toBe(true);
  });

  it('lets a local Electron window set up without a token', async () => {
    harness = openHarness();
    const local = harness.connect({ trustedLocal: true });
    const session = await local.ok('auth.setup', ADMIN);
    expect(session.user.role).toBe('admin');
  });

  it('creates the admin, signs them in and burns the token', async () => {
    harness = openHarness();
    const token = harness.core.pendingSetupToken()!;
    const client = harness.connect();
    const session = await client.ok('auth.setup', { ...ADMIN, setupToken: token });
    expect(session.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(harness.core.pendingSetupToken()).toBeNull();
    const again = await harness.connect().call('auth.setup', { ...ADMIN, username: 'mallory', setupToken: token });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
  });

  it('stores no password in clear text', async () => {
    harness = openHarness();
    await withAdmin(harness);
    const hash = withStore(harness, (db) => db.prepare('SELECT password_hash FROM users').pluck().get() as string);
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain(ADMIN.password);
  });
});

describe('login', () => {
  it('signs in with the right password and audits it', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const client = harness.connect();
    const session = await client.ok('auth.login', { username: 'admin', password: ADMIN.password });
    expect(session.token.length).toBeGreaterThan(30);
    const audit = await admin.ok('audit.list', {});
    expect(audit[0]).toMatchObject({ type: 'auth.login', actor: 'admin' });
  });

  it('refuses a wrong password with the same message as an unknown user', async () => {
    harness = openHarness();
    await withAdmin(harness);
    const wrong = await harness.connect().call('auth.login', { username: 'admin', password: 'nope-nope-nope' });
    const unknown = await harness.connect().call('auth.login', { username: 'nobody', password: 'nope-nope-nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown).toEqual(wrong);
  });

  it('locks the account after five wrong passwords, even against the right one from another address', async () => {
    harness = openHarness();
    await withAdmin(harness);
    const client = harness.connect({ remoteAddress: '10.0.0.66' });
    for (let i = 0; i < 5; i++) await client.call('auth.login', { username: 'admin', password: 'wrong-password' });
    const locked = await harness.connect({ remoteAddress: '10.0.0.7' }).call('auth.login', { username: 'admin', password: ADMIN.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('unlocks by itself once the lockout has passed', async () => {
    harness = openHarness();
    await withAdmin(harness);
    const client = harness.connect();
    for (let i = 0; i < 5; i++) await client.call('auth.login', { username: 'admin', password: 'wrong-password' });
    harness.clock.advance(16 * 60_000);
    expect(await client.call('auth.login', { username: 'admin', password: ADMIN.password })).toMatchObject({ ok: true });
  });

  it('resumes a session on a new connection with its token', async () => {
    harness = openHarness();
    const admin = harness.connect();
    const session = await admin.ok('auth.setup', { ...ADMIN, setupToken: harness.core.pendingSetupToken()! });
    const reconnected = harness.connect();
    expect((await reconnected.ok('auth.resume', { token: session.token })).user.username).toBe('admin');
    expect(await reconnected.call('auth.users.list', {})).toMatchObject({ ok: true });
  });

  it('ends the session on logout so the token no longer works', async () => {
    harness = openHarness();
    const admin = harness.connect();
    const session = await admin.ok('auth.setup', { ...ADMIN, setupToken: harness.core.pendingSetupToken()! });
    await admin.ok('auth.logout', {});
    expect(await admin.call('auth.users.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await harness.connect().call('auth.resume', { token: session.token })).toMatchObject({ ok: false });
  });
});

describe('sessions and roles', () => {
  it('answers SESSION_EXPIRED after the idle timeout', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    harness.clock.advance(9 * 60 * 60_000);
    expect(await admin.call('auth.users.list', {})).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
  });

  it('keeps an active session alive past the idle timeout', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    for (let hour = 0; hour < 10; hour++) {
      harness.clock.advance(60 * 60_000);
      expect(await admin.call('auth.users.list', {})).toMatchObject({ ok: true });
    }
  });

  it('refuses a call the role may not make and audits the refusal', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const viewer = await withUser(harness, admin, 'vera', 'viewer');
    const result = await viewer.call('auth.users.create', { username: 'x123', displayName: 'x', password: 'long-enough-pass', role: 'admin' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const audit = await admin.ok('audit.list', {});
    expect(audit.find((e) => e.type === 'refused')).toMatchObject({ actor: 'vera', payload: { method: 'auth.users.create', role: 'viewer' } });
  });

  it('ends the sessions of a user whose role changes', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const trader = await withUser(harness, admin, 'tom', 'trader');
    const users = await admin.ok('auth.users.list', {});
    await admin.ok('auth.users.setRole', { userId: users.find((u) => u.username === 'tom')!.id, role: 'viewer' });
    expect(trader.eventsOf('auth.sessionEnded')).toEqual([{ reason: 'role_changed' }]);
    expect(await trader.call('prefs.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a taken user name', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const result = await admin.call('auth.users.create', { username: 'admin', displayName: 'Again', password: 'long-enough-pass', role: 'trader' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'username' } });
  });
});
