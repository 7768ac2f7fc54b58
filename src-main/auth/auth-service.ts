import { timingSafeEqual } from 'node:crypto';
import type { SessionView } from '../../src-shared/domain/schemas';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import type { DomainHandlers } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { SessionCheck } from '../api/router';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { hashToken, newToken, type SessionsRepo } from './sessions-repo';
import { toView, type UsersRepo, type UserRecord } from './users-repo';

export interface AuthPolicy {
  /** Idle time after which a session ends. */
  sessionIdleMs: number;
  maxFailedLogins: number;
  lockoutMs: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionIdleMs: 8 * 60 * 60 * 1000,
  maxFailedLogins: 5,
  lockoutMs: 15 * 60 * 1000,
};

/** Extending the expiry on every call would write on every call; once a minute is enough. */
const EXTEND_GRANULARITY_MS = 60_000;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class AuthService implements SessionCheck {
  private setupToken: string | null;

  constructor(
    private readonly users: UsersRepo,
    private readonly sessions: SessionsRepo,
    private readonly bus: EventBus,
    private readonly policy: AuthPolicy,
    readonly terminalId: string,
    readonly version: string,
  ) {
    this.setupToken = users.count() === 0 ? newToken() : null;
  }

  /** The token for the first-run link; null once an admin exists. */
  pendingSetupToken(): string | null {
    return this.users.count() === 0 ? this.setupToken : null;
  }

  check(caller: Caller, now: number): Caller | 'expired' | null {
    const session = this.sessions.get(caller.tokenHash);
    if (!session) return null;
    if (session.expiresAt <= now) {
      this.sessions.delete(caller.tokenHash);
      return 'expired';
    }
    const user = this.users.findById(session.userId);
    if (!user) return null;
    const expiresAt = now + this.policy.sessionIdleMs;
    if (expiresAt - session.expiresAt >= EXTEND_GRANULARITY_MS) this.sessions.extend(caller.tokenHash, expiresAt);
    return { userId: user.id, username: user.username, role: user.role, tokenHash: caller.tokenHash };
  }

  private startSession(user: UserRecord, ctx: CallContext): SessionView {
    const token = newToken();
    const tokenHash = hashToken(token);
    const expiresAt = ctx.now + this.policy.sessionIdleMs;
    this.sessions.create(tokenHash, user.id, ctx.now, expiresAt);
    ctx.connection.caller = { userId: user.id, username: user.username, role: user.role, tokenHash };
    return { token, expiresAt, user: toView(user) };
  }

  private endSessionsOf(userId: number, reason: 'locked' | 'role_changed'): void {
    this.sessions.deleteForUser(userId);
    this.bus.publish('auth.sessionEnded', { reason }, { userIds: [userId] });
  }

  handlers(): DomainHandlers<'auth'> {
    return {
      'auth.status': () => ({ needsSetup: this.users.count() === 0, terminalId: this.terminalId, version: this.version }),

      'auth.setup': async (input, ctx) => {
        if (this.users.count() > 0) fail('ALREADY_SET_UP', 'This terminal already has an administrator. Sign in instead.');
        const expected = this.setupToken;
        const tokenOk = ctx.connection.trustedLocal || (expected !== null && sameSecret(input.setupToken ?? '', expected));
        if (!tokenOk) {
          ctx.commit((log) => log('auth.setup_refused', { username: input.username }));
          fail('SETUP_TOKEN_INVALID', 'First-run setup needs the one-time link printed in the terminal console.', {
            field: 'setupToken',
          });
        }
        const passwordHash = await hashPassword(input.password);
        return ctx.commit((log) => {
          if (this.users.count() > 0) fail('ALREADY_SET_UP', 'This terminal already has an administrator. Sign in instead.');
          const user = this.users.create({ ...input, role: 'admin', passwordHash, createdAt: ctx.now });
          this.setupToken = null;
          log('auth.setup', { userId: user.id, username: user.username }, user.username);
          return this.startSession(user, ctx);
        });
      },

      'auth.login': async (input, ctx) => {
        const user = this.users.findByName(input.username);
        if (user?.lockedUntil != null && user.lockedUntil > ctx.now) {
          ctx.commit((log) => log('auth.login_refused', { username: input.username, reason: 'locked' }));
          const minutes = Math.ceil((user.lockedUntil - ctx.now) / 60_000);
          fail('ACCOUNT_LOCKED', `Too many wrong passwords. This account is locked for ${minutes} more minute(s).`);
        }
        const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
        if (!user || !valid) {
          ctx.commit((log) => {
            let lockedUntil: number | null = null;
            if (user) {
              const failures = user.failedLogins + 1;
              lockedUntil = failures >= this.policy.maxFailedLogins ? ctx.now + this.policy.lockoutMs : null;
              this.users.recordFailures(user.id, lockedUntil ? 0 : failures, lockedUntil);
            }
            log('auth.login_refused', { username: input.username, reason: 'bad_credentials', lockedUntil });
          });
          fail('INVALID_CREDENTIALS', 'Wrong user name or password.');
        }
        return ctx.commit((log) => {
          this.users.recordFailures(user.id, 0, null);
          log('auth.login', { userId: user.id }, user.username);
          return this.startSession({ ...user, lockedUntil: null }, ctx);
        });
      },

      'auth.resume': (input, ctx) => {
        const tokenHash = hashToken(input.token);
        const session = this.sessions.get(tokenHash);
        if (!session) fail('UNAUTHENTICATED', 'This session is no longer valid. Please sign in again.');
        if (session.expiresAt <= ctx.now) {
          this.sessions.delete(tokenHash);
          fail('SESSION_EXPIRED', 'Your session has expired. Please sign in again.');
        }
        const user = this.users.findById(session.userId);
        if (!user) fail('UNAUTHENTICATED', 'This session is no longer valid. Please sign in again.');
        ctx.connection.caller = { userId: user.id, username: user.username, role: user.role, tokenHash };
        return { token: input.token, expiresAt: session.expiresAt, user: toView(user) };
      },

      'auth.logout': (_input, ctx) => {
        const caller = ctx.caller;
        if (caller) {
          ctx.commit((log) => {
            this.sessions.delete(caller.tokenHash);
            log('auth.logout', { userId: caller.userId });
          });
        }
        ctx.connection.caller = null;
        return { done: true };
      },

      'auth.changePassword': async (input, ctx) => {
        const user = ctx.caller && this.users.findById(ctx.caller.userId);
        if (!user) fail('UNAUTHENTICATED', 'Please sign in first.');
        if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
          fail('INVALID_CREDENTIALS', 'The current password is wrong.', { field: 'currentPassword' });
        }
        const hash = await hashPassword(input.newPassword);
        ctx.commit((log) => {
          this.users.setPasswordHash(user.id, hash);
          log('auth.password_changed', { userId: user.id });
        });
        return { done: true };
      },

      'auth.users.list': () => this.users.list().map(toView),

      'auth.users.create': async (input, ctx) => {
        if (this.users.findByName(input.username)) {
          fail('CONFLICT', `The user name "${input.username}" is taken.`, { field: 'username' });
        }
        const passwordHash = await hashPassword(input.password);
        return ctx.commit((log) => {
          const user = this.users.create({ ...input, passwordHash, createdAt: ctx.now });
          log('users.created', { userId: user.id, username: user.username, role: user.role });
          return toView(user);
        });
      },

      'auth.users.setRole': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId' });
        if (user.id === ctx.caller?.userId && input.role !== 'admin') {
          fail('REJECTED', 'You cannot remove your own administrator role.', { field: 'role' });
        }
        const updated = ctx.commit((log) => {
          this.users.setRole(user.id, input.role);
          log('users.role_changed', { userId: user.id, from: user.role, to: input.role });
          return { ...user, role: input.role };
        });
        if (user.role !== input.role) this.endSessionsOf(user.id, 'role_changed');
        return toView(updated);
      },

      'auth.users.unlock': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId' });
        ctx.commit((log) => {
          this.users.recordFailures(user.id, 0, null);
          log('users.unlocked', { userId: user.id });
        });
        return toView({ ...user, lockedUntil: null, failedLogins: 0 });
      },
    };
  }
}
