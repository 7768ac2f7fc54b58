import { fail } from '../../src-shared/domain/errors';
import type { CallContext } from '../api/context';
import { CheckQueue } from './check-queue';
import { LoginGuard, sourceOf } from './login-guard';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import type { AuthPolicy } from './policy';
import type { UserRecord, UsersRepo } from './users-repo';

export type CheckOutcome =
  | { ok: true; user: UserRecord }
  | {
      ok: false;
      /** For the audit only: the caller hears the same answer, after the same work, for all three. */
      reason: 'unknown_user' | 'locked' | 'bad_credentials';
      /** Set when this attempt locked the account. */
      lockedUntil: number | null;
      /** Set when this failure blocked the caller's address. */
      sourceBlockedUntil: number | null;
    };

/**
 * Every password check (sign-in, password change) passes here, behind the connection, address and
 * account throttles and the machine-wide queue (see AuthPolicy). Everything an attempt is counted
 * against is counted synchronously, before the first await, so attempts that arrive together see
 * each other's counts. A locked account and an unknown name are checked against the decoy hash, so
 * they cost and answer exactly what a wrong password does.
 */
export class PasswordGate {
  private readonly guard: LoginGuard;
  private readonly queue: CheckQueue;

  constructor(
    private readonly users: UsersRepo,
    private readonly policy: AuthPolicy,
  ) {
    this.guard = new LoginGuard(policy);
    this.queue = new CheckQueue({ concurrent: policy.concurrentChecks, queued: policy.queuedChecks });
  }

  /**
   * Checks `password` for `user` (undefined: a name that does not exist). `unlocked` is an
   * administrator holding a valid one-time unlock link: no throttle or lock applies, and the check
   * goes to the front of the queue. Throws RATE_LIMITED before counting anything when refused.
   */
  async check(user: UserRecord | undefined, password: string, ctx: CallContext, options: { unlocked?: boolean } = {}): Promise<CheckOutcome> {
    if (options.unlocked && user) {
      const valid = await this.queue.run(() => verifyPassword(password, user.passwordHash), { first: true });
      return valid ? { ok: true, user } : { ok: false, reason: 'bad_credentials', lockedUntil: null, sourceBlockedUntil: null };
    }
    if (!this.queue.hasRoom()) fail('RATE_LIMITED', 'The terminal is busy checking other sign-ins. Try again in a moment.');
    const attempt = this.guard.admit(sourceOf(ctx.connection.remoteAddress), ctx.connection, ctx.now);
    let reserved: { lockedUntil: number | null } | null;
    let valid: boolean;
    try {
      // Counted before the first await, refunded by a right password: parallel guesses cannot read a stale count.
      reserved = user ? ctx.commit(() => this.users.reserveAttempt(user.id, ctx.now, this.policy.maxFailedLogins, this.policy.lockoutMs)) : null;
      await attempt.turn();
      const hash = user && reserved ? user.passwordHash : decoyHash();
      valid = await this.queue.run(() => verifyPassword(password, hash));
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (user && reserved && valid) {
      attempt.succeeded();
      return { ok: true, user };
    }
    const sourceBlockedUntil = attempt.failed(ctx.now);
    return {
      ok: false,
      reason: !user ? 'unknown_user' : reserved ? 'bad_credentials' : 'locked',
      lockedUntil: reserved?.lockedUntil ?? null,
      sourceBlockedUntil,
    };
  }

  /** Hashes a new password in the same queue as the checks, so creating users cannot starve sign-in either. */
  hash(password: string): Promise<string> {
    return this.queue.run(() => hashPassword(password));
  }

  /** An administrator came in with an unlock link from this address: its record starts afresh. */
  forgive(remoteAddress: string | null): void {
    this.guard.forgive(sourceOf(remoteAddress));
  }

  /**
   * A check of a one-time code (a password reset code) behind the same address and connection
   * throttle as passwords; `check` answers null for a wrong code, which counts against the address.
   */
  checkCode<T>(ctx: CallContext, check: () => T | null): T | null {
    const attempt = this.guard.admit(sourceOf(ctx.connection.remoteAddress), ctx.connection, ctx.now);
    let result: T | null;
    try {
      result = check();
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (result === null) attempt.failed(ctx.now);
    else attempt.succeeded();
    return result;
  }

  /** A failure that is no password check (a wrong unlock token) still counts against its address. */
  countFailure(ctx: CallContext): void {
    this.guard.admit(sourceOf(ctx.connection.remoteAddress), ctx.connection, ctx.now).failed(ctx.now);
  }
}
