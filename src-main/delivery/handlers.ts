import { fail } from '../../src-shared/domain/errors';
import type { PartialHandlers } from '../api/context';
import type { DeliveryHook } from './delivery-hook';

/** Site assignment (admin) and the ticket's preview context; see contract-delivery.ts. */
export function deliveryHandlers(hook: DeliveryHook): PartialHandlers<'delivery.sites' | 'delivery.setSite' | 'delivery.context'> {
  const { sites } = hook;
  return {
    'delivery.sites': () => sites.list(),

    'delivery.setSite': (input, ctx) => {
      if (!sites.hasUser(input.userId)) fail('NOT_FOUND', `There is no user ${input.userId}.`, { field: 'userId' });
      return ctx.commit((log) => {
        const previous = sites.siteOf(input.userId);
        sites.set(input.userId, input.site, ctx.now, ctx.caller?.username ?? null);
        log('users.site_set', { userId: input.userId, site: input.site, previous });
        return { userId: input.userId, site: input.site };
      });
    },

    'delivery.context': (input, ctx) => hook.context(ctx.caller?.userId ?? 0, input.productId),
  };
}
