/**
 * When an unlocked wallet locks itself again, and how wrong passwords lock unlocking out for a
 * while. Pure: the time comes in as an argument, so the rules are tested without a clock.
 */

export interface UnlockPolicy {
  /** An unlocked wallet unused this long locks itself. */
  idleMs: number;
  /** Wrong passwords in a row that start a lockout. */
  maxWrong: number;
  lockoutMs: number;
}

export const DEFAULT_UNLOCK_POLICY: UnlockPolicy = { idleMs: 15 * 60_000, maxWrong: 5, lockoutMs: 5 * 60_000 };

export interface Attempts {
  wrong: number;
  lockedUntil: number | null;
}

export const NO_ATTEMPTS: Attempts = { wrong: 0, lockedUntil: null };

/** The lockout's end while it lasts, else null. */
export function lockedOutUntil(attempts: Attempts, now: number): number | null {
  return attempts.lockedUntil !== null && now < attempts.lockedUntil ? attempts.lockedUntil : null;
}

/** After a wrong password: counted, and the count that reaches `maxWrong` starts a lockout and starts over. */
export function afterWrongPassword(attempts: Attempts, now: number, policy: UnlockPolicy): Attempts {
  const wrong = (lockedOutUntil(attempts, now) === null && attempts.lockedUntil !== null ? 0 : attempts.wrong) + 1;
  if (wrong >= policy.maxWrong) return { wrong: 0, lockedUntil: now + policy.lockoutMs };
  return { wrong, lockedUntil: null };
}

/** Whether an unlocked wallet last used at `lastUsed` has gone idle by `now`. */
export function isIdle(lastUsed: number, now: number, policy: UnlockPolicy): boolean {
  return now - lastUsed >= policy.idleMs;
}
