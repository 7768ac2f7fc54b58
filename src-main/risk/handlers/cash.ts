/** Cash: the balance from trades, fees and cash moves, and deposits and withdrawals. */
import { fail } from '../../../src-shared/domain/errors';
import type { Caller } from '../../api/context';
import type { DomainHandlers } from '../../api/domain';
import { withdraw as ledgerWithdraw } from '../math/cash-ledger';
import type { RiskParts } from '../risk-parts';
import { isRiskRole, resolveUser } from '../risk-scope';

const AUDIENCE_ROLES = ['risk_manager', 'admin'] as const;

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function cashHandlers(risk: RiskParts) {
  const { keeper, views, store, users } = risk;
  const creditLimit = (userId: number): number | null => store.limits('user', String(userId))?.limits.creditLimitMoney ?? null;
  const cashOf = (userId: number) => views.cash(userId, creditLimit(userId));

  /** Whose cash a move is for: the caller's own, or any user's for a risk role. */
  const moveTarget = (input: { userId?: number | undefined }, caller: Caller): number => {
    const userId = input.userId ?? caller.userId;
    if (userId !== caller.userId && !isRiskRole(caller)) fail('FORBIDDEN', "Only a risk manager or an administrator can move another user's cash.", { field: 'userId' });
    if (users.username(userId) === null) fail('NOT_FOUND', `There is no user ${userId}.`, { field: 'userId' });
    return userId;
  };

  return {
    'risk.cash.balance': (input, ctx) => {
      const userId = resolveUser({ userId: input.userId }, ctx.caller);
      keeper.catchUp();
      return cashOf(userId);
    },

    'risk.cash.deposit': (input, ctx) => {
      const userId = moveTarget(input, ctx.caller);
      return ctx.commit((log, publish) => {
        store.addCashMove(userId, 'deposit', input.amountMoney, ctx.now, ctx.caller.username);
        log('risk.cash.deposit', { userId, amountMoney: input.amountMoney });
        const view = cashOf(userId);
        publish('risk.cash', view, { userIds: [userId], roles: AUDIENCE_ROLES });
        return view;
      });
    },

    'risk.cash.withdraw': (input, ctx) => {
      const userId = moveTarget(input, ctx.caller);
      keeper.catchUp();
      const before = cashOf(userId);
      // Cash held for working orders cannot be withdrawn; below zero only down to the credit limit.
      const result = ledgerWithdraw({ balanceMoney: before.balanceMoney - before.reservedMoney, creditLimitMoney: before.creditLimitMoney ?? 0 }, input.amountMoney);
      if (!result.ok) fail('REJECTED', `Withdrawal refused: ${result.message}.`, { reason: 'INSUFFICIENT_FUNDS', field: 'amountMoney' });
      return ctx.commit((log, publish) => {
        store.addCashMove(userId, 'withdrawal', input.amountMoney, ctx.now, ctx.caller.username);
        log('risk.cash.withdraw', { userId, amountMoney: input.amountMoney });
        const view = cashOf(userId);
        publish('risk.cash', view, { userIds: [userId], roles: AUDIENCE_ROLES });
        return view;
      });
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
