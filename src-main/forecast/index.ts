import { defineDomain, type Domain } from '../api/domain';
import type { ForecastService } from './forecast-service';

/** The forecast domain: day-ahead price forecasts, trained and backtested in a worker thread. */
export function createForecast(deps: { service: ForecastService }): { domain: Domain<'forecast'> } {
  return { domain: defineDomain('forecast', { handlers: deps.service.handlers() }) };
}
