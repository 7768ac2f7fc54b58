import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionView } from '../../src-shared/domain/schemas';
import type { Events } from '../../src-shared/contract';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller, PublishFn } from '../api/context';
import type { DomainHandlers } from '../api/domain';
import type { SessionCheck } from '../api/router';
import type { Recorder } from '../api/recorder';
import type { AdminUnlock } from './admin-unlock';
import type { PasswordGate } from './password-gate';
import type { AuthPolicy } from './policy';
import { hashCode, newOneTimeCode, sameHash } from './one-time-codes';
import type { ResetsRepo } from './resets-repo';
import { checkNewPassword } from './password-policy';
import type { CodeCheck, SecondFactor } from './second-factor';
import type { AuthSettingsRepo } from './settings-repo';
import { hashToken, newToken, type SessionsRepo } from './sessions-repo';
import { disabledHash, enabledHash, isActiveAdmin, isSystemHash, toView, UsernameTakenError, type UsersRepo, type UserRecord } from './users-repo';

type EndReason = Events['auth.sessionEnded']['reason'];

/** Extending the expiry on every call would write on every call; once a minute is enough. */
const EXTEND_GRANULARITY_MS = 60_000;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

type SecondFactorReason = 'TOTP_REQUIRED' | 'TOTP_WRONG' | 'TOTP_REPLAYED';

/** Who hears of changes to accounts: the people who manage them. */
const ACCOUNT_MANAGERS = { userIds: [], roles: ['admin'] } as const;

export class AuthService implements SessionCheck {
  private setupToken: string | null;
  /**
   * Keys the audit's record of names that do not exist: a password typed into the name field must
   * not land in the log, yet repeated tries of one name should be recognisable. The key never leaves
   * memory, so even a short password cannot be recovered from its entry by trying candidates.
   */
  private readonly nameKey = randomBytes(32);

  constructor(
    private readonly users: UsersRepo,
    private readonly sessions: SessionsRepo,
    private readonly resets: ResetsRepo,
    private readonly settings: AuthSettingsRepo,
    private readonly factor: SecondFactor,
    private readonly recorder: Recorder,
    private readonly gate: PasswordGate,
    private readonly unlock: AdminUnlock,
    private readonly policy: AuthPolicy,
    readonly terminalId: string,
    readonly version: string,
  ) {
    this.setupToken = users.count() === 0 ? newToken() : null;
  }

  /** Re-read on every call: an administrator's new requirement applies to open sessions at once. */
  private callerOf(user: UserRecord, tokenHash: string, expiresAt: number): Caller {
    const mustEnrolTotp = !user.totpEnrolled && this.factor.requiredFor(user.role);
    return { userId: user.id, username: user.username, role: user.role, tokenHash, expiresAt, ...(mustEnrolTotp ? { mustEnrolTotp } : {}) };
  }

  /**
   * The second factor of an enrolled account, after its password was right: the code is checked
   * here and used up by `accept` in the sign-in's transaction. A missing, wrong or replayed code
   * leaves the password attempt counted (the lock counts it), is audited, and is refused.
   */
  private secondFactor(user: UserRecord, code: string | undefined, ctx: CallContext): CodeCheck | null {
    if (!user.totpEnrolled) return null;
    const found = code === undefined ? null : this.factor.check(user.id, code, ctx.now);
    if (found && (found.kind === 'totp' || found.kind === 'recovery')) return found;
    this.refuseSecondFactor(user, found === null ? 'TOTP_REQUIRED' : found.kind === 'replayed' ? 'TOTP_REPLAYED' : 'TOTP_WRONG', ctx);
  }

