import { DateTime } from 'luxon';
import { type AreaRulesView, RULES_AREAS, type RulesArea } from '../../src-shared/contract/trading';
import { fail } from '../../src-shared/domain/errors';
import type { DomainHandlers } from '../api/domain';
import { BUILT_IN_RULES, checkEffectiveDay, type MarketRulesBook, valuesOf } from './market-rules';
import type { ProductListing } from './product-listing';

/**
 * The market rules calls: an administrator changes an area's tick, lot, band, largest order, gate
 * or opening from a delivery day not listed yet on; the products of that day open with them.
 */
export function rulesHandlers(rules: MarketRulesBook, listing: ProductListing) {
  const viewOf = (area: RulesArea): AreaRulesView => {
    const firstOpenDay = listing.firstOpenDay(area);
    const lastListed = DateTime.fromISO(firstOpenDay, { zone: 'utc' }).minus({ days: 1 }).toISODate() ?? firstOpenDay;
    return {
      area,
      mode: area === 'LM' ? 'auction' : 'continuous',
      current: valuesOf(rules.rulesFor(area, lastListed)),
      builtIn: valuesOf(BUILT_IN_RULES[area]),
      firstOpenDay,
      scheduled: rules.scheduledFrom(area, firstOpenDay),
    };
  };

  return {
    'trading.rules.get': () => RULES_AREAS.map(viewOf),

    'trading.rules.set': (input, ctx) => {
      const { area, effectiveFrom, ...values } = input;
      checkEffectiveDay(area, effectiveFrom, listing.firstOpenDay(area));
      const before = valuesOf(rules.rulesFor(area, effectiveFrom));
      return ctx.commit((log, publish) => {
        log('trading.rules.set', { area, effectiveFrom, before, after: values });
        rules.put(area, effectiveFrom, values, ctx.now, ctx.caller.username);
        const view = viewOf(area);
        publish('trading.rules', view, 'all');
        return view;
      });
    },

    'trading.rules.cancel': (input, ctx) => {
      const { area, effectiveFrom } = input;
      checkEffectiveDay(area, effectiveFrom, listing.firstOpenDay(area));
      const withdrawn = rules.scheduledFrom(area, effectiveFrom).find((row) => row.effectiveFrom === effectiveFrom);
      if (!withdrawn) {
        fail('NOT_FOUND', `No change of the ${area} rules starts on ${effectiveFrom}.`, { field: 'effectiveFrom', reason: 'NO_SUCH_RULES_CHANGE', params: { area, day: effectiveFrom } });
      }
      return ctx.commit((log, publish) => {
        log('trading.rules.cancel', { area, effectiveFrom, withdrawn: withdrawn.rules });
        rules.remove(area, effectiveFrom);
        const view = viewOf(area);
        publish('trading.rules', view, 'all');
        return view;
      });
    },
  } satisfies Partial<DomainHandlers<'trading'>>;
}
