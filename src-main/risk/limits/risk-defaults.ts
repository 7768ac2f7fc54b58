/**
 * The terminal's risk defaults: the fat-finger thresholds of a person who has none of their own,
 * and the limit of a book that sets none of its own for a key. Read from the store on every use,
 * so a change applies to the next order without a restart.
 *
 * The terminal's own participants (the simulator's market maker) take no defaults: the guard
 * already spares them, and a default limit would stop the simulated market.
 */
import { DEFAULT_GUARD, GUARD_KEYS, type GuardKey, type RiskDefaultsInput, type RiskDefaultsView, type RiskLimitsView } from '../../../src-shared/contract/risk';
import { CallFailure, fail } from '../../../src-shared/domain/errors';
import type { UsersPort } from '../../auth';
import type { RiskStore, StoredDefaults } from '../risk-store';
import { mergeLimits } from './limit-rows';

export class RiskDefaults {
  /** Whether an account is the terminal's own: fixed at creation, so known once asked. */
  private readonly systemUsers = new Map<number, boolean>();

  constructor(
    private readonly store: Pick<RiskStore, 'defaults'>,
    private readonly users: Pick<UsersPort, 'list'>,
  ) {}

  view(): RiskDefaultsView {
    const stored = this.store.defaults();
    return { guard: stored?.guard ?? {}, limits: stored?.limits ?? {}, updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
  }

  /** The thresholds of someone without their own: the terminal's, else the built-in ones. */
  guard(): Record<GuardKey, number> {
    return { ...DEFAULT_GUARD, ...this.store.defaults()?.guard };
  }

  /** The default limits a book of these users has; none for a book of the terminal's own participants. */
  limitsFor(userIds: readonly number[]): RiskLimitsView {
    if (userIds.length > 0 && userIds.every((id) => this.isSystem(id))) return {};
    return this.store.defaults()?.limits ?? {};
  }

  isSystem(userId: number): boolean {
    let known = this.systemUsers.get(userId);
    if (known === undefined) {
      known = this.users.list().find((u) => u.userId === userId)?.system ?? false;
      this.systemUsers.set(userId, known);
    }
    return known;
  }

  /**
   * The stored defaults after a change (a number sets, null clears, left out is kept), refused
   * with the field named when the thresholds in force would contradict each other.
   */
  merged(change: RiskDefaultsInput, by: string, now: number): { before: StoredDefaults | null; after: StoredDefaults } {
    const before = this.storedUnlessDamaged();
    const guard = { ...before?.guard };
    for (const key of GUARD_KEYS) {
      const value = change.guard?.[key];
      if (value === null) delete guard[key];
      else if (value !== undefined) guard[key] = value;
    }
    const limits = mergeLimits(before?.limits ?? {}, change.limits ?? {});
    const inForce = { ...DEFAULT_GUARD, ...guard };
    // A size that asks for confirmation above the hard maximum would never be asked: the order is refused first.
    if (inForce.confirmSizeKw > inForce.maxOrderKw) {
      fail('BAD_INPUT', `guard.confirmSizeKw: the size that asks for confirmation (${inForce.confirmSizeKw} kW) is above the maximum order size (${inForce.maxOrderKw} kW).`, {
        field: 'guard.confirmSizeKw',
        reason: 'GUARD_CONFIRM_ABOVE_MAX',
        params: { confirmSizeKw: inForce.confirmSizeKw, maxOrderKw: inForce.maxOrderKw },
      });
    }
    return { before, after: { guard, limits, updatedAt: now, updatedBy: by } };
  }

  /** A damaged row is what a set repairs: it counts as none, so the admin can write the defaults again. */
  private storedUnlessDamaged(): StoredDefaults | null {
    try {
      return this.store.defaults();
    } catch (err) {
      if (err instanceof CallFailure && err.error.reason === 'RISK_DEFAULTS_DAMAGED') return null;
      throw err;
    }
  }
}
