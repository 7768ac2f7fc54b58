import { CallFailure } from '../../src-shared/domain/errors';
import { defineDomain, type Domain, type DomainHandlers } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { PreTradeCheck } from '../trading';
import { cashHandlers } from './handlers/cash';
import { defaultsHandlers } from './handlers/defaults';
import { deskHandlers } from './handlers/desk';
import { guardHandlers } from './handlers/guard';
import { limitHandlers } from './handlers/limits';
import { positionHandlers } from './handlers/positions';
import { stopHandlers } from './handlers/stops';
import { varHandlers } from './handlers/var';
import { FatFingerGuard } from './limits/fat-finger';
import { limitsOf } from './limits/limit-rows';
import { LimitCheck } from './limits/pretrade-hook';
import type { RiskPort } from './port';
import { publishChangedPositions } from './positions/position-events';
import { createRiskParts, type RiskDeps } from './risk-parts';
import { resolveScope } from './risk-scope';
import { DEFAULT_VAR_REQUEST } from './var/var-service';

export type { RiskBook, RiskPort } from './port';

export interface Risk {
  domain: Domain<'risk'>;
  /** Limits, the desk kill and the hard maximum order size, checked before every order and every enlarging modify. */
  preTrade: PreTradeCheck;
  /** Books, for the daily reports. */
  port: RiskPort;
}

/**
 * The risk domain: positions, P&L, cash, the forward curve, limits, portfolios, fees, the kill
 * switches and VaR. Trades, orders and kill switches come from trading's port, accounts from
 * auth's, day-ahead prices from market data's.
 */
export function createRisk(deps: RiskDeps & { recorder: Recorder }): Risk {
  const risk = createRiskParts(deps);
  const { keeper, views, vars, store, users } = risk;
  const limits = new LimitCheck(keeper, store, risk.defaults, views, risk.marks, deps.trading);
  const guard = new FatFingerGuard(store, risk.defaults, users, risk.marks, deps.trading);

  const handlers: DomainHandlers<'risk'> = {
    ...positionHandlers(risk),
    ...cashHandlers(risk),
    ...limitHandlers(risk),
    ...stopHandlers(risk),
    ...guardHandlers(risk, guard),
    ...defaultsHandlers(risk),
    ...varHandlers(risk),
    ...deskHandlers(risk),
  };

  const preTrade: PreTradeCheck = (order, ctx) => {
    try {
      limits.check(order, ctx);
      guard.enforce({ owner: order.owner, productId: order.productId, price: order.price, quantity: order.quantity });
    } catch (err) {
      // A refused order changes nothing, but a risk manager reviews every limit breach in the audit trail.
      if (err instanceof CallFailure) {
        ctx.refused('risk.refused', { ...order, reason: err.error.reason ?? null, message: err.error.message });
      }
      throw err;
    }
  };

  const port: RiskPort = {
    book: (input, caller) => {
      keeper.catchUp();
      const scope = resolveScope(input, caller, keeper);
      const key = scope.key;
      return {
        key,
        name: scope.portfolio ?? users.username(scope.userId) ?? key,
        portfolio: scope.portfolio !== null,
        positions: (mark, now) => views.positions(key, mark, now),
        pnl: (mark, now) => views.pnl(key, mark, now),
        var: (now) => vars.compute({ ...DEFAULT_VAR_REQUEST, key }, keeper.bookOf(key).positionsOf(key), now),
        limits: () => limitsOf(store, users, risk.defaults, scope),
      };
    },
  };

  // Trading calls back after each commit that stored trades: the books catch up and owners hear of it.
  const unsubscribe = deps.trading.onTrades(() => publishChangedPositions(risk, deps.clock.now()));
  const domain = defineDomain('risk', { handlers, stop: () => unsubscribe() });
  return { domain, preTrade, port };
}
