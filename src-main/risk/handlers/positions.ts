/**
 * Positions, P&L, portfolio membership and the fee schedule: what the position books are built
 * from. Positions follow trading's trades; every read books the trades committed since the last.
 */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import type { RiskParts } from '../risk-parts';
import { resolveScope } from '../risk-scope';


/** SQLite's own text order (byte by byte), which the portfolio list had when SQL sorted it. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function positionHandlers(risk: RiskParts) {
  const { keeper, views, store, users } = risk;
  return {
    'risk.positions.list': (input, ctx) => {
      keeper.catchUp();
      return views.positions(resolveScope(input, ctx.caller, keeper).key, input.mark, ctx.now);
    },

    'risk.pnl.summary': (input, ctx) => {
      keeper.catchUp();
      return views.pnl(resolveScope(input, ctx.caller, keeper).key, input.mark, ctx.now);
    },

    'risk.portfolios.list': () => {
      const members = store.members().flatMap((m) => {
        const username = users.username(m.userId);
        return username === null ? [] : [{ portfolio: m.portfolio, userId: m.userId, username }];
      });
      members.sort((a, b) => byText(a.portfolio, b.portfolio) || byText(a.username, b.username));
      const byName = new Map<string, Array<{ userId: number; username: string }>>();
      for (const member of members) byName.set(member.portfolio, [...(byName.get(member.portfolio) ?? []), { userId: member.userId, username: member.username }]);
      return [...byName.entries()].map(([portfolio, list]) => ({ portfolio, members: list }));
    },

    'risk.portfolios.assign': (input, ctx) => {
      if (users.username(input.userId) === null) fail('NOT_FOUND', `There is no user ${input.userId}.`, { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
      ctx.commit((log) => {
        store.setMember(input.userId, input.portfolio);
        log('risk.portfolios.assign', { userId: input.userId, portfolio: input.portfolio });
      });
      keeper.rebuild();
      return { userId: input.userId, portfolio: input.portfolio };
    },

    'risk.fees.get': () => {
      const last = store.feeSteps().at(-1);
      return { feePerMwhMoney: last?.feePerMwhMoney ?? 0, since: last?.fromTs ?? null };
    },

    'risk.fees.set': (input, ctx) => {
      // Trades up to now keep their fee: the new step starts after the last booked trade's time.
      keeper.catchUp();
      ctx.commit((log) => {
        store.addFeeStep(ctx.now + 1, input.feePerMwhMoney);
        log('risk.fees.set', { feePerMwhMoney: input.feePerMwhMoney, from: ctx.now + 1 });
      });
      keeper.reloadFees();
      return { feePerMwhMoney: input.feePerMwhMoney, since: ctx.now + 1 };
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
