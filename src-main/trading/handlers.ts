import type { LocalProductView } from '../../src-shared/contract/trading';
import { fail } from '../../src-shared/domain/errors';
import type { DomainHandlers } from '../api/domain';
import { auctionTimeOf } from '../market/products';
import type { EngineHost } from './engine-host';
import type { OrderEntry } from './order-entry';
import type { OrdersRepo } from './orders-repo';
import type { MarketRulesBook } from './market-rules';
import type { ProductListing } from './product-listing';
import { rulesHandlers } from './rules-handlers';
import { withEngineState } from './engine-state';
import { attemptOfBlock, attemptOfPlace, type RefusalRecord } from './refusals';

/** The trading calls: reads answered here, changes through order entry. */
export function tradingHandlers(entry: OrderEntry, host: EngineHost, orders: OrdersRepo, listing: ProductListing, refusals: RefusalRecord, rules: MarketRulesBook): DomainHandlers<'trading'> {
  const isRiskOrAdmin = (role: string) => role === 'admin' || role === 'risk_manager';
  return {
    // The local market's auction products have their own list (trading.auction.products).
    'trading.products.list': (_input, ctx) => listing.listed(ctx.now).filter((p) => p.mode === 'continuous'),
    'trading.book.get': (input, ctx) => {
      const book = host.engine.book(input.productId, input.depth, ctx.caller.userId);
      if (!book) fail('NOT_FOUND', `There is no product ${input.productId}.`, { field: 'productId', reason: 'UNKNOWN_PRODUCT', params: { context: 'id', productId: input.productId } });
      return book;
    },
    // A refused order stays in the caller's blotter, worded there from its code and parameters.
    'trading.orders.place': (input, ctx) => refusals.keep(ctx, attemptOfPlace(input), () => entry.place(input, ctx)),
    'trading.orders.placeBlock': (input, ctx) => refusals.keep(ctx, attemptOfBlock(input), () => entry.placeBlock(input, ctx)),
    'trading.orders.cancel': (input, ctx) => entry.cancel(input, ctx),
    'trading.orders.modify': (input, ctx) => entry.modify(input, ctx),
    'trading.orders.cancelAll': (input, ctx) => entry.cancelAll(input, ctx),
    'trading.orders.list': (input, ctx) =>
      orders.list(input.scope === 'all' && isRiskOrAdmin(ctx.caller.role) ? null : ctx.caller.userId, input.limit).map((o) => withEngineState(o, host.engine)),
    'trading.refusals.list': (input, ctx) => refusals.list(ctx.caller.userId, input.limit),
    'trading.trades.list': (input, ctx) => orders.trades(ctx.caller.userId, input.limit),
    'trading.halt': (_input, ctx) => entry.setHalted(true, ctx),
    'trading.resume': (_input, ctx) => entry.setHalted(false, ctx),
    'trading.status': (_input, ctx) => ({ halted: host.engine.halted, killSwitch: host.engine.isKilled(ctx.caller.userId) }),
    'trading.auction.products': (_input, ctx) => {
      const results = orders.latestAuctionResults();
      return listing
        .listed(ctx.now)
        .filter((p) => p.mode === 'auction')
        .map((p): LocalProductView => ({ ...p, auctionAt: auctionTimeOf(p), lastResult: results.get(p.id) ?? null }));
    },
    'trading.auction.results': (input) => orders.auctionResults(input.productId ?? null, input.limit),
    ...rulesHandlers(rules, listing),
  };
}
