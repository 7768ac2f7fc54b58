import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, openHarness, withAdmin, withStore, withUser, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

const TOM = { username: 'tom', password: 'tom-password-123' };

async function desk(): Promise<{ admin: Client; tomId: number }> {
  harness = openHarness();
  const admin = await withAdmin(harness);
  const tom = await admin.ok('auth.users.create', { ...TOM, displayName: 'Tom', role: 'trader' });
  return { admin, tomId: tom.id };
}

const userOf = async (admin: Client, id: number) => (await admin.ok('auth.users.list', {})).find((u) => u.id === id)!;
const auditTypes = async (admin: Client) => (await admin.ok('audit.list', { limit: 1000 })).map((e) => e.type);

describe('what the administrators see of each account', () => {
  it('shows when an account last signed in, and its failed attempts until a good sign-in', async () => {
    const { admin, tomId } = await desk();
    expect(await userOf(admin, tomId)).toMatchObject({ lastLoginAt: null, failedLogins: 0 });
    await harness.connect({ remoteAddress: '192.0.2.1' }).call('auth.login', { ...TOM, password: 'wrong-password-1' });
    await harness.connect({ remoteAddress: '192.0.2.2' }).call('auth.login', { ...TOM, password: 'wrong-password-2' });
    expect(await userOf(admin, tomId)).toMatchObject({ lastLoginAt: null, failedLogins: 2 });
    harness.clock.advance(60_000);
    await harness.connect().ok('auth.login', TOM);
    expect(await userOf(admin, tomId)).toMatchObject({ lastLoginAt: harness.clock.now(), failedLogins: 0 });
  });
});

describe('the last active administrator', () => {
  it('cannot be demoted, and the refusal is audited', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const me = (await admin.ok('auth.users.list', {}))[0]!;
    expect(await admin.call('auth.users.setRole', { userId: me.id, role: 'viewer' })).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'LAST_ADMIN' } });
    expect(await auditTypes(admin)).toContain('users.last_admin_refused');
    expect((await userOf(admin, me.id)).role).toBe('admin');
  });

  it('cannot be disabled, and a disabled administrator does not count as another', async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const bob = await withUser(harness, ada, 'bob', 'admin');
    const adaId = (await ada.ok('auth.users.list', {}))[0]!.id;
    const bobId = (await ada.ok('auth.users.list', {})).find((u) => u.username === 'bob')!.id;
    // With a second active administrator, one may demote the other.
    await bob.ok('auth.users.setDisabled', { userId: adaId, disabled: true });
    const again = harness.connect();
    expect(await again.call('auth.login', { username: 'bob', password: 'bob-password-123' })).toMatchObject({ ok: true });
    expect(await again.call('auth.users.setDisabled', { userId: bobId, disabled: true })).toMatchObject({ ok: false, error: { reason: 'LAST_ADMIN' } });
    expect(await again.call('auth.users.setRole', { userId: bobId, role: 'trader' })).toMatchObject({ ok: false, error: { reason: 'LAST_ADMIN' } });
    await again.ok('auth.users.setDisabled', { userId: adaId, disabled: false });
    await again.ok('auth.users.setRole', { userId: adaId, role: 'trader' });
    expect((await userOf(again, adaId)).role).toBe('trader');
  });
});

