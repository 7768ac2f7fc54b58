/**
 * Positions, P&L, cash, limits, portfolios, fees, the desk kill switch, the price history and VaR
 * behind the contract. Positions follow the trades table: after every trade event the keeper
 * books the new trades and a `positions` event goes to each affected user (and risk managers).
 */
import type { LimitKey, LimitsRow, RiskLimitsInput, RiskLimitsView, VarView } from '../../src-shared/contract/risk';
import { LIMIT_KEYS } from '../../src-shared/contract/risk';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, PartialHandlers } from '../api/context';
import type { EventBus } from '../api/event-bus';
import type { Clock } from '../core/clock';
import { importPrices } from '../market/import';
import { productsOfDay, tradingDays } from '../market/products';
import { ForecastService } from '../forecast/forecast-service';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { CallFailure } from '../../src-shared/domain/errors';
import { withdraw as ledgerWithdraw } from './math/cash-ledger';
import { MarksService, type Quote, type QuoteOf } from './marks/marks-service';
import { PositionKeeper } from './positions/position-keeper';
import { PreTradeCheck, type PreTradeOrder } from './limits/pretrade-hook';
import type { PricesPort } from '../marketdata';
import { RiskStore, type StoredLimits } from './risk-store';
import { reportHandlers } from '../reports/report-service';
import { isRiskRole, resolveScope, type Scope } from './risk-scope';
import { positionRow, RiskViews } from './pnl/risk-views';
import { VarService } from './var/var-service';

type RiskMethod =
  | 'risk.positions.list'
  | 'risk.pnl.summary'
  | 'risk.cash.balance'
  | 'risk.cash.deposit'
  | 'risk.cash.withdraw'
  | 'risk.curve.get'
  | 'risk.limits.list'
  | 'risk.limits.get'
  | 'risk.limits.set'
  | 'risk.portfolios.list'
  | 'risk.portfolios.assign'
  | 'risk.fees.get'
  | 'risk.fees.set'
  | 'risk.deskKill'
  | 'risk.deskStatus'
  | 'risk.history.import'
  | 'risk.var';

/** What the risk service needs from trading: quotes for marks, and the per-user kill switch. */
export interface TradingPort {
  quote: QuoteOf;
  killSwitch(userId: number, active: boolean, ctx: CallContext): Promise<{ cancelled: number }>;
}

const DESK_KILL = 'deskKill';

