import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/domain/schemas';
import { ADMIN } from '../helpers/core';
import { openWsTerminal, type WsClient, type WsTerminal } from './ws-terminal';

let terminal: WsTerminal;
afterEach(() => terminal?.close());

const WRONG = { username: ADMIN.username, password: 'wrong-password' };
const RIGHT = { username: ADMIN.username, password: ADMIN.password };

/** The first administrator, set up over the socket with the console's link, and signed in. */
async function setUpAdmin(): Promise<WsClient> {
  const admin = await terminal.open('127.0.0.250');
  await admin.ok('auth.setup', { ...ADMIN, setupToken: terminal.harness.core.pendingSetupToken()! });
  return admin;
}

/** The sign-in refusals in the audit, read by the administrator's session from set-up (no lock ends a session). */
async function refusals(admin: WsClient, reason: string): Promise<AuditEntry[]> {
  const entries = await admin.ok('audit.list', { limit: 1000 });
  return entries.filter((e) => e.type === 'auth.login_refused' && (e.payload as { reason: string }).reason === reason);
}

describe('parallel guesses against one account', () => {
  it('run at most five password checks however many arrive at once, and lock the account', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 1 });
    const admin = await setUpAdmin();
    // 100 guesses at once from 10 addresses, 10 each, none of them throttled at the address yet.
    const sockets = await Promise.all(Array.from({ length: 10 }, (_, i) => terminal.open(`127.0.0.${10 + i}`)));
    const answers = await Promise.all(sockets.flatMap((socket) => Array.from({ length: 10 }, () => socket.call('auth.login', WRONG))));
    expect(answers.every((a) => !a.ok)).toBe(true);
    expect(await refusals(admin, 'bad_credentials')).toHaveLength(5);
    expect((await admin.ok('auth.users.list', {}))[0]!.lockedUntil).not.toBeNull();
    const fresh = await terminal.open('127.0.0.99');
    expect(await fresh.call('auth.login', RIGHT)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('never lets the right password in once five wrong ones have started', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 1 });
    await setUpAdmin();
    const sockets = await Promise.all(Array.from({ length: 10 }, (_, i) => terminal.open(`127.0.1.${10 + i}`)));
    const guesses = sockets.flatMap((socket, s) => Array.from({ length: 10 }, (_, g) => ({ socket, input: s === 9 && g === 0 ? RIGHT : WRONG })));
    // The right one is sent after 90 wrong ones have been sent: the account locked at the fifth.
    const answers = await Promise.all(guesses.map(({ socket, input }) => socket.call('auth.login', input)));
    expect(answers.filter((a) => a.ok)).toEqual([]);
  });
});

describe('throttling by address and connection', () => {
  it('refuses the sixth sequential guess from one address without checking it, and doubles the wait', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 1, maxFailedLogins: 50 });
    const admin = await setUpAdmin();
    const guesser = await terminal.open('127.0.2.1');
    for (let i = 0; i < 5; i++) expect(await guesser.call('auth.login', WRONG)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(await guesser.call('auth.login', RIGHT)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    terminal.harness.clock.advance(61_000);
    expect(await guesser.call('auth.login', WRONG)).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    terminal.harness.clock.advance(61_000);
    expect(await guesser.call('auth.login', RIGHT)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    terminal.harness.clock.advance(60_000);
    expect(await guesser.call('auth.login', RIGHT)).toMatchObject({ ok: true });
    expect(await refusals(admin, 'bad_credentials')).toHaveLength(6);
  });

  it('answers a flood of 300 parallel sign-ins from one address with at most five checks, and signs in a user elsewhere', async () => {
    terminal = await openWsTerminal();
    const admin = await setUpAdmin();
    const flood = await Promise.all(Array.from({ length: 30 }, () => terminal.open('127.0.3.1')));
    const floodAnswers = Promise.all(flood.flatMap((socket) => Array.from({ length: 10 }, () => socket.call('auth.login', { username: 'nobody', password: 'guess' }))));
    const user = await terminal.open('127.0.3.2');
    expect(await user.call('auth.login', RIGHT)).toMatchObject({ ok: true });
    const answers = await floodAnswers;
    expect(answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(295);
    expect(await refusals(admin, 'unknown_user')).toHaveLength(5);
  });

  it('runs one check at a time per connection, each after a longer wait than the last', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 300, sourceFreeAttempts: 50, maxFailedLogins: 50 });
    await setUpAdmin();
    const socket = await terminal.open('127.0.4.1');
    const answeredAt: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => socket.call('auth.login', WRONG).then(() => answeredAt.push(Date.now() - start))));
    const gaps = answeredAt.slice(1).map((t, i) => t - answeredAt[i]!);
    // Waits of 300, 600 and 1200 ms come before the second, third and fourth checks.
    expect(gaps[0]).toBeGreaterThanOrEqual(300);
    expect(gaps[1]).toBeGreaterThanOrEqual(600);
    expect(gaps[2]).toBeGreaterThanOrEqual(1200);
  });

  it('refuses checks beyond the queue at once rather than making every sign-in wait behind them', async () => {
    terminal = await openWsTerminal({ concurrentChecks: 1, queuedChecks: 2 });
    await setUpAdmin();
    const sockets = await Promise.all(Array.from({ length: 12 }, (_, i) => terminal.open(`127.0.5.${i + 1}`)));
    const answers = await Promise.all(sockets.map((socket) => socket.call('auth.login', { username: 'nobody', password: 'guess' })));
    const busy = answers.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED');
    expect(busy.length).toBeGreaterThanOrEqual(12 - 3);
  });
});

