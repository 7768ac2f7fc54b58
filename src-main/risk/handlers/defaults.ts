/** The terminal's risk defaults: read by everyone they apply to, set by a risk manager or an admin (audited). */
import type { DomainHandlers } from '../../api/domain';
import type { RiskParts } from '../risk-parts';

/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function defaultsHandlers(risk: RiskParts) {
  const { defaults, store } = risk;
  return {
    'risk.defaults.get': () => defaults.view(),

    'risk.defaults.set': (input, ctx) => {
      const { before, after } = defaults.merged(input, ctx.caller.username, ctx.now);
      return ctx.commit((log, publish) => {
        store.setDefaults(after);
        log('risk.defaults.set', { before: { guard: before?.guard ?? {}, limits: before?.limits ?? {} }, after: { guard: after.guard, limits: after.limits } });
        const view = defaults.view();
        // Every open ticket, guard editor and limits table reads its thresholds and limits again.
        publish('risk.defaults', view, 'all');
        return view;
      });
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
