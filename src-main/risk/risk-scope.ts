/**
 * Whose book a call is about, and whether the caller may see or change it: a user sees their own
 * book and the book of the portfolio they belong to; risk managers and admins see every book.
 */
import { fail } from '../../src-shared/domain/errors';
import type { Caller } from '../api/context';
import { portfolioKey, userKey, type PositionKeeper } from './positions/position-keeper';

export interface ScopeInput {
  userId?: number | undefined;
  portfolio?: string | undefined;
}

/** A user's own book, or a portfolio's. */
export type Scope = {
  key: string;
  /** Users whose orders and cash belong to the book. */
  userIds: number[];
} & ({ userId: number; portfolio: null } | { userId: null; portfolio: string });

export const isRiskRole = (caller: Caller): boolean => caller.role === 'risk_manager' || caller.role === 'admin';

export function resolveScope(input: ScopeInput, caller: Caller, keeper: Pick<PositionKeeper, 'portfolioOf' | 'membersOf'>): Scope {
  const self = caller.userId;
  if (input.portfolio !== undefined) {
    if (!isRiskRole(caller) && keeper.portfolioOf(self) !== input.portfolio) {
      fail('FORBIDDEN', `You are not a member of the portfolio ${input.portfolio}.`, { field: 'portfolio', reason: 'NOT_PORTFOLIO_MEMBER', params: { portfolio: input.portfolio } });
    }
    return { key: portfolioKey(input.portfolio), userIds: keeper.membersOf(input.portfolio), userId: null, portfolio: input.portfolio };
  }
  const userId = resolveUser(input, caller);
  return { key: userKey(userId), userIds: [userId], userId, portfolio: null };
}

/** The user a call about one user's book is for: the caller, or another user for a risk role. */
export function resolveUser(input: { userId?: number | undefined }, caller: Caller): number {
  const userId = input.userId ?? caller.userId;
  if (userId !== caller.userId && !isRiskRole(caller)) fail('FORBIDDEN', "Only a risk manager or an administrator can see another user's book.", { field: 'userId', reason: 'OTHER_USERS_BOOK' });
  return userId;
}
