/** Each user's fat-finger thresholds: read, set by a risk manager (audited), and asked by the ticket. */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import type { FatFingerGuard } from '../limits/fat-finger';
import type { RiskParts } from '../risk-parts';
import { resolveUser } from '../risk-scope';

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function guardHandlers(risk: RiskParts, guard: FatFingerGuard) {
  const { users } = risk;
  return {
    'risk.guard.get': (input, ctx) => guard.view(resolveUser(input, ctx.caller)),

    'risk.guard.set': (input, ctx) => {
      if (users.username(input.userId) === null) fail('NOT_FOUND', `There is no user ${input.userId}.`, { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
      const { before, after } = guard.merged(input.userId, input.settings, ctx.caller.username, ctx.now);
      return ctx.commit((log) => {
        risk.store.setGuard(input.userId, after);
        log('risk.guard.set', { userId: input.userId, before: before?.settings ?? {}, after: after.settings });
        return guard.view(input.userId);
      });
    },

    'risk.guard.check': (input, ctx) => guard.check({ owner: ctx.caller.userId, productId: input.productId, price: input.price, quantity: input.quantity }),
  } satisfies Partial<DomainHandlers<'risk'>>;
}
