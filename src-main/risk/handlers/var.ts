/** Market risk: VaR of a book, the forward curve, and the price history both are computed from. */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import { importPrices } from '../../market/import';
import { productsOfDay, tradingDays } from '../../market/products';
import type { RiskParts } from '../risk-parts';
import { resolveScope } from '../risk-scope';


/** Part of the risk domain's handlers; index.ts joins the parts into all of them. */
export function varHandlers(risk: RiskParts) {
  const { keeper, marks, vars, prices } = risk;
  return {
    'risk.var': (input, ctx) => {
      keeper.catchUp();
      const scope = resolveScope(input, ctx.caller, keeper);
      return vars.compute({ ...input, key: scope.key }, keeper.bookOf(scope.key).positionsOf(scope.key), ctx.now);
    },

    'risk.curve.get': (input, ctx) => {
      keeper.catchUp();
      const products = tradingDays(ctx.now)
        .flatMap((day) => productsOfDay(day))
        .filter((p) => p.kind === 'hour' && p.area === input.area)
        .map((p) => ({ productId: p.id, startUtcMs: p.deliveryStart, durationMin: 60 }));
      return marks.curve(input.area, products, ctx.now, input.shapeWeeks);
    },

    // A risk call of its own (risk managers import the reference history), stored in market data's one price table.
    'risk.history.import': (input, ctx) => {
      const result = importPrices(input.content, { area: input.area });
      if (!result.ok) {
        const first = result.errors[0];
        const where = first?.line !== undefined ? ` (line ${first.line})` : first?.interval ? ` (${first.interval})` : '';
        fail('BAD_INPUT', `The price file was not imported: ${result.errorCount} problem(s); first: ${first?.message ?? 'unknown'}${where}.`, { field: 'content', reason: first?.code ?? 'malformed' });
      }
      if (result.area !== undefined && result.area !== input.area && result.meta.format === 'entsoe-a44') {
        fail('BAD_INPUT', `The file is for area ${result.area}, not ${input.area}.`, { field: 'area', reason: 'mixed_area' });
      }
      ctx.commit((log) => {
        prices.store({ area: input.area, currency: result.currency, format: result.meta.format, source: 'risk.history.import', points: result.points, importedAt: ctx.now });
        log('risk.history.import', { area: input.area, format: result.meta.format, points: result.points.length, from: result.meta.firstStartUtcMs, to: result.meta.endUtcMs });
      });
      return { area: input.area, format: result.meta.format, points: result.points.length, fromMs: result.meta.firstStartUtcMs, toMs: result.meta.endUtcMs };
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
