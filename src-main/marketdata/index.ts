import type { FeedStatus } from '../../src-shared/contract/marketdata-views';
import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { SystemCaller } from '../api/system-caller';
import type { UsersPort } from '../auth';
import type { Clock } from '../core/clock';
import type { SecretBox } from '../store/secret-box';
import type { Db } from '../store/database';
import type { TradingPort } from '../trading';
import { marketDataHandlers } from './handlers';
import { MarketDataService, type MarketDataOptions } from './marketdata-service';
import type { PricesPort } from './prices/port';
import { TradingGateway } from './simulator/order-gateway';

export type { MarketDataOptions } from './marketdata-service';
export type { DriverHour, HourFeatures, HourlyPrice, ImportedPrices, PriceHistory, PricesPort } from './prices/port';
export type { ParsedPriceFile, PriceFileRequest } from './prices/price-import';

export interface MarketData {
  domain: Domain<'marketdata'>;
  /** One step of the simulator and the feed figures, as the domain's own timer runs it. */
  tick(): Promise<void>;
  /** The stored day-ahead prices, for risk and forecasts. */
  prices: PricesPort;
  /** The MQTT price feed's state (for the health screen). */
  feed(): FeedStatus;
  /**
   * The feed's password in clear, for the settings file's encrypted secrets section only. No call
   * answers it: the core hands it to the settings domain alone.
   */
  feedPassword(): string | null;
}

export interface MarketDataDeps {
  db: Db;
  recorder: Recorder;
  bus: EventBus;
  clock: Clock;
  trading: TradingPort;
  users: UsersPort;
  /** The simulator trades through the router as its own users. */
  system: SystemCaller;
  /** Seals the feed's password at rest. */
  secrets: SecretBox;
  options?: Partial<MarketDataOptions>;
}

/** The market-data domain: candles, watchlist, time & sales, day-ahead prices, the simulator and the MQTT price feed. */
export function createMarketData(deps: MarketDataDeps): MarketData {
  const service = new MarketDataService({
    db: deps.db,
    recorder: deps.recorder,
    bus: deps.bus,
    clock: deps.clock,
    trading: deps.trading,
    users: deps.users,
    gateway: new TradingGateway(deps.trading, deps.system),
    secrets: deps.secrets,
    options: { simulator: {}, autoTick: false, tickMs: 1_000, ...deps.options },
  });
  return {
    domain: defineDomain('marketdata', {
      handlers: marketDataHandlers(service),
      start: () => service.start(),
      stop: () => service.close(),
    }),
    tick: () => service.onClock(),
    feed: () => service.feedStatus(),
    feedPassword: () => service.feedSettings().password,
    prices: {
      history: (area, fromMs, toMs) => service.hourlyPrices(area, fromMs, toMs),
      latestHistory: (area, spanMs, nowMs) => service.latestHourlyPrices(area, spanMs, nowMs),
      drivers: (area, fromMs, toMs) => service.driverHours(area, fromMs, toMs),
      parse: (request) => service.parsePriceFile(request),
      store: (prices) => service.storePrices(prices),
    },
  };
}
