/** Market risk: VaR of a book, the forward curve, and the price history both are computed from. */
import { fail } from '../../../src-shared/domain/errors';
import type { DomainHandlers } from '../../api/domain';
import { marketAreaOf } from '../../../src-shared/domain/market-areas';
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

    // A risk call of its own (risk managers import the reference history), stored in market data's one price store.
    'risk.history.import': (input, ctx) => {
      const area = marketAreaOf(input.area);
      if (area === null) fail('BAD_INPUT', `Area ${input.area} is not a bidding zone the terminal knows.`, { field: 'area', reason: 'UNKNOWN_AREA', params: { area: input.area } });
      const parsed = prices.parse({ content: input.content, area });
      if (!parsed.ok) {
        const first = parsed.errors[0];
        const where = first?.line !== undefined ? ` (line ${first.line})` : first?.interval ? ` (${first.interval})` : '';
        fail('BAD_INPUT', `The price file was not imported: ${parsed.errorCount} problem(s); first: ${first?.message ?? 'unknown'}${where}.`, {
          field: 'content',
          reason: 'PRICE_FILE_REFUSED',
          params: { count: parsed.errorCount, importIssue: first?.code ?? 'malformed', ...(first?.line === undefined ? {} : { context: 'line', line: first.line }) },
        });
      }
      const { report } = parsed;
      // Both sides are area keys by now: 10Y1001A1001A82H in the file and DE in the call are the same zone.
      if (report.area !== area) fail('BAD_INPUT', `The file is for area ${report.area}, not ${area}.`, { field: 'area', reason: 'FILE_OTHER_AREA', params: { fileArea: report.area, area } });
      ctx.commit((log) => {
        prices.store({ ...parsed.prices, source: 'risk.history.import', importedAt: ctx.now });
        log('risk.history.import', { area, format: report.format, points: report.imported, drivers: report.drivers, from: report.from, to: report.to });
      });
      return { area, format: report.format, points: report.imported, drivers: report.drivers, fromMs: report.from, toMs: report.to };
    },
  } satisfies Partial<DomainHandlers<'risk'>>;
}
