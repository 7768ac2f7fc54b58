import { fail } from '../../src-shared/domain/errors';
import type { PartialHandlers } from '../api/context';
import type { MarketDataService } from './marketdata-service';
import { importDayAhead } from './prices/price-import';

export type MarketMethod =
  | 'marketdata.candles'
  | 'marketdata.watchlist'
  | 'marketdata.timeAndSales'
  | 'marketdata.history'
  | 'marketdata.upload'
  | 'marketdata.import'
  | 'marketdata.simulator.status'
  | 'marketdata.simulator.start'
  | 'marketdata.simulator.stop'
  | 'marketdata.feed.status'
  | 'marketdata.feed.configure';

export function marketDataHandlers(md: MarketDataService): PartialHandlers<MarketMethod> {
  return {
    'marketdata.candles': (input) => ({
      productId: input.productId,
      resolution: input.resolution,
      source: input.source,
      candles: md.candleStore.candles(input.source, input.productId, input.resolution, input.from ?? 0, input.to ?? Number.MAX_SAFE_INTEGER, input.limit),
    }),

    'marketdata.watchlist': (_input, ctx) => md.watchlist(ctx.caller?.userId ?? 0, ctx.now),

    'marketdata.timeAndSales': (input) => md.recentTrades(input.productId, input.limit),

    'marketdata.history': (input) => ({ area: input.area, points: md.prices.history(input.area, input.from, input.to) }),

    'marketdata.upload': (input, ctx) => md.uploads.append(ctx.caller?.userId ?? 0, input.uploadId, input.content, ctx.now),

    'marketdata.import': (input, ctx) => {
      const content = input.uploadId !== undefined ? md.uploads.take(ctx.caller?.userId ?? 0, input.uploadId, ctx.now) : (input.content ?? '');
      const result = importDayAhead(md.prices, { format: input.format, content, area: input.area, durationMin: input.durationMin }, ctx);
      if (!result.ok) ctx.commit((log) => log('marketdata.import_refused', { format: input.format, errorCount: result.errorCount, first: result.errors[0] ?? null }));
      return result;
    },

    'marketdata.simulator.status': () => md.simulator.status(),

    'marketdata.simulator.start': async (_input, ctx) => {
      await md.simulator.setEnabled(true, ctx.now, (change) => ctx.commit((log) => (change(), log('marketdata.simulator', { enabled: true }))));
      const status = md.simulator.status();
      md.publishSimulatorStatus(status);
      return status;
    },

    'marketdata.simulator.stop': async (_input, ctx) => {
      await md.simulator.setEnabled(false, ctx.now, (change) => ctx.commit((log) => (change(), log('marketdata.simulator', { enabled: false }))));
      const status = md.simulator.status();
      md.publishSimulatorStatus(status);
      return status;
    },

    'marketdata.feed.status': () => md.feed.status(),

    'marketdata.feed.configure': async (input, ctx) => {
      const current = md.feedSettings();
      const next = {
        enabled: input.enabled,
        url: input.url ?? current.url,
        site: input.site ?? current.site,
        username: input.username === undefined ? current.username : input.username,
        password: input.password === undefined ? current.password : input.password,
      };
      if (next.enabled && next.url === null) fail('BAD_INPUT', 'Give the broker address (mqtt://host:port) to enable the feed.', { field: 'url' });
      ctx.commit((log) => {
        md.state.set('feed.settings', next);
        // The password stays out of the audit trail.
        log('marketdata.feed_configured', { enabled: next.enabled, url: next.url, site: next.site, username: next.username });
      });
      await md.feed.apply(next);
      const status = md.feed.status();
      md.publishFeedStatus(status);
      return status;
    },
  };
}
