/** Limits per user and portfolio: what bounds trading (stops.ts holds what stops it). */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import { limitsOf, limitsRow, mergeLimits } from '../limits/limit-rows';
import type { RiskParts } from '../risk-parts';
import type { StoredLimits } from '../risk-store';
import { resolveScope } from '../risk-scope';

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function limitHandlers(risk: RiskParts) {
  const { keeper, store, users, defaults } = risk;
  const membersOf = (scope: 'user' | 'portfolio', id: string) => (scope === 'user' ? [Number(id)] : keeper.membersOf(id));
  return {
    'risk.limits.list': () => store.allLimits().map((row) => limitsRow(users, row.scope, row.scopeId, row, defaults.limitsFor(membersOf(row.scope, row.scopeId)))),

    'risk.limits.get': (input, ctx) => limitsOf(store, users, defaults, resolveScope(input, ctx.caller, keeper)),

    'risk.limits.set': (input, ctx) => {
      const scope: 'user' | 'portfolio' = input.portfolio !== undefined ? 'portfolio' : 'user';
      const id = input.portfolio ?? String(input.userId);
      if (scope === 'user' && users.username(Number(id)) === null) fail('NOT_FOUND', `There is no user ${id}.`, { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: id } });
      const before = store.limits(scope, id);
      const limits = mergeLimits(before?.limits ?? {}, input.limits);
      const stored: StoredLimits = { scope, scopeId: id, limits, updatedAt: ctx.now, updatedBy: ctx.caller.username };
      return ctx.commit((log, publish) => {
        store.setLimits(stored);
        log('risk.limits.set', { scope, id, before: before?.limits ?? {}, after: limits });
        const userIds = membersOf(scope, id);
        const row = limitsRow(users, scope, id, stored, defaults.limitsFor(userIds));
        publish('risk.limits', row, { userIds, roles: ['risk_manager', 'admin'] });
        return row;
      });
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
