import { fail } from '../../src-shared/domain/errors';
import type { DomainHandlers } from '../api/domain';
import type { MarketDataService } from './marketdata-service';

export function marketDataHandlers(md: MarketDataService): DomainHandlers<'marketdata'> {
  return {
    'marketdata.candles': (input) => ({
      productId: input.productId,
      resolution: input.resolution,
      source: input.source,
      candles: md.candles(input.source, input.productId, input.resolution, input.from ?? 0, input.to ?? Number.MAX_SAFE_INTEGER, input.limit),
    }),

    'marketdata.watchlist': (_input, ctx) => md.watchlist(ctx.caller.userId, ctx.now),

    'marketdata.timeAndSales': (input) => md.recentTrades(input.productId, input.limit),

    'marketdata.history': (input) => ({ area: input.area, points: md.dayAheadHistory(input.area, input.from, input.to) }),

    'marketdata.upload': (input, ctx) => md.upload(ctx.caller.userId, input.uploadId, input.content, ctx.now),

    'marketdata.import': (input, ctx) => {
      const content = input.uploadId !== undefined ? md.takeUpload(ctx.caller.userId, input.uploadId, ctx.now) : (input.content ?? '');
      const result = md.importPrices({ format: input.format, content, area: input.area, durationMin: input.durationMin, sequence: input.sequence }, ctx);
      if (!result.ok) ctx.refused('marketdata.import_refused', { format: input.format, errorCount: result.errorCount, first: result.errors[0] ?? null });
      return result;
    },

    'marketdata.simulator.status': () => md.simulatorStatus(),

    'marketdata.simulator.start': (_input, ctx) => md.setSimulator(true, ctx),

    'marketdata.simulator.stop': (_input, ctx) => md.setSimulator(false, ctx),

    'marketdata.feed.status': () => md.feedStatus(),

    'marketdata.feed.settings': () => {
      const { password, ...settings } = md.feedSettings();
      return { ...settings, passwordSet: password !== null };
    },

    'marketdata.feed.configure': (input, ctx) => {
      const current = md.feedSettings();
      const next = {
        enabled: input.enabled,
        url: input.url === undefined ? current.url : input.url,
        site: input.site ?? current.site,
        username: input.username === undefined ? current.username : input.username,
        password: input.password === undefined ? current.password : input.password,
      };
      if (next.enabled && next.url === null) fail('BAD_INPUT', 'Give the broker address (mqtt://host:port) to enable the feed.', { field: 'url', reason: 'FEED_NEEDS_URL' });
      return md.configureFeed(next, ctx);
    },
  };
}
