import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import type { PricesPort } from '../marketdata';
import { ForecastService } from './forecast-service';

/**
 * The forecast domain: day-ahead price forecasts, trained and backtested in a worker thread, from
 * the hourly prices market data keeps.
 */
export function createForecast(deps: { prices: PricesPort; bus: EventBus; clock: Clock }): { domain: Domain<'forecast'> } {
  const service = new ForecastService(deps.prices, deps.bus, deps.clock);
  return { domain: defineDomain('forecast', { handlers: service.handlers(), stop: () => service.close() }) };
}