describe('password reset by a one-time code', () => {
  it('signs the user in with the code and the new password, which then works and the old one not', async () => {
    const { admin, tomId } = await desk();
    const { code, expiresAt } = await admin.ok('auth.users.resetPassword', { userId: tomId });
    expect(expiresAt).toBe(harness.clock.now() + 24 * 60 * 60_000);
    const session = await harness.connect().ok('auth.redeemReset', { username: 'tom', code: code.toLowerCase(), newPassword: 'tom-new-password-9' });
    expect(session.user.username).toBe('tom');
    expect(await harness.connect().call('auth.login', TOM)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await harness.connect().call('auth.login', { username: 'tom', password: 'tom-new-password-9' })).toMatchObject({ ok: true });
    expect(await auditTypes(admin)).toEqual(expect.arrayContaining(['users.password_reset_issued', 'auth.password_reset_used']));
  });

  it('stores only a hash of the code', async () => {
    const { admin, tomId } = await desk();
    const { code } = await admin.ok('auth.users.resetPassword', { userId: tomId });
    const stored = withStore(harness, (db) => db.prepare('SELECT code_hash FROM password_resets').pluck().all() as string[]);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(code.replace(/-/g, ''));
  });

  it('refuses a code used once already, with its own reason', async () => {
    const { admin, tomId } = await desk();
    const { code } = await admin.ok('auth.users.resetPassword', { userId: tomId });
    await harness.connect().ok('auth.redeemReset', { username: 'tom', code, newPassword: 'tom-new-password-9' });
    const second = await harness.connect().call('auth.redeemReset', { username: 'tom', code, newPassword: 'tom-other-password-8' });
    expect(second).toMatchObject({ ok: false, error: { code: 'REJECTED', field: 'code', reason: 'RESET_CODE_USED' } });
    expect(await harness.connect().call('auth.login', { username: 'tom', password: 'tom-new-password-9' })).toMatchObject({ ok: true });
  });

  it('refuses a code after it expired, and leaves the old password working', async () => {
    const { admin, tomId } = await desk();
    const { code } = await admin.ok('auth.users.resetPassword', { userId: tomId });
    harness.clock.advance(24 * 60 * 60_000);
    expect(await harness.connect().call('auth.redeemReset', { username: 'tom', code, newPassword: 'tom-new-password-9' })).toMatchObject({
      ok: false,
      error: { reason: 'RESET_CODE_EXPIRED' },
    });
    expect(await harness.connect().call('auth.login', TOM)).toMatchObject({ ok: true });
    // The administrator's own session ran out meanwhile.
    await admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await auditTypes(admin)).toContain('auth.reset_refused');
  });

  it('refuses a wrong code, and an earlier code once a new one is issued', async () => {
    const { admin, tomId } = await desk();
    const first = await admin.ok('auth.users.resetPassword', { userId: tomId });
    await admin.ok('auth.users.resetPassword', { userId: tomId });
    const reuse = await harness.connect().call('auth.redeemReset', { username: 'tom', code: first.code, newPassword: 'tom-new-password-9' });
    expect(reuse).toMatchObject({ ok: false, error: { reason: 'RESET_CODE_INVALID' } });
    const unknown = await harness.connect().call('auth.redeemReset', { username: 'nobody', code: first.code, newPassword: 'tom-new-password-9' });
    expect(unknown).toEqual(reuse);
  });

  it('ends the sessions the account had, and refuses a disabled account', async () => {
    const { admin, tomId } = await desk();
    const old = harness.connect();
    await old.ok('auth.login', TOM);
    const { code } = await admin.ok('auth.users.resetPassword', { userId: tomId });
    await harness.connect().ok('auth.redeemReset', { username: 'tom', code, newPassword: 'tom-new-password-9' });
    expect(old.eventsOf('auth.sessionEnded')).toEqual([{ reason: 'password_changed' }]);
    const next = await admin.ok('auth.users.resetPassword', { userId: tomId });
    await admin.ok('auth.users.setDisabled', { userId: tomId, disabled: true });
    expect(await harness.connect().call('auth.redeemReset', { username: 'tom', code: next.code, newPassword: 'tom-new-password-7' })).toMatchObject({
      ok: false,
      error: { reason: 'ACCOUNT_DISABLED' },
    });
  });

  it('is for administrators only', async () => {
    const { tomId } = await desk();
    const trader = harness.connect();
    await trader.ok('auth.login', TOM);
    expect(await trader.call('auth.users.resetPassword', { userId: tomId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
