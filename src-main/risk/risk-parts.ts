import type { EventBus } from '../api/event-bus';
import type { UsersPort } from '../auth';
import type { Clock } from '../core/clock';
import type { PricesPort } from '../marketdata';
import type { Db } from '../store/database';
import type { TradingPort } from '../trading';
import { RiskDefaults } from './limits/risk-defaults';
import { MarksService } from './marks/marks-service';
import { RiskViews } from './pnl/risk-views';
import { PositionKeeper } from './positions/position-keeper';
import { RiskStore } from './risk-store';
import { VarService } from './var/var-service';

export interface RiskDeps {
  db: Db;
  bus: EventBus;
  clock: Clock;
  trading: TradingPort;
  users: UsersPort;
  prices: PricesPort;
}

/**
 * What the risk handlers share: risk's own tables, the position books kept from trading's trades,
 * marks, the views the screens and reports show, VaR, and the other domains' ports.
 */
export interface RiskParts {
  store: RiskStore;
  /** The terminal's thresholds and limits for whoever sets none of their own. */
  defaults: RiskDefaults;
  keeper: PositionKeeper;
  marks: MarksService;
  views: RiskViews;
  vars: VarService;
  bus: EventBus;
  trading: TradingPort;
  users: UsersPort;
  prices: PricesPort;
}

export function createRiskParts(deps: RiskDeps): RiskParts {
  const store = new RiskStore(deps.db);
  const keeper = new PositionKeeper(store, deps.trading);
  const marks = new MarksService(keeper, deps.prices, deps.trading);
  return {
    store,
    defaults: new RiskDefaults(store, deps.users),
    keeper,
    marks,
    views: new RiskViews(keeper, marks, store, deps.trading),
    vars: new VarService(deps.prices),
    bus: deps.bus,
    trading: deps.trading,
    users: deps.users,
    prices: deps.prices,
  };
}
