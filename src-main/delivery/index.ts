import { fail } from '../../src-shared/domain/errors';
import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { UsersPort } from '../auth';
import type { PreTradeCheck } from '../trading';
import type { TradingPort } from '../trading';
import type { Db } from '../store/database';
import { DeliveryHook, type CanDeliver } from './delivery-hook';
import { UserSitesRepo } from './user-sites-repo';

export interface Delivery {
  domain: Domain<'delivery'>;
  /** The pre-trade check trading runs for every order (only local-market sells of users with a site are checked). */
  preTrade: PreTradeCheck;
  port: DeliveryPort;
}

export interface DeliveryPort {
  /** The users an administrator assigned to a site (its owners, for the chain's metered settlement). */
  usersOfSite(site: string): number[];
}

/**
 * The delivery domain: which site's batteries back each user's local-market sells, and the check
 * that a sell does not exceed what they can deliver. The batteries are the devices domain's,
 * asked through `canDeliver`; the open sells are trading's, asked through its port.
 */
export function createDelivery(deps: { db: Db; recorder: Recorder; trading: TradingPort; users: UsersPort; canDeliver: CanDeliver }): Delivery {
  const sites = new UserSitesRepo(deps.db);
  const hook = new DeliveryHook(sites, deps.recorder, deps.trading, deps.users, deps.canDeliver);
  const domain = defineDomain('delivery', {
    handlers: {
      'delivery.sites': () => sites.list(),
      'delivery.setSite': (input, ctx) => {
        if (deps.users.username(input.userId) === null) fail('NOT_FOUND', `There is no user ${input.userId}.`, { field: 'userId', reason: 'NO_SUCH_USER', params: { userId: input.userId } });
        // The simulator's participants are the terminal's own, like their role: not an admin's to edit.
        if (deps.users.list().some((u) => u.userId === input.userId && u.system)) fail('REJECTED', 'This account is the simulator’s own participant; it cannot be edited.', { field: 'userId', reason: 'SYSTEM_USER' });
        return ctx.commit((log) => {
          const previous = sites.siteOf(input.userId);
          sites.set(input.userId, input.site, ctx.now, ctx.caller.username);
          log('users.site_set', { userId: input.userId, site: input.site, previous });
          return { userId: input.userId, site: input.site };
        });
      },
      'delivery.context': (input, ctx) => hook.context(ctx.caller.userId, input.productId),
    },
  });
  return { domain, preTrade: (order, ctx) => hook.check(order, ctx), port: { usersOfSite: (site) => sites.usersOf(site) } };
}
