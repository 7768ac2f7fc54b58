import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { totpStep } from '../../src-main/auth/second-factor';
import { ManualClock } from '../../src-main/core/clock';
import { ADMIN, openHarness, T0, tempDir, withAdmin, withStore, type Client, type Harness } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

const TOM = { username: 'tom', password: 'tom-password-123' };

/** What the phone shows for `secret` at `at`. */
const codeAt = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

async function enrolledTom(policy: Record<string, number> = {}): Promise<{ admin: Client; tom: Client; secret: string; recoveryCodes: string[]; tomId: number }> {
  harness = openHarness(tempDir(), new ManualClock(T0), { authPolicy: { connectionDelayMs: 0, sourceFreeAttempts: 100, ...policy } });
  const admin = await withAdmin(harness);
  const created = await admin.ok('auth.users.create', { ...TOM, displayName: 'Tom', role: 'trader' });
  const tom = harness.connect();
  await tom.ok('auth.login', TOM);
  const { secret, qr, uri } = await tom.ok('auth.totp.begin', {});
  expect(qr.startsWith('data:image/png;base64,')).toBe(true);
  expect(uri).toContain(`secret=${secret}`);
  const { recoveryCodes } = await tom.ok('auth.totp.confirm', { code: codeAt(secret, harness.clock.now()) });
  return { admin, tom, secret, recoveryCodes, tomId: created.id };
}

describe('the TOTP algorithm the core checks codes with', () => {
  // RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; six digits are the last six of the eight.
  const rfcSecret = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('accepts the RFC 6238 code at %i s in its own step, and not ten minutes later', (seconds, eight) => {
    const at = seconds * 1000;
    expect(totpStep(rfcSecret, eight.slice(2), at)).toBe(Math.floor(seconds / 30));
    expect(totpStep(rfcSecret, eight.slice(2), at + 600_000)).toBeNull();
  });
});

describe('two-factor sign-in', () => {
  it('asks an enrolled account for its code after a right password, and signs in with it', async () => {
    const { secret } = await enrolledTom();
    const client = harness.connect();
    expect(await client.call('auth.login', TOM)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS', reason: 'TOTP_REQUIRED', field: 'totpCode' } });
    harness.clock.advance(30_000);
    const session = await client.ok('auth.login', { ...TOM, totpCode: codeAt(secret, harness.clock.now()) });
    expect(session.user.totpEnrolled).toBe(true);
  });

  it('never tells a wrong password that the account has a second factor', async () => {
    await enrolledTom();
    const answer = await harness.connect().call('auth.login', { ...TOM, password: 'not-his-password' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(answer.ok ? null : answer.error.reason).toBeUndefined();
  });

  it('refuses a code replayed in the same time step, and the enrolment code too', async () => {
    const { secret } = await enrolledTom();
    // The enrolment used this step's code already.
    expect(await harness.connect().call('auth.login', { ...TOM, totpCode: codeAt(secret, harness.clock.now()) })).toMatchObject({
      ok: false,
      error: { reason: 'TOTP_REPLAYED' },
    });
    harness.clock.advance(30_000);
    const code = codeAt(secret, harness.clock.now());
    await harness.connect().ok('auth.login', { ...TOM, totpCode: code });
    expect(await harness.connect().call('auth.login', { ...TOM, totpCode: code })).toMatchObject({ ok: false, error: { reason: 'TOTP_REPLAYED' } });
  });

  it('counts wrong codes toward the lock, even after a right password', async () => {
    const { admin, secret, tomId } = await enrolledTom({ maxFailedLogins: 3 });
    for (let i = 0; i < 3; i++) {
      expect(await harness.connect().call('auth.login', { ...TOM, totpCode: '000000' })).toMatchObject({ ok: false, error: { reason: 'TOTP_WRONG' } });
    }
    harness.clock.advance(30_000);
    expect(await harness.connect().call('auth.login', { ...TOM, totpCode: codeAt(secret, harness.clock.now()) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS' },
    });
    const tom = (await admin.ok('auth.users.list', {})).find((u) => u.id === tomId)!;
    expect(tom.lockedUntil).toBeGreaterThan(harness.clock.now());
    expect((await admin.ok('audit.list', { limit: 1000 })).filter((e) => e.type === 'auth.second_factor_refused')).toHaveLength(3);
  });

  it('signs in once with each recovery code', async () => {
    const { recoveryCodes } = await enrolledTom();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    await harness.connect().ok('auth.login', { ...TOM, totpCode: recoveryCodes[3]! });
    expect(await harness.connect().call('auth.login', { ...TOM, totpCode: recoveryCodes[3]! })).toMatchObject({ ok: false, error: { reason: 'TOTP_WRONG' } });
    await harness.connect().ok('auth.login', { ...TOM, totpCode: recoveryCodes[4]!.toLowerCase() });
  });

  it('keeps the secret sealed and the recovery codes hashed at rest', async () => {
    const { secret, recoveryCodes } = await enrolledTom();
    const stored = withStore(harness, (db) => JSON.stringify([db.prepare('SELECT * FROM user_totp').all(), db.prepare('SELECT * FROM recovery_codes').all()]));
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replace(/-/g, ''));
    expect(stored).toContain('enc:v1:');
  });

  it('lets an administrator reset a second factor, audited, after which the password alone signs in', async () => {
    const { admin, tomId } = await enrolledTom();
    expect(await admin.ok('auth.users.resetTotp', { userId: tomId })).toMatchObject({ totpEnrolled: false });
    await harness.connect().ok('auth.login', TOM);
    expect((await admin.ok('audit.list', { limit: 1000 })).map((e) => e.type)).toContain('users.totp_reset');
  });

  it('sends users without a second factor to enrolment when the administrators require it, and nothing else passes', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('auth.users.create', { ...TOM, displayName: 'Tom', role: 'trader' });
    await admin.ok('auth.settings.set', { requireTotp: 'admins' });
    const tom = harness.connect();
    expect(await tom.ok('auth.login', TOM)).toMatchObject({ mustEnrolTotp: false });
    // The requirement reaches the administrator's open session at once.
    expect(await admin.call('auth.users.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', reason: 'TOTP_ENROLMENT_REQUIRED' } });
    await admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const { secret } = await admin.ok('auth.totp.begin', {});
    expect(await admin.call('auth.totp.confirm', { code: '123456' })).toMatchObject({ ok: false, error: { reason: 'TOTP_WRONG' } });
    await admin.ok('auth.totp.confirm', { code: codeAt(secret, harness.clock.now()) });
    expect(await admin.call('auth.users.list', {})).toMatchObject({ ok: true });
    await admin.ok('auth.settings.set', { requireTotp: 'everyone' });
    expect(await tom.call('trading.orders.list', {})).toMatchObject({ ok: false, error: { reason: 'TOTP_ENROLMENT_REQUIRED' } });
    expect((await harness.connect().ok('auth.login', TOM)).mustEnrolTotp).toBe(true);
  });
});
