/**
 * The core's pre-trade risk check, called by the trading service before the engine sees an order.
 *
 * Order of checks: the desk kill switch, then the user's limits against the user's own book, then
 * the portfolio's limits against the portfolio's book (when the user belongs to one). Each book's
 * limits are its own per key, else the terminal's default for that key (a refusal by a default of
 * the user's own book says so: context `default`). The first
 * breach refuses the order with reason `LIMIT_<NAME>` (e.g. LIMIT_MAX_ORDER_QUANTITY) and the limit,
 * its value and the would-be value in the message; nothing reaches the engine or the book.
 *
 * Prices the checks use: the limit price; for a stop order its stop price; for a market order the
 * worst price it would reach in the current book (walking the opposite side), else the reference.
 * Reference price (collar, immediate loss): last trade, else mid, else the forward curve.
 * Checked outside the trading batch's transaction: two orders racing in the same batch are each
 * checked against the state before both, a window of one group commit (milliseconds).
 */
import type { LimitKey, RiskLimitsView } from '../../../src-shared/contract/risk';
import type { OrderType, Side } from '../../../src-shared/domain/schemas';
import { fail } from '../../../src-shared/domain/errors';
import { checkOrder, type Breach, type DayPosition, type RiskLimits, type RiskState } from './pretrade';
import type { MarksService } from '../marks/marks-service';
import { portfolioKey, userKey, type PositionKeeper } from '../positions/position-keeper';
import { productInfo, type ProductInfo } from '../../market/product-info';
import type { Quote, TradingPort } from '../../trading';
import type { RiskStore } from '../risk-store';
import type { RiskViews } from '../pnl/risk-views';
import { limitsInForce } from './limit-rows';
import type { RiskDefaults } from './risk-defaults';

export interface PreTradeOrder {
  owner: number;
  productId: string;
  side: Side;
  type: OrderType;
  price: number | null;
  stopPrice: number | null;
  quantity: number;
}

const LIMIT_NAMES: Record<LimitKey, string> = {
  maxOrderKw: 'max order quantity',
  maxOrderValueMoney: 'max order value',
  maxPositionKwPerProduct: 'max open position per product',
  maxDayPositionKwh: 'max open position per delivery day',
  maxDailyLossMoney: 'max daily loss',
  creditLimitMoney: 'credit limit',
  priceCollarUnits: 'price collar',
};

/** How a breach's unit is spelled in its parameters' names (see `ErrorParams`). */
const UNIT_SUFFIX: Record<Breach['unit'], string> = { kW: 'Kw', kWh: 'Kwh', money: 'Money', price_units: 'Units' };

export function toRiskLimits(view: RiskLimitsView): RiskLimits {
  const limits: RiskLimits = {};
  for (const [key, value] of Object.entries(view) as Array<[LimitKey, number | undefined]>) if (value !== undefined) limits[key] = value;
  return limits;
}

export class LimitCheck {
  constructor(
    private readonly keeper: PositionKeeper,
    private readonly store: Pick<RiskStore, 'limits' | 'deskKilled'>,
    private readonly defaults: Pick<RiskDefaults, 'limitsFor'>,
    private readonly views: RiskViews,
    private readonly marks: MarksService,
    private readonly trading: Pick<TradingPort, 'quote' | 'openOrders'>,
  ) {}

  check(order: PreTradeOrder, ctx: { now: number }): void {
    if (this.store.deskKilled()) fail('REJECTED', 'The desk kill switch is on: no new orders until a risk manager releases it.', { reason: 'DESK_KILL_SWITCH' });
    const info = productInfo(order.productId);
    if (!info) return; // the engine refuses unknown products with its own reason
    const user = this.inForce('user', String(order.owner), [order.owner]);
    const userLimits = user?.limits ?? null;
    const portfolio = this.keeper.portfolioOf(order.owner);
    const members = portfolio === null ? [] : this.keeper.membersOf(portfolio);
    const portfolioLimits = portfolio === null ? null : (this.inForce('portfolio', portfolio, members)?.limits ?? null);
    if (!userLimits && !portfolioLimits) return;
    this.keeper.catchUp();

    const reference = this.referencePrice(order.productId, ctx.now);
    const price = this.checkPrice(order, reference);
    const proposed = { productId: order.productId, side: order.side, priceUnits: price, quantityKw: order.quantity, durationMin: info.durationMin };
    if (userLimits) {
      const state = this.state(userKey(order.owner), [order.owner], info, reference, ctx.now, userLimits);
      const result = checkOrder(toRiskLimits(userLimits), state, proposed);
      if (!result.ok) this.refuse(result.breach, null, user?.fromDefaults.some((key) => limitNameOf(key) === result.breach.limit) ?? false);
    }
    if (portfolio !== null && portfolioLimits) {
      const state = this.state(portfolioKey(portfolio), members, info, reference, ctx.now, portfolioLimits);
      const result = checkOrder(toRiskLimits(portfolioLimits), state, proposed);
      if (!result.ok) this.refuse(result.breach, portfolio, false);
    }
  }

