/** Limits as the screens show them: a row per user or portfolio, and how a change merges into it. */
import { LIMIT_KEYS, type LimitKey, type LimitsRow, type RiskLimitsInput, type RiskLimitsView } from '../../../src-shared/contract/risk';
import type { UsersPort } from '../../auth';
import type { RiskStore, StoredLimits } from '../risk-store';
import type { Scope } from '../risk-scope';
import type { RiskDefaults } from './risk-defaults';

/** Per key, the book's own limit wins over the terminal's default. */
export function limitsInForce(own: RiskLimitsView, defaults: RiskLimitsView): { limits: RiskLimitsView; fromDefaults: LimitKey[] } {
  const fromDefaults = LIMIT_KEYS.filter((key) => own[key] === undefined && defaults[key] !== undefined);
  return { limits: { ...defaults, ...own }, fromDefaults };
}

/** A book's row: the limits in force (own, else the default), saying which are the defaults. */
export function limitsRow(users: Pick<UsersPort, 'username'>, scope: 'user' | 'portfolio', id: string, stored: StoredLimits | null, defaults: RiskLimitsView): LimitsRow {
  const label = scope === 'user' ? (users.username(Number(id)) ?? id) : id;
  return { scope, id, label, ...limitsInForce(stored?.limits ?? {}, defaults), updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
}

/** The limits of a book: its portfolio's, or its user's. */
export function limitsOf(store: Pick<RiskStore, 'limits'>, users: Pick<UsersPort, 'username'>, defaults: Pick<RiskDefaults, 'limitsFor'>, scope: Scope): LimitsRow {
  const inForce = defaults.limitsFor(scope.userIds);
  return scope.portfolio !== null
    ? limitsRow(users, 'portfolio', scope.portfolio, store.limits('portfolio', scope.portfolio), inForce)
    : limitsRow(users, 'user', String(scope.userId), store.limits('user', String(scope.userId)), inForce);
}

/** A limit given a number is set, given null is removed, left out is kept. */
export function mergeLimits(before: RiskLimitsView, change: RiskLimitsInput): RiskLimitsView {
  const next: RiskLimitsView = { ...before };
  for (const key of LIMIT_KEYS) {
    const value = change[key as LimitKey];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}