describe('locking the administrator out', () => {
  it('cannot be repeated from one address once the lock ends: the address stays blocked, the admin elsewhere signs in', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 1 });
    await setUpAdmin();
    const attacker = await terminal.open('127.0.6.66');
    for (let i = 0; i < 5; i++) await attacker.call('auth.login', WRONG);
    terminal.harness.clock.advance(16 * 60_000);
    // The account lock has run out; the attacker tries to lock it again at once.
    const again = [];
    for (let i = 0; i < 10; i++) again.push(await attacker.call('auth.login', WRONG));
    expect(again.slice(1).every((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true);
    const admin = await terminal.open('127.0.6.1');
    expect(await admin.call('auth.login', RIGHT)).toMatchObject({ ok: true });
  });
});

describe('what a refusal reveals', () => {
  it('answers a locked account exactly as a name that does not exist', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 1, sourceFreeAttempts: 100 });
    await setUpAdmin();
    const client = await terminal.open('127.0.7.1');
    for (let i = 0; i < 5; i++) await client.call('auth.login', WRONG);
    const locked = await client.call('auth.login', RIGHT);
    const unknown = await client.call('auth.login', { username: 'nobody', password: ADMIN.password });
    expect(locked).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown).toEqual(locked);
  });

  it('takes as long to refuse a locked account as a name that does not exist: both run a password check', async () => {
    terminal = await openWsTerminal({ connectionDelayMs: 0, sourceFreeAttempts: 100 });
    await setUpAdmin();
    const client = await terminal.open('127.0.7.2');
    for (let i = 0; i < 5; i++) await client.call('auth.login', WRONG);
    const timed = async (input: typeof WRONG) => {
      const start = performance.now();
      await client.call('auth.login', input);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const locked: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      locked.push(await timed(RIGHT));
      unknown.push(await timed({ username: 'nobody', password: ADMIN.password }));
    }
    // A ratio, not a speed: a refusal without the check answered 35 times faster.
    expect(median(locked)).toBeGreaterThan(median(unknown) * 0.5);
  });

  it('audits a password typed into the name field without writing it down', async () => {
    terminal = await openWsTerminal();
    const admin = await setUpAdmin();
    const client = await terminal.open('127.0.8.1');
    const typed = 'MyS3cret-Passw0rd';
    await client.call('auth.login', { username: typed, password: 'x' });
    await client.call('auth.login', { username: typed, password: 'y' });
    const entries = await refusals(admin, 'unknown_user');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(typed);
    const [first, second] = entries.map((e) => (e.payload as { nameHash: string }).nameHash);
    expect(first).toMatch(/^[\w-]{20,}$/);
    expect(second).toBe(first);
  });
});

describe('creating users', () => {
  it('answers CONFLICT, not an internal error, to the second of two simultaneous creations of one name', async () => {
    terminal = await openWsTerminal();
    const admin = await setUpAdmin();
    const other = await terminal.open('127.0.9.1');
    await other.ok('auth.login', RIGHT);
    const input = { username: 'twin', displayName: 'Twin', password: 'twin-password-123', role: 'trader' } as const;
    const answers = await Promise.all([admin.call('auth.users.create', input), other.call('auth.users.create', input)]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'username' } });
  });
});