  /** A book's limits in force and which are defaults, or null when it has none at all (nothing to check). */
  private inForce(scope: 'user' | 'portfolio', id: string, userIds: readonly number[]): { limits: RiskLimitsView; fromDefaults: LimitKey[] } | null {
    const inForce = limitsInForce(this.store.limits(scope, id)?.limits ?? {}, this.defaults.limitsFor(userIds));
    return Object.keys(inForce.limits).length === 0 ? null : inForce;
  }

  private refuse(breach: Breach, portfolio: string | null, terminalDefault: boolean): never {
    const key = (Object.keys(LIMIT_NAMES) as LimitKey[]).find((k) => limitNameOf(k) === breach.limit);
    const name = key ? LIMIT_NAMES[key] : breach.limit;
    const whose = portfolio !== null ? `portfolio ${portfolio}'s` : terminalDefault ? "the terminal's default" : 'your';
    // The values keep their unit in their name (…Kw, …Money, …Units), so the renderer formats them as the limits panel does.
    const suffix = UNIT_SUFFIX[breach.unit];
    fail('REJECTED', `Refused by ${whose} ${name} limit (${breach.limitValue} ${breach.unit}; this order: ${breach.wouldBe} ${breach.unit}): ${breach.message}.`, {
      reason: `LIMIT_${breach.limit.toUpperCase()}`,
      params: {
        ...(portfolio !== null ? { context: 'portfolio', portfolio } : terminalDefault ? { context: 'default' } : {}),
        [`limit${suffix}`]: breach.limitValue,
        [`wouldBe${suffix}`]: breach.wouldBe,
      },
    });
  }

  referencePrice(productId: string, now: number): number | null {
    return this.marks.reference(productId, now);
  }

  private checkPrice(order: PreTradeOrder, reference: number | null): number {
    if (order.type === 'stop') return order.stopPrice ?? order.price ?? reference ?? 0;
    if (order.type !== 'market') return order.price ?? reference ?? 0;
    const quote = this.trading.quote(order.productId);
    const walked = quote ? this.walk(order, quote) : null;
    return walked ?? reference ?? 0;
  }

  private walk(order: PreTradeOrder, quote: Quote): number | null {
    const levels = order.side === 'buy' ? quote.asks : quote.bids;
    let left = order.quantity;
    let worst: number | null = null;
    for (const level of levels) {
      worst = level.price;
      left -= level.quantity;
      if (left <= 0) break;
    }
    return worst;
  }

  private state(key: string, userIds: readonly number[], info: ProductInfo, reference: number | null, now: number, limits: RiskLimitsView): RiskState {
    const book = this.keeper.bookOf(key);
    const dayPositions: DayPosition[] = [];
    for (const position of book.positionsOf(key)) {
      if (position.netKw !== 0 && productInfo(position.productId)?.deliveryDay === info.deliveryDay) {
        dayPositions.push({ productId: position.productId, netKw: position.netKw, durationMin: position.durationMin });
      }
    }
    let workingBuyKw = 0;
    let workingSellKw = 0;
    for (const userId of userIds) {
      for (const order of this.trading.openOrders(userId)) {
        if (order.productId !== info.productId) continue;
        if (order.side === 'buy') workingBuyKw += order.remaining;
        else workingSellKw += order.remaining;
      }
    }
    const needsPnl = limits.maxDailyLossMoney !== undefined;
    const needsCash = limits.creditLimitMoney !== undefined;
    let cashBalanceMoney = 0;
    let reservedMoney = 0;
    if (needsCash) {
      for (const userId of userIds) {
        const cash = this.views.cash(userId, null);
        cashBalanceMoney += cash.balanceMoney;
        reservedMoney += cash.reservedMoney;
      }
    }
    return {
      positionKw: book.get(key, info.productId)?.netKw ?? 0,
      workingBuyKw,
      workingSellKw,
      dayPositions,
      dailyPnlMoney: needsPnl ? this.views.dailyPnlMoney(key, this.views.markFor(key, 'last', now), now) : 0,
      cashBalanceMoney,
      reservedMoney,
      referencePriceUnits: reference,
    };
  }
}

function limitNameOf(key: LimitKey): Breach['limit'] {
  switch (key) {
    case 'maxOrderKw':
      return 'max_order_quantity';
    case 'maxOrderValueMoney':
      return 'max_order_value';
    case 'maxPositionKwPerProduct':
      return 'max_position_product';
    case 'maxDayPositionKwh':
      return 'max_position_day';
    case 'maxDailyLossMoney':
      return 'max_daily_loss';
    case 'creditLimitMoney':
      return 'credit_limit';
    case 'priceCollarUnits':
      return 'price_collar';
  }
}
