/** Limits, the desk kill switch and each user's kill switch: what stops or bounds trading. */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import { assertMayKill, setKillSwitch } from '../kill-switch';
import { limitsOf, limitsRow, mergeLimits } from '../limits/limit-rows';
import type { RiskParts } from '../risk-parts';
import type { StoredLimits } from '../risk-store';
import { resolveScope } from '../risk-scope';


/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function limitHandlers(risk: RiskParts) {
  const { keeper, store, users, trading, bus } = risk;
  return {
    'risk.limits.list': () => store.allLimits().map((row) => limitsRow(users, row.scope, row.scopeId, row)),

    'risk.limits.get': (input, ctx) => limitsOf(store, users, resolveScope(input, ctx.caller, keeper)),

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
        const row = limitsRow(users, scope, id, stored);
        const userIds = scope === 'user' ? [Number(id)] : keeper.membersOf(id);
        publish('risk.limits', row, { userIds, roles: ['risk_manager', 'admin'] });
        return row;
      });
    },

    'risk.deskKill': async (input, ctx) => {
      const alreadyKilled: number[] = input.active ? trading.killedUsers() : [];
      ctx.commit((log) => {
        store.setDeskKill(input.active, alreadyKilled);
        log('risk.deskKill', { active: input.active });
      });
      // Users stopped on their own before the desk kill stay stopped when the desk is released.
      const spared = new Set<number>(input.active ? alreadyKilled : store.deskKillSpared());
      const actor = { username: ctx.caller.username, now: ctx.now };
      let cancelled = 0;
      let stopped = 0;
      for (const { userId } of users.list()) {
        if (spared.has(userId)) continue;
        cancelled += (await setKillSwitch(trading, bus, actor, userId, input.active)).cancelled;
        stopped += 1;
      }
      bus.publish('risk.deskKill', { active: input.active }, 'all');
      return { active: input.active, users: stopped, cancelled };
    },

    'risk.deskStatus': () => ({ deskKill: store.deskKilled() }),

    'risk.killSwitch': (input, ctx) => {
      const userId = input.userId ?? ctx.caller.userId;
      assertMayKill(ctx.caller, userId, input.active);
      return setKillSwitch(trading, bus, { username: ctx.caller.username, now: ctx.now }, userId, input.active);
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
