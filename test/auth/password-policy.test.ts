import { afterEach, describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../src-main/auth/password-policy';
import { openHarness, withAdmin, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

const newUser = (password: string) => ({ username: 'tom', displayName: 'Tom', password, role: 'trader' as const });

async function admin(): Promise<Client> {
  harness = openHarness();
  return withAdmin(harness);
}

describe('the bundled list of common passwords', () => {
  it('knows the most common passwords, and a listed word inside digits and symbols', () => {
    expect(isCommonPassword('1234567890')).toBe(true);
    expect(isCommonPassword('Dragon2024!!')).toBe(true);
    expect(isCommonPassword('!!superman99')).toBe(true);
    expect(isCommonPassword('tom trades power daily')).toBe(false);
    expect(isCommonPassword('dragonfly-2024')).toBe(false);
  });
});

describe('the password policy', () => {
  it('refuses a common password for a new user, naming the rule', async () => {
    const ada = await admin();
    expect(await ada.call('auth.users.create', newUser('1234567890'))).toMatchObject({ ok: false, error: { code: 'REJECTED', field: 'password', reason: 'PASSWORD_COMMON' } });
    expect(await ada.call('auth.users.create', newUser('Princess2024!'))).toMatchObject({ ok: false, error: { reason: 'PASSWORD_COMMON' } });
    expect(await ada.call('auth.users.create', newUser('tom trades power daily'))).toMatchObject({ ok: true });
  });

  it('applies the minimum an administrator raises, with the minimum in the answer, and audits the change', async () => {
    const ada = await admin();
    expect(await ada.ok('auth.settings.set', { minPasswordLength: 16 })).toEqual({ requireTotp: 'nobody', minPasswordLength: 16 });
    expect(await ada.call('auth.users.create', newUser('fifteen chars!!'))).toMatchObject({
      ok: false,
      error: { field: 'password', reason: 'PASSWORD_TOO_SHORT', params: { min: 16 } },
    });
    expect(await ada.call('auth.users.create', newUser('sixteen chars!!!'))).toMatchObject({ ok: true });
    expect((await ada.ok('audit.list', { limit: 100 })).map((e) => e.type)).toContain('auth.settings_changed');
  });

  it('never goes below today’s ten characters', async () => {
    const ada = await admin();
    expect(await ada.call('auth.settings.set', { minPasswordLength: 9 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'minPasswordLength' } });
    expect((await ada.ok('auth.settings.get', {})).minPasswordLength).toBe(10);
  });

  it('holds for a changed password and for a password set with a reset code', async () => {
    const ada = await admin();
    const tom = await ada.ok('auth.users.create', newUser('tom trades power daily'));
    await ada.ok('auth.settings.set', { minPasswordLength: 12 });
    const session = harness.connect();
    await session.ok('auth.login', { username: 'tom', password: 'tom trades power daily' });
    expect(await session.call('auth.changePassword', { currentPassword: 'tom trades power daily', newPassword: 'abc1234567' })).toMatchObject({
      ok: false,
      error: { field: 'newPassword', reason: 'PASSWORD_TOO_SHORT' },
    });
    const { code } = await ada.ok('auth.users.resetPassword', { userId: tom.id });
    expect(await harness.connect().call('auth.redeemReset', { username: 'tom', code, newPassword: 'baseball123456' })).toMatchObject({
      ok: false,
      error: { field: 'newPassword', reason: 'PASSWORD_COMMON' },
    });
    // The refused attempt left the code usable.
    expect(await harness.connect().call('auth.redeemReset', { username: 'tom', code, newPassword: 'tom picks a new one' })).toMatchObject({ ok: true });
  });
});
