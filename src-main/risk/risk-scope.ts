/**
 * Whose book a call is about, and whether the caller may see or change it: a user sees their own
 * book and the book of the portfolio they belong to; risk managers and admins see every book.
 */
import { fail } from '../../src-shared/domain/errors';
import type { Caller } from '../api/context';
import { portfolioKey, userKey, type PositionKeeper } from './positions/position-keeper';

export interface Scope {
  key: string;
  /** Users whose orders and cash belong to the book. */
  userIds: number[];
  /** Set for a user's own book. */
  userId: number | null;
  portfolio: string | null;
}

export const isRiskRole = (caller: Caller | null): boolean => caller?.role === 'risk_manager' || caller?.role === 'admin';

export function resolveScope(input: { userId?: number | undefined; portfolio?: string | undefined }, caller: Caller | null, keeper: PositionKeeper): Scope {
  const self = caller?.userId ?? 0;
  if (input.portfolio !== undefined) {
    if (!isRiskRole(caller) && keeper.portfolioOf(self) !== input.portfolio) {
      fail('FORBIDDEN', `You are not a member of the portfolio ${input.portfolio}.`, { field: 'portfolio' });
    }
    return { key: portfolioKey(input.portfolio), userIds: keeper.membersOf(input.portfolio), userId: null, portfolio: input.portfolio };
  }
  const userId = input.userId ?? self;
  if (userId !== self && !isRiskRole(caller)) fail('FORBIDDEN', "Only a risk manager or an administrator can see another user's book.", { field: 'userId' });
  return { key: userKey(userId), userIds: [userId], userId, portfolio: null };
}