export class RiskService {
  readonly store: RiskStore;
  readonly keeper: PositionKeeper;
  readonly marks: MarksService;
  readonly views: RiskViews;
  private readonly vars: VarService;
  readonly forecast: ForecastService;
  private readonly pretrade: PreTradeCheck;
  private trading: TradingPort | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly prices: PricesPort,
    private readonly log: EventLog | null = null,
  ) {
    this.store = new RiskStore(db);
    this.keeper = new PositionKeeper(this.store);
    const quote: QuoteOf = (productId) => this.trading?.quote(productId) ?? null;
    this.marks = new MarksService(this.keeper, prices, quote);
    this.views = new RiskViews(this.keeper, this.marks, this.store);
    this.vars = new VarService(prices);
    this.forecast = new ForecastService(prices, bus, clock);
    this.pretrade = new PreTradeCheck(this.keeper, this.store, this.views, this.marks, quote, () => this.deskKilled());
    // Trade events are published after their batch commits, so the table already holds them.
    this.unsubscribe = bus.subscribe((name) => {
      if (name === 'trading.trade') this.onTrades();
    });
  }

  attach(trading: TradingPort): void {
    this.trading = trading;
  }

  close(): void {
    this.unsubscribe();
    this.forecast.close();
  }

  /** The trading service's pre-trade hook: throws a REJECTED failure naming the breached limit. */
  preTrade(order: PreTradeOrder, ctx: { now: number }): void {
    try {
      this.pretrade.check(order, ctx);
    } catch (err) {
      // A refused order changes nothing, but a risk manager reviews every limit breach in the audit trail.
      if (err instanceof CallFailure && this.log) {
        const log = this.log;
        const actor = this.store.username(order.owner);
        this.store.transaction(() => log.append(ctx.now, actor, 'risk.refused', { ...order, reason: err.error.reason ?? null, message: err.error.message }));
      }
      throw err;
    }
  }

  deskKilled(): boolean {
    return this.store.setting(DESK_KILL) === '1';
  }

  private onTrades(): void {
    const now = this.clock.now();
    for (const changed of this.keeper.catchUp()) {
      const book = this.keeper.bookOf(changed.portfolioId);
      const markOf = this.marks.markOf('last', changed.productIds, now);
      const positions = [...changed.productIds].flatMap((productId) => {
        const position = book.get(changed.portfolioId, productId);
        return position ? [positionRow(position, markOf)] : [];
      });
      const members = changed.userId !== null ? [changed.userId] : this.keeper.membersOf(changed.portfolioId.slice('portfolio:'.length));
      this.bus.publish('risk.positions', { portfolioId: changed.portfolioId, userId: changed.userId, positions }, { userIds: members, roles: ['risk_manager', 'admin'] });
    }
  }

  private limitsRow(scope: 'user' | 'portfolio', id: string, stored: StoredLimits | null): LimitsRow {
    const label = scope === 'user' ? (this.store.username(Number(id)) ?? id) : id;
    return { scope, id, label, limits: stored?.limits ?? {}, updatedAt: stored?.updatedAt ?? null, updatedBy: stored?.updatedBy ?? null };
  }

  private creditLimit(userId: number): number | null {
    return this.store.limits('user', String(userId))?.limits.creditLimitMoney ?? null;
  }

  private cashTarget(input: { userId?: number | undefined }, ctx: CallContext): number {
    const self = ctx.caller?.userId ?? 0;
    const userId = input.userId ?? self;
    if (userId !== self && !isRiskRole(ctx.caller)) fail('FORBIDDEN', "Only a risk manager or an administrator can move another user's cash.", { field: 'userId' });
    if (this.store.username(userId) === null) fail('NOT_FOUND', `There is no user ${userId}.`, { field: 'userId' });
    return userId;
  }

  handlers(): PartialHandlers<RiskMethod | 'forecast.run' | 'forecast.cancel' | 'forecast.get' | 'reports.daily'> {
    return { ...this.riskHandlers(), ...this.forecast.handlers(), ...reportHandlers(this) };
  }

  /** VaR with the defaults of `risk.var` (what the VaR panel shows before any change). */
  varOf(key: string, now: number): VarView {
    const defaults = { area: 'DE', confidence: 0.99 as const, method: 'historical' as const, seed: 1, paths: 10_000, lookbackDays: 250, backtestWindow: 20, bins: 40 };
    return this.vars.compute({ ...defaults, key }, this.keeper.bookOf(key).positionsOf(key), now);
  }

  limitsOf(scope: Scope): LimitsRow {
    return scope.portfolio !== null
      ? this.limitsRow('portfolio', scope.portfolio, this.store.limits('portfolio', scope.portfolio))
      : this.limitsRow('user', String(scope.userId), this.store.limits('user', String(scope.userId)));
  }

  private riskHandlers(): PartialHandlers<RiskMethod> {
    return {
      'risk.positions.list': (input, ctx) => {
        this.keeper.catchUp();
        return this.views.positions(resolveScope(input, ctx.caller, this.keeper).key, input.mark, ctx.now);
      },

      'risk.pnl.summary': (input, ctx) => {
        this.keeper.catchUp();
        return this.views.pnl(resolveScope(input, ctx.caller, this.keeper).key, input.mark, ctx.now);
      },

      'risk.cash.balance': (input, ctx) => {
        const scope = resolveScope({ userId: input.userId }, ctx.caller, this.keeper);
        const userId = scope.userId ?? 0;
        this.keeper.catchUp();
        return this.views.cash(userId, this.creditLimit(userId));
      },

      'risk.cash.deposit': (input, ctx) => {
        const userId = this.cashTarget(input, ctx);
        ctx.commit((log) => {
          this.store.addCashMove(userId, 'deposit', input.amountMoney, ctx.now, ctx.caller?.username ?? null);
          log('risk.cash.deposit', { userId, amountMoney: input.amountMoney });
        });
        const view = this.views.cash(userId, this.creditLimit(userId));
        this.bus.publish('risk.cash', view, { userIds: [userId], roles: ['risk_manager', 'admin'] });
        return view;
      },

      'risk.cash.withdraw': (input, ctx) => {
        const userId = this.cashTarget(input, ctx);
        this.keeper.catchUp();
        const before = this.views.cash(userId, this.creditLimit(userId));
        // Cash held for working orders cannot be withdrawn; below zero only down to the credit limit.
        const result = ledgerWithdraw({ balanceMoney: before.balanceMoney - before.reservedMoney, creditLimitMoney: before.creditLimitMoney ?? 0 }, input.amountMoney);
        if (!result.ok) fail('REJECTED', `Withdrawal refused: ${result.message}.`, { reason: 'INSUFFICIENT_FUNDS', field: 'amountMoney' });
        ctx.commit((log) => {
          this.store.addCashMove(userId, 'withdrawal', input.amountMoney, ctx.now, ctx.caller?.username ?? null);
          log('risk.cash.withdraw', { userId, amountMoney: input.amountMoney });
        });
        const view = this.views.cash(userId, this.creditLimit(userId));
        this.bus.publish('risk.cash', view, { userIds: [userId], roles: ['risk_manager', 'admin'] });
        return view;
      },

      'risk.curve.get': (input, ctx) => {
        this.keeper.catchUp();
        const products = tradingDays(ctx.now)
          .flatMap((day) => productsOfDay(day))
          .filter((p) => p.kind === 'hour' && p.area === input.area)
          .map((p) => ({ productId: p.id, startUtcMs: p.deliveryStart, durationMin: 60 }));
        return this.marks.curve(input.area, products, ctx.now, input.shapeWeeks);
      },

      'risk.limits.list': () => this.store.allLimits().map((row) => this.limitsRow(row.scope, row.scopeId, row)),

      'risk.limits.get': (input, ctx) => this.limitsOf(resolveScope(input, ctx.caller, this.keeper)),

      'risk.limits.set': (input, ctx) => {
        const scope: 'user' | 'portfolio' = input.portfolio !== undefined ? 'portfolio' : 'user';
        const id = input.portfolio ?? String(input.userId);
        if (scope === 'user' && this.store.username(Number(id)) === null) fail('NOT_FOUND', `There is no user ${id}.`, { field: 'userId' });
        const before = this.store.limits(scope, id);
        const limits = mergeLimits(before?.limits ?? {}, input.limits);
        const stored: StoredLimits = { scope, scopeId: id, limits, updatedAt: ctx.now, updatedBy: ctx.caller?.username ?? null };
        ctx.commit((log) => {
          this.store.setLimits(stored);
          log('risk.limits.set', { scope, id, before: before?.limits ?? {}, after: limits });
        });
        const row = this.limitsRow(scope, id, stored);
        const userIds = scope === 'user' ? [Number(id)] : this.keeper.membersOf(id);
        this.bus.publish('risk.limits', row, { userIds, roles: ['risk_manager', 'admin'] });
        return row;
      },

      'risk.portfolios.list': () => {
        const byName = new Map<string, Array<{ userId: number; username: string }>>();
        for (const member of this.store.members()) byName.set(member.portfolio, [...(byName.get(member.portfolio) ?? []), { userId: member.userId, username: member.username }]);
        return [...byName.entries()].map(([portfolio, members]) => ({ portfolio, members }));
      },

      'risk.portfolios.assign': (input, ctx) => {
        if (this.store.username(input.userId) === null) fail('NOT_FOUND', `There is no user ${input.userId}.`, { field: 'userId' });
        ctx.commit((log) => {
          this.store.setMember(input.userId, input.portfolio);
          log('risk.portfolios.assign', { userId: input.userId, portfolio: input.portfolio });
        });
        this.keeper.rebuild();
        return { userId: input.userId, portfolio: input.portfolio };
      },

      'risk.fees.get': () => {
        const last = this.store.feeSteps().at(-1);
        return { feePerMwhMoney: last?.feePerMwhMoney ?? 0, since: last?.fromTs ?? null };
      },

      'risk.fees.set': (input, ctx) => {
        // Trades up to now keep their fee: the new step starts after the last booked trade's time.
        this.keeper.catchUp();
        ctx.commit((log) => {
          this.store.addFeeStep(ctx.now + 1, input.feePerMwhMoney);
          log('risk.fees.set', { feePerMwhMoney: input.feePerMwhMoney, from: ctx.now + 1 });
        });
        this.keeper.reloadFees();
        return { feePerMwhMoney: input.feePerMwhMoney, since: ctx.now + 1 };
      },

      'risk.deskKill': async (input, ctx) => {
        const trading = this.trading;
        if (!trading) fail('INTERNAL', 'Trading is not running.');
        const alreadyKilled: number[] = input.active ? [...this.store.killedUsers()] : [];
        ctx.commit((log) => {
          this.store.setSetting(DESK_KILL, input.active ? '1' : '0');
          if (input.active) this.store.setSetting('deskKillSpared', JSON.stringify(alreadyKilled));
          log('risk.deskKill', { active: input.active });
        });
        // Users stopped on their own before the desk kill stay stopped when the desk is released.
        const spared = new Set<number>(input.active ? alreadyKilled : (JSON.parse(this.store.setting('deskKillSpared') ?? '[]') as number[]));
        let cancelled = 0;
        let users = 0;
        for (const userId of this.store.userIds()) {
          if (spared.has(userId)) continue;
          cancelled += (await trading.killSwitch(userId, input.active, ctx)).cancelled;
          users += 1;
        }
        this.bus.publish('risk.deskKill', { active: input.active }, 'all');
        return { active: input.active, users, cancelled };
      },

      'risk.deskStatus': () => ({ deskKill: this.deskKilled() }),

      'risk.history.import': (input, ctx) => {
        const result = importPrices(input.content, { area: input.area });
        if (!result.ok) {
          const first = result.errors[0];
          const where = first?.line !== undefined ? ` (line ${first.line})` : first?.interval ? ` (${first.interval})` : '';
          fail('BAD_INPUT', `The price file was not imported: ${result.errorCount} problem(s); first: ${first?.message ?? 'unknown'}${where}.`, { field: 'content', reason: first?.code ?? 'malformed' });
        }
        if (result.area !== undefined && result.area !== input.area && result.meta.format === 'entsoe-a44') {
          fail('BAD_INPUT', `The file is for area ${result.area}, not ${input.area}.`, { field: 'area', reason: 'mixed_area' });
        }
        ctx.commit((log) => {
          this.prices.store({ area: input.area, currency: result.currency, format: result.meta.format, source: 'risk.history.import', points: result.points, importedAt: ctx.now });
          log('risk.history.import', { area: input.area, format: result.meta.format, points: result.points.length, from: result.meta.firstStartUtcMs, to: result.meta.endUtcMs });
        });
        return { area: input.area, format: result.meta.format, points: result.points.length, fromMs: result.meta.firstStartUtcMs, toMs: result.meta.endUtcMs };
      },

      'risk.var': (input, ctx) => {
        this.keeper.catchUp();
        const scope = resolveScope(input, ctx.caller, this.keeper);
        return this.vars.compute(
          { ...input, key: scope.key },
          this.keeper.bookOf(scope.key).positionsOf(scope.key),
          ctx.now,
        );
      },
    };
  }
}

/** A limit given a number is set, given null is removed, left out is kept. */
export function mergeLimits(before: RiskLimitsView, change: RiskLimitsInput): RiskLimitsView {
  const next: RiskLimitsView = { ...before };
  for (const key of LIMIT_KEYS) {
    const value = change[key as LimitKey];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}

/** Quotes from the engine's book view, for marks and market-order checks. */
export function quoteFromBook(book: { bids: Array<{ price: number; quantity: number }>; asks: Array<{ price: number; quantity: number }>; lastPrice: number | null } | null): Quote | null {
  if (!book) return null;
  return { bid: book.bids[0]?.price ?? null, ask: book.asks[0]?.price ?? null, last: book.lastPrice, bids: book.bids, asks: book.asks };
}
