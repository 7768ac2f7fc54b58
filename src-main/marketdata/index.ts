import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { SystemCaller } from '../api/system-caller';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { TradingPort } from '../trading';
import { MarketDataService, type MarketDataOptions } from './marketdata-service';
import type { PricesPort } from './prices/port';
import { PriceHistoryReader } from './prices/price-history';

export type { MarketDataOptions } from './marketdata-service';
export type { HourlyPrice, ImportedPrices, PriceHistory, PricesPort } from './prices/port';

export interface MarketData {
  domain: Domain<'marketdata'>;
  /** One step of the simulator and the feed figures, as the domain's own timer runs it. */
  tick(): Promise<void>;
  /** The stored day-ahead prices, for risk and forecasts. */
  prices: PricesPort;
}

/** The market-data domain: candles, watchlist, time & sales, price imports, the simulator and the MQTT price feed. */
export function createMarketData(deps: { db: Db; log: EventLog; bus: EventBus; clock: Clock; trading: TradingPort; system: SystemCaller; options?: Partial<MarketDataOptions> }): MarketData {
  const service = MarketDataService.withTrading(deps.db, deps.log, deps.bus, deps.clock, deps.trading, deps.system, deps.options);
  const history = new PriceHistoryReader(service.prices, deps.trading);
  return {
    domain: defineDomain('marketdata', {
      handlers: service.handlers(),
      start: () => service.start(),
      stop: () => service.close(),
    }),
    tick: () => service.onClock(),
    prices: { history: (area, fromMs, toMs) => history.read(area, fromMs, toMs), store: (prices) => service.prices.write(prices) },
  };
}
