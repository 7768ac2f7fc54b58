/**
 * The numbers behind sign-in and sessions. Defences stack in this order, each counted before the
 * password check it guards starts, so parallel guesses count as much as sequential ones:
 * 1. the connection: one check at a time, each after a wait that doubles with the connection's
 *    failures (slows a script on one socket without refusing a person who mistypes);
 * 2. the source address: a few free attempts, then a block that doubles with every further failure
 *    and soon outlasts the account lock, so one address cannot keep an account locked;
 * 3. the account: a lock after a few wrong passwords from anywhere, for a distributed guesser;
 *    an administrator locked out gets in with a one-time unlock link from the host's console;
 * 4. the machine: a bounded queue of scrypt checks, so a flood cannot stall everyone's sign-in.
 */
export interface AuthPolicy {
  /** Idle time after which a session ends. */
  sessionIdleMs: number;
  /** Wrong passwords (counted as each check starts) after which an account locks: at most this many checks run. */
  maxFailedLogins: number;
  /** How long an account stays locked. */
  lockoutMs: number;
  /** Attempts one address may have counted (failed plus running) before it must wait. Not above maxFailedLogins, so the address falls first. */
  sourceFreeAttempts: number;
  /** The first wait of a blocked address; it doubles with every further failure from it. */
  sourceBlockMs: number;
  /** The longest an address waits. Above lockoutMs, so one address cannot re-lock an account as soon as the lock ends. */
  sourceMaxBlockMs: number;
  /** An address's failures are forgotten after this long without a new one. */
  sourceMemoryMs: number;
  /** The wait before a connection's next check after its first failure; doubles per failure. */
  connectionDelayMs: number;
  /** The longest a connection waits before a check. */
  connectionMaxDelayMs: number;
  /** Password checks running at once: below libuv's four threads, so file and DNS work keep a thread. */
  concurrentChecks: number;
  /** Checks that may wait for a thread; one more is refused at once instead of delaying all the others. */
  queuedChecks: number;
  /** How long a one-time administrator unlock link stays valid. */
  adminUnlockMs: number;
  /** How long an administrator's one-time password reset code stays valid. */
  passwordResetMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionIdleMs: 8 * 60 * MINUTE,
  maxFailedLogins: 5,
  lockoutMs: 15 * MINUTE,
  sourceFreeAttempts: 5,
  sourceBlockMs: MINUTE,
  sourceMaxBlockMs: 4 * 60 * MINUTE,
  sourceMemoryMs: 24 * 60 * MINUTE,
  connectionDelayMs: 250,
  connectionMaxDelayMs: 8_000,
  concurrentChecks: 2,
  queuedChecks: 16,
  adminUnlockMs: 15 * MINUTE,
  passwordResetMs: 24 * 60 * MINUTE,
};
