/** Cash: the balance from trades, fees and cash moves, and deposits and withdrawals. */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import { withdraw as ledgerWithdraw } from '../math/cash-ledger';
import type { RiskParts } from '../risk-parts';
import { resolveUser } from '../risk-scope';

const AUDIENCE_ROLES = ['risk_manager', 'admin'] as const;

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function cashHandlers(risk: RiskParts) {
  const { keeper, views, store, users } = risk;
  const creditLimit = (userId: number): number | null => store.limits('user', String(userId))?.limits.creditLimitMoney ?? null;
  const cashOf = (userId: number) => views.cash(userId, creditLimit(userId));

  /** A move is booked by a risk role (the contract's access) for any existing account. */
  const moveTarget = (userId: number): number => {
    if (users.username(userId) === null) fail('NOT_FOUND', `There is no user ${userId}.`, { field: 'userId', reason: 'NO_SUCH_USER', params: { userId } });
    return userId;
  };

  return {
    'risk.cash.balance': (input, ctx) => {
      const userId = resolveUser({ userId: input.userId }, ctx.caller);
      keeper.catchUp();
      return cashOf(userId);
    },

    'risk.cash.deposit': (input, ctx) => {
      const userId = moveTarget(input.userId);
      return ctx.commit((log, publish) => {
        store.addCashMove(userId, 'deposit', input.amountMoney, ctx.now, ctx.caller.username);
        log('risk.cash.deposit', { userId, amountMoney: input.amountMoney, reference: input.reference });
        const view = cashOf(userId);
        publish('risk.cash', view, { userIds: [userId], roles: AUDIENCE_ROLES });
        return view;
      });
    },

    'risk.cash.withdraw': (input, ctx) => {
      const userId = moveTarget(input.userId);
      keeper.catchUp();
      const before = cashOf(userId);
      // Cash held for working orders cannot be withdrawn; below zero only down to the credit limit.
      const result = ledgerWithdraw({ balanceMoney: before.balanceMoney - before.reservedMoney, creditLimitMoney: before.creditLimitMoney ?? 0 }, input.amountMoney);
      if (!result.ok) fail('REJECTED', `Withdrawal refused: ${result.message}.`, {
          reason: 'INSUFFICIENT_FUNDS',
          field: 'amountMoney',
          params: { amountMoney: input.amountMoney, availableMoney: result.availableMoney },
        });
      return ctx.commit((log, publish) => {
        store.addCashMove(userId, 'withdrawal', input.amountMoney, ctx.now, ctx.caller.username);
        log('risk.cash.withdraw', { userId, amountMoney: input.amountMoney, reference: input.reference });
        const view = cashOf(userId);
        publish('risk.cash', view, { userIds: [userId], roles: AUDIENCE_ROLES });
        return view;
      });
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
