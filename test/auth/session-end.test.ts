import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN } from '../helpers/core';
import { openWsTerminal, settle, type WsClient, type WsTerminal } from './ws-terminal';

let terminal: WsTerminal;
afterEach(() => terminal?.close());

const TOM = { username: 'tom', password: 'tom-password-123' };

interface Desk {
  admin: WsClient;
  tomId: number;
  /** A socket signed in as tom. */
  signIn(address: string): Promise<{ socket: WsClient; token: string }>;
  /** A socket that resumed `token`, as a second tab or a reconnect does. */
  resume(token: string, address: string): Promise<WsClient>;
  /** Sends tom a private event: the admin moves cash into tom's account. */
  deposit(): Promise<void>;
}

async function openDesk(): Promise<Desk> {
  terminal = await openWsTerminal({ connectionDelayMs: 1 });
  const admin = await terminal.open('127.0.20.1');
  await admin.ok('auth.setup', { ...ADMIN, setupToken: terminal.harness.core.pendingSetupToken()! });
  const tom = await admin.ok('auth.users.create', { ...TOM, displayName: 'Tom', role: 'trader' });
  return {
    admin,
    tomId: tom.id,
    async signIn(address) {
      const socket = await terminal.open(address);
      const session = await socket.ok('auth.login', TOM);
      return { socket, token: session.token };
    },
    async resume(token, address) {
      const socket = await terminal.open(address);
      await socket.ok('auth.resume', { token });
      return socket;
    },
    async deposit() {
      await admin.ok('risk.cash.deposit', { userId: tom.id, amountMoney: 100, reference: 'test funding' });
      await settle();
    },
  };
}

const names = (socket: WsClient) => socket.events.map((e) => e.name).filter((n) => n === 'risk.cash' || n === 'auth.sessionEnded');
const endings = (socket: WsClient) => socket.events.filter((e) => e.name === 'auth.sessionEnded').map((e) => e.payload);

describe('a session that ends on every socket at once', () => {
  it('stops private events to a socket that resumed the session once another logs out, and says why', async () => {
    const desk = await openDesk();
    const { socket: first, token } = await desk.signIn('127.0.20.2');
    const second = await desk.resume(token, '127.0.20.3');
    await desk.deposit();
    await first.ok('auth.logout', {});
    await settle();
    await desk.deposit();
    expect(names(second)).toEqual(['risk.cash', 'auth.sessionEnded']);
    expect(endings(second)).toEqual([{ reason: 'logout' }]);
    expect(await second.call('risk.cash.balance', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('tells a socket its session expired before the next private event, without it calling', async () => {
    const desk = await openDesk();
    const { socket: tom } = await desk.signIn('127.0.21.2');
    terminal.harness.clock.advance(9 * 60 * 60_000);
    await desk.admin.ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
    await desk.deposit();
    expect(names(tom)).toEqual(['auth.sessionEnded']);
    expect(endings(tom)).toEqual([{ reason: 'expired' }]);
  });

  it('tells a quiet socket its session expired on the next tick of the core', async () => {
    const desk = await openDesk();
    const { socket: tom } = await desk.signIn('127.0.22.2');
    terminal.harness.clock.advance(9 * 60 * 60_000);
    await terminal.harness.core.tick('trading');
    await settle();
    expect(endings(tom)).toEqual([{ reason: 'expired' }]);
  });

  it('ends every other session on a password change, leaves the changing one, and retires the old tokens', async () => {
    const desk = await openDesk();
    const { socket: changer } = await desk.signIn('127.0.23.2');
    const { socket: other, token: otherToken } = await desk.signIn('127.0.23.3');
    await changer.ok('auth.changePassword', { currentPassword: TOM.password, newPassword: 'tom-new-password-456' });
    await settle();
    await desk.deposit();
    expect(endings(other)).toEqual([{ reason: 'password_changed' }]);
    expect(names(other)).toEqual(['auth.sessionEnded']);
    expect(names(changer)).toEqual(['risk.cash']);
    const later = await terminal.open('127.0.23.4');
    expect(await later.call('auth.resume', { token: otherToken })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('counts wrong current passwords toward the lock, audits each, and ends the sessions once it locks', async () => {
    const desk = await openDesk();
    const { socket: thief } = await desk.signIn('127.0.24.2');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await thief.call('auth.changePassword', { currentPassword: `guess-${i}-guess`, newPassword: 'stolen-password-1' }));
    expect(answers.every((a) => !a.ok && a.error.code === 'INVALID_CREDENTIALS')).toBe(true);
    await settle();
    expect(endings(thief)).toEqual([{ reason: 'locked' }]);
    expect(await thief.call('auth.changePassword', { currentPassword: TOM.password, newPassword: 'stolen-password-1' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const audit = await desk.admin.ok('audit.list', { limit: 1000 });
    expect(audit.filter((e) => e.type === 'auth.password_change_refused')).toHaveLength(5);
    const elsewhere = await terminal.open('127.0.24.3');
    expect(await elsewhere.call('auth.login', TOM)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('stops private events to every socket of a user whose role changes', async () => {
    const desk = await openDesk();
    const { token } = await desk.signIn('127.0.25.2');
    const resumed = await desk.resume(token, '127.0.25.3');
    await desk.admin.ok('auth.users.setRole', { userId: desk.tomId, role: 'viewer' });
    await desk.deposit();
    expect(names(resumed)).toEqual(['auth.sessionEnded']);
    expect(endings(resumed)).toEqual([{ reason: 'role_changed' }]);
  });

  it('stops private events to every socket of a disabled account, refuses its password, and takes it back when enabled', async () => {
    const desk = await openDesk();
    const { token } = await desk.signIn('127.0.26.2');
    const resumed = await desk.resume(token, '127.0.26.3');
    expect(await desk.admin.ok('auth.users.setDisabled', { userId: desk.tomId, disabled: true })).toMatchObject({ disabled: true });
    await desk.deposit();
    expect(names(resumed)).toEqual(['auth.sessionEnded']);
    expect(endings(resumed)).toEqual([{ reason: 'disabled' }]);
    const later = await terminal.open('127.0.26.4');
    expect(await later.call('auth.login', TOM)).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    await desk.admin.ok('auth.users.setDisabled', { userId: desk.tomId, disabled: false });
    expect(await later.call('auth.login', TOM)).toMatchObject({ ok: true });
  });
});