  private refuseSecondFactor(user: UserRecord, reason: SecondFactorReason, ctx: CallContext): never {
    const lockedUntil = this.users.findById(user.id)?.lockedUntil ?? null;
    ctx.refused('auth.second_factor_refused', { userId: user.id, reason, lockedUntil, source: ctx.connection.remoteAddress });
    // Failed attempts are shown to the administrators, and a lock at once.
    this.recorder.commit(ctx.now, null, (_log, publish) => publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS));
    fail('INVALID_CREDENTIALS', 'The sign-in code is missing, wrong or was used already.', { field: 'totpCode', reason });
  }

  /** Uses up the code inside the sign-in's transaction; another sign-in that took the same step first wins. */
  private acceptSecondFactor(user: UserRecord, found: CodeCheck | null, ctx: CallContext): void {
    if (!found || this.factor.accept(user.id, found, ctx.now)) return;
    const reason: SecondFactorReason = found.kind === 'totp' ? 'TOTP_REPLAYED' : 'TOTP_WRONG';
    ctx.refused('auth.second_factor_refused', { userId: user.id, reason, source: ctx.connection.remoteAddress });
    fail('INVALID_CREDENTIALS', 'The sign-in code is missing, wrong or was used already.', { field: 'totpCode', reason });
  }

  /** The token for the first-run link; null once an admin exists. */
  pendingSetupToken(): string | null {
    return this.users.count() === 0 ? this.setupToken : null;
  }

  check(caller: Caller, now: number): Caller | 'expired' | null {
    const checked = this.peek(caller, now);
    if (checked === 'expired') {
      this.recorder.commit(now, null, (_log, publish) => {
        this.sessions.delete(caller.tokenHash);
        this.announceEnd([caller.tokenHash], 'expired', publish);
      });
      return checked;
    }
    if (!checked) return null;
    const expiresAt = now + this.policy.sessionIdleMs;
    if (expiresAt - checked.expiresAt < EXTEND_GRANULARITY_MS) return checked;
    this.sessions.extend(caller.tokenHash, expiresAt);
    return { ...checked, expiresAt };
  }

  peek(caller: Caller, now: number): Caller | 'expired' | null {
    const session = this.sessions.get(caller.tokenHash);
    if (!session) return null;
    if (session.expiresAt <= now) return 'expired';
    const user = this.users.findById(session.userId);
    return user ? this.callerOf(user, caller.tokenHash, session.expiresAt) : null;
  }

  /** Ends the sessions that ran out, and tells their connections now rather than at their next call. */
  endExpiredSessions(now: number): void {
    this.recorder.commit(now, null, (_log, publish) => {
      const ended = this.sessions.deleteExpired(now);
      if (ended.length > 0) this.announceEnd(ended, 'expired', publish);
    });
  }

  private announceEnd(tokenHashes: readonly string[], reason: EndReason, publish: PublishFn): void {
    if (tokenHashes.length > 0) publish('auth.sessionEnded', { reason }, { sessions: tokenHashes });
  }

  private startSession(user: UserRecord, ctx: CallContext): SessionView {
    const token = newToken();
    const tokenHash = hashToken(token);
    const expiresAt = ctx.now + this.policy.sessionIdleMs;
    this.sessions.create(tokenHash, user.id, ctx.now, expiresAt);
    const caller = this.callerOf(user, tokenHash, expiresAt);
    ctx.connection.caller = caller;
    return { token, expiresAt, user: toView(user), mustEnrolTotp: caller.mustEnrolTotp === true };
  }

  /** Who tried to sign in, for the audit: the account when it exists, otherwise only a keyed hash of the name typed. */
  private whoTried(user: UserRecord | undefined, typed: string): Record<string, unknown> {
    if (user) return { userId: user.id, username: user.username };
    return { nameHash: createHmac('sha256', this.nameKey).update(typed).digest('base64url').slice(0, 22) };
  }

  /** A one-time unlock link counts for an administrator only; any token presented is burnt if it is the pending one. */
  private unlocksAdmin(token: string | undefined, user: UserRecord | undefined, ctx: CallContext): boolean {
    if (token === undefined) return false;
    if (!this.unlock.take(token, ctx.now)) {
      this.gate.countFailure(ctx);
      ctx.refused('auth.unlock_refused', { source: ctx.connection.remoteAddress });
      fail('UNLOCK_TOKEN_INVALID', 'This unlock link is not valid or was used already. Issue a new one on the terminal’s machine.', { field: 'unlockToken' });
    }
    return user?.role === 'admin';
  }

  handlers(): DomainHandlers<'auth'> {
    return {
      'auth.status': (_input, ctx) => ({ needsSetup: this.users.count() === 0, terminalId: this.terminalId, version: this.version, now: ctx.now }),

      'auth.setup': async (input, ctx) => {
        if (this.users.count() > 0) fail('ALREADY_SET_UP', 'This terminal already has an administrator. Sign in instead.');
        const expected = this.setupToken;
        const tokenOk = ctx.connection.trustedLocal || (expected !== null && sameSecret(input.setupToken ?? '', expected));
        if (!tokenOk) {
          ctx.refused('auth.setup_refused', { username: input.username });
          fail('SETUP_TOKEN_INVALID', 'First-run setup needs the one-time link printed in the terminal console.', {
            field: 'setupToken',
          });
        }
        checkNewPassword(input.password, this.settings.get().minPasswordLength, 'password');
        const passwordHash = await this.gate.hash(input.password);
        return ctx.commit((log) => {
          if (this.users.count() > 0) fail('ALREADY_SET_UP', 'This terminal already has an administrator. Sign in instead.');
          const user = this.users.create({ ...input, role: 'admin', passwordHash, createdAt: ctx.now });
          this.setupToken = null;
          this.users.recordSignIn(user.id, ctx.now);
          log('auth.setup', { userId: user.id, username: user.username }, user.username);
          return this.startSession({ ...user, lastLoginAt: ctx.now }, ctx);
        });
      },

      'auth.login': async (input, ctx) => {
        const user = this.users.findByName(input.username);
        const unlocked = this.unlocksAdmin(input.unlockToken, user, ctx);
        const source = ctx.connection.remoteAddress;
        const outcome = await this.gate.check(user, input.password, ctx, { unlocked });
        if (!outcome.ok) {
          const { reason, lockedUntil, sourceBlockedUntil } = outcome;
          // Batched and throttled per source like every refusal: a flood against a locked account costs no fsync each.
          ctx.refused('auth.login_refused', { ...this.whoTried(user, input.username), reason, lockedUntil, sourceBlockedUntil, source, unlocked });
          // An account this attempt locked shows as locked in the administrators' Users panels at once.
          if (user && lockedUntil !== null) {
            this.recorder.commit(ctx.now, null, (_log, publish) => publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS));
          }
          // One answer for a wrong password, an unknown name and a locked account: none tells which names exist.
          fail('INVALID_CREDENTIALS', 'Wrong user name or password, or too many wrong attempts: wait a while and try again.');
        }
        if (unlocked) this.gate.forgive(source);
        const found = this.secondFactor(outcome.user, input.totpCode, ctx);
        return ctx.commit((log, publish) => {
          this.acceptSecondFactor(outcome.user, found, ctx);
          this.users.recordSignIn(outcome.user.id, ctx.now);
          log('auth.login', { userId: outcome.user.id, source, ...(unlocked ? { unlocked } : {}) }, outcome.user.username);
          publish('auth.users.changed', { userId: outcome.user.id }, ACCOUNT_MANAGERS);
          return this.startSession({ ...outcome.user, lockedUntil: null, failedLogins: 0, lastLoginAt: ctx.now }, ctx);
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
        const caller = this.callerOf(user, tokenHash, session.expiresAt);
        ctx.connection.caller = caller;
        return { token: input.token, expiresAt: session.expiresAt, user: toView(user), mustEnrolTotp: caller.mustEnrolTotp === true };
      },

      'auth.logout': (_input, ctx) => {
        const caller = ctx.caller;
        if (caller) {
          ctx.commit((log, publish) => {
            this.sessions.delete(caller.tokenHash);
            log('auth.logout', { userId: caller.userId });
            // This connection asked, so it needs no notice; the others on the same session do.
            ctx.connection.caller = null;
            this.announceEnd([caller.tokenHash], 'logout', publish);
          });
        }
        ctx.connection.caller = null;
        return { done: true };
      },

      'auth.changePassword': async (input, ctx) => {
        const user = this.users.findById(ctx.caller.userId);
        if (!user) fail('UNAUTHENTICATED', 'Please sign in first.');
        const outcome = await this.gate.check(user, input.currentPassword, ctx);
        if (!outcome.ok) {
          const { reason, lockedUntil, sourceBlockedUntil } = outcome;
          ctx.commit((log, publish) => {
            log('auth.password_change_refused', { userId: user.id, reason, lockedUntil, sourceBlockedUntil, source: ctx.connection.remoteAddress });
            // Someone holding a session but not the password locked the account: none of its sessions stays.
            if (lockedUntil !== null) this.announceEnd(this.sessions.deleteForUser(user.id), 'locked', publish);
          });
          fail('INVALID_CREDENTIALS', 'The current password is wrong.', { field: 'currentPassword', reason: 'CURRENT_PASSWORD_WRONG' });
        }
        checkNewPassword(input.newPassword, this.settings.get().minPasswordLength, 'newPassword');
        const hash = await this.gate.hash(input.newPassword);
        const keep = ctx.caller.tokenHash;
        ctx.commit((log, publish) => {
          this.users.setPasswordHash(user.id, hash);
          this.users.clearFailures(user.id);
          const ended = this.sessions.deleteForUser(user.id, keep);
          log('auth.password_changed', { userId: user.id, endedSessions: ended.length });
          this.announceEnd(ended, 'password_changed', publish);
        });
        return { done: true };
      },

      'auth.redeemReset': async (input, ctx) => {
        const user = this.users.findByName(input.username);
        const codeHash = hashCode(input.code);
        const reset = this.gate.checkCode(ctx, () => {
          const pending = user ? this.resets.get(user.id) : undefined;
          return pending && sameHash(pending.codeHash, codeHash) ? pending : null;
        });
        const refuse = (why: 'RESET_CODE_INVALID' | 'RESET_CODE_USED' | 'RESET_CODE_EXPIRED' | 'ACCOUNT_DISABLED'): never => {
          ctx.refused('auth.reset_refused', { ...this.whoTried(user, input.username), reason: why, source: ctx.connection.remoteAddress });
          fail('REJECTED', 'This reset code cannot be used. Ask an administrator for a new one.', { field: 'code', reason: why });
        };
        // A wrong code and an unknown name answer alike: neither tells which names exist.
        if (!user || !reset) return refuse('RESET_CODE_INVALID');
        if (reset.usedAt !== null) return refuse('RESET_CODE_USED');
        if (reset.expiresAt <= ctx.now) return refuse('RESET_CODE_EXPIRED');
        if (enabledHash(user.passwordHash) !== user.passwordHash) return refuse('ACCOUNT_DISABLED');
        // A reset replaces the password, not the phone: an enrolled account still shows its code.
        const found = this.secondFactor(user, input.totpCode, ctx);
        checkNewPassword(input.newPassword, this.settings.get().minPasswordLength, 'newPassword');
        const passwordHash = await this.gate.hash(input.newPassword);
        return ctx.commit((log, publish) => {
          // Re-read after hashing: the code may have been used, or the account disabled, meanwhile.
          const current = this.users.findById(user.id);
          if (!current || enabledHash(current.passwordHash) !== current.passwordHash) return refuse('ACCOUNT_DISABLED');
          if (!this.resets.use(user.id, codeHash, ctx.now)) return refuse('RESET_CODE_USED');
          this.acceptSecondFactor(user, found, ctx);
          this.users.setPasswordHash(user.id, passwordHash);
          this.users.recordSignIn(user.id, ctx.now);
          const ended = this.sessions.deleteForUser(user.id);
          log('auth.password_reset_used', { userId: user.id, endedSessions: ended.length, source: ctx.connection.remoteAddress }, user.username);
          this.announceEnd(ended, 'password_changed', publish);
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
          return this.startSession({ ...current, passwordHash, lockedUntil: null, failedLogins: 0, lastLoginAt: ctx.now }, ctx);
        });
      },

      'auth.totp.status': (_input, ctx) => {
        const user = this.users.findById(ctx.caller.userId);
        return { enrolled: user?.totpEnrolled === true, required: user ? this.factor.requiredFor(user.role) : false };
      },

      'auth.totp.begin': async (_input, ctx) => {
        const user = this.users.findById(ctx.caller.userId);
        if (!user) fail('UNAUTHENTICATED', 'Please sign in first.');
        if (user.totpEnrolled) fail('REJECTED', 'Two-factor sign-in is set up already; an administrator can reset it.', { reason: 'TOTP_ALREADY_ENROLLED' });
        const pending = await this.factor.begin(user.id, user.username, ctx.now);
        ctx.commit((log) => {
          pending.store();
          log('auth.totp_enrolment_started', { userId: user.id });
        });
        return { secret: pending.secret, uri: pending.uri, qr: pending.qr };
      },

      'auth.totp.confirm': (input, ctx) => {
        const userId = ctx.caller.userId;
        return ctx.commit((log, publish) => {
          const recoveryCodes = this.factor.confirm(userId, input.code, ctx.now);
          if (!recoveryCodes) fail('REJECTED', 'This code does not match the new key. Check the phone’s clock and try the next code.', { field: 'code', reason: 'TOTP_WRONG' });
          log('auth.totp_enrolled', { userId, recoveryCodes: recoveryCodes.length });
          publish('auth.users.changed', { userId }, ACCOUNT_MANAGERS);
          return { recoveryCodes };
        });
      },

      'auth.settings.get': () => this.settings.get(),

      'auth.settings.set': (input, ctx) =>
        ctx.commit((log) => {
          const from = this.settings.get();
          const to = { requireTotp: input.requireTotp ?? from.requireTotp, minPasswordLength: input.minPasswordLength ?? from.minPasswordLength };
          this.settings.set(to);
          log('auth.settings_changed', { from, to });
          return to;
        }),

      'auth.users.list': () => this.users.list().map(toView),

      'auth.users.create': async (input, ctx) => {
        const taken = (): never => fail('CONFLICT', `The user name "${input.username}" is taken.`, { field: 'username', reason: 'USERNAME_TAKEN', params: { username: input.username } });
        if (this.users.findByName(input.username)) taken();
        checkNewPassword(input.password, this.settings.get().minPasswordLength, 'password');
        const passwordHash = await this.gate.hash(input.password);
        try {
          return ctx.commit((log, publish) => {
            const user = this.users.create({ ...input, passwordHash, createdAt: ctx.now });
            log('users.created', { userId: user.id, username: user.username, role: user.role });
            publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
            return toView(user);
          });
        } catch (err) {
          // Another creation of the same name finished while this one was hashing.
          if (err instanceof UsernameTakenError) taken();
          throw err;
        }
      },

      'auth.users.setRole': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        if (isSystemHash(user.passwordHash)) fail('REJECTED', 'This account is the terminal’s own participant; its role is fixed.', { field: 'role', reason: 'SYSTEM_USER' });
        if (input.role !== 'admin') this.keepAnAdmin(user, ctx, 'role');
        if (user.id === ctx.caller.userId && input.role !== 'admin') {
          fail('REJECTED', 'You cannot remove your own administrator role.', { field: 'role', reason: 'OWN_ADMIN_ROLE' });
        }
        const updated = ctx.commit((log, publish) => {
          this.users.setRole(user.id, input.role);
          log('users.role_changed', { userId: user.id, from: user.role, to: input.role });
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
          if (user.role !== input.role) this.announceEnd(this.sessions.deleteForUser(user.id), 'role_changed', publish);
          return { ...user, role: input.role };
        });
        return toView(updated);
      },

      'auth.users.unlock': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        ctx.commit((log, publish) => {
          this.users.clearFailures(user.id);
          log('users.unlocked', { userId: user.id });
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
        });
        return toView({ ...user, lockedUntil: null, failedLogins: 0 });
      },

      'auth.users.setDisabled': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        if (input.disabled) this.keepAnAdmin(user, ctx, 'disabled');
        if (user.id === ctx.caller.userId && input.disabled) fail('REJECTED', 'You cannot disable your own account.', { field: 'disabled', reason: 'OWN_ACCOUNT' });
        const passwordHash = input.disabled ? disabledHash(user.passwordHash) : enabledHash(user.passwordHash);
        if (isSystemHash(passwordHash)) {
          fail('REJECTED', 'This account is the terminal’s own participant; it has no password to sign in with.', { field: 'disabled', reason: 'SYSTEM_ACCOUNT' });
        }
        const updated = ctx.commit((log, publish) => {
          this.users.setPasswordHash(user.id, passwordHash);
          log(input.disabled ? 'users.disabled' : 'users.enabled', { userId: user.id });
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
          if (input.disabled) this.announceEnd(this.sessions.deleteForUser(user.id), 'disabled', publish);
          return { ...user, passwordHash };
        });
        return toView(updated);
      },

      'auth.users.resetPassword': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        if (isSystemHash(user.passwordHash)) {
          fail('REJECTED', 'This account is the terminal’s own participant; it has no password to reset.', { field: 'userId', reason: 'SYSTEM_ACCOUNT' });
        }
        const code = newOneTimeCode(5);
        const expiresAt = ctx.now + this.policy.passwordResetMs;
        ctx.commit((log, publish) => {
          this.resets.issue(user.id, hashCode(code), ctx.now, expiresAt, ctx.caller.username);
          log('users.password_reset_issued', { userId: user.id, expiresAt });
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
        });
        return { code, expiresAt };
      },

      'auth.users.resetTotp': (input, ctx) => {
        const user = this.users.findById(input.userId);
        if (!user) fail('NOT_FOUND', 'No such user.', { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        ctx.commit((log, publish) => {
          this.factor.reset(user.id);
          log('users.totp_reset', { userId: user.id, wasEnrolled: user.totpEnrolled });
          publish('auth.users.changed', { userId: user.id }, ACCOUNT_MANAGERS);
        });
        return toView({ ...user, totpEnrolled: false });
      },
    };
  }

  /**
   * The last administrator who can sign in is never disabled or demoted: nobody could manage the
   * terminal afterwards but the host's console. Refused before any other rule, and audited.
   */
  private keepAnAdmin(user: UserRecord, ctx: CallContext<Caller>, field: 'role' | 'disabled'): void {
    if (!isActiveAdmin(user) || this.users.otherActiveAdmins(user.id) > 0) return;
    ctx.refused('users.last_admin_refused', { userId: user.id, field });
    fail('REJECTED', 'This is the last active administrator: make another administrator first.', { field, reason: 'LAST_ADMIN' });
  }
}
