import type { Clock } from '../core/clock';
import { defineDomain, type Domain, type DomainHandlers } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { PricesPort } from '../marketdata';
import type { PreTradeCheck, TradingPort } from '../trading';
import { assertMayKill, setKillSwitch } from './kill-switch';
import { RiskService } from './risk-service';

export interface Risk {
  domain: Domain<'risk'>;
  /** Limits and the desk kill, checked before every order and every enlarging modify. */
  preTrade: PreTradeCheck;
  /** Transitional: the service, for forecasts and reports until they have their own ports. */
  service: RiskService;
}

/** The risk domain: positions, P&L, cash, the forward curve, limits, portfolios, fees, the kill switches and VaR. */
export function createRisk(deps: { db: Db; log: EventLog; bus: EventBus; clock: Clock; trading: TradingPort; prices: PricesPort }): Risk {
  const service = new RiskService(deps.db, deps.bus, deps.clock, deps.prices, deps.log);
  service.attach({
    quote: (productId) => deps.trading.quote(productId),
    killSwitch: (userId, active, ctx) => setKillSwitch(deps.trading, deps.bus, { username: ctx.caller?.username ?? 'system', now: ctx.now }, userId, active),
  });
  const all = service.handlers();
  const handlers: DomainHandlers<'risk'> = {
    ...pick(all),
    'risk.killSwitch': (input, ctx) => {
      const userId = input.userId ?? ctx.caller.userId;
      assertMayKill(ctx.caller, userId, input.active);
      return setKillSwitch(deps.trading, deps.bus, { username: ctx.caller.username, now: ctx.now }, userId, input.active);
    },
  };
  return {
    domain: defineDomain('risk', { handlers, stop: () => service.close() }),
    preTrade: (order, ctx) => service.preTrade(order, ctx),
    service,
  };
}

function pick<T extends object>(all: T): Omit<DomainHandlers<'risk'>, 'risk.killSwitch'> {
  return Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('risk.'))) as Omit<DomainHandlers<'risk'>, 'risk.killSwitch'>;
}
