/**
 * Pre-trade risk checks: limits + current state + a proposed order → ok, or the breaches.
 *
 * Rules:
 * - A limit left undefined is not checked.
 * - Quantity, value, price collar and credit apply to every order.
 * - Position (per product and per delivery day) and daily-loss limits block only orders that
 *   increase the absolute position on their product, so a trader over a limit can still reduce.
 * - Per product, working orders on the order's side count as if filled.
 * - Per delivery day the exposure is gross energy: Σ |net kW| × minutes over the portfolio's
 *   products delivering that day (a long hour and a short hour are two exposures, not a hedge).
 * - The would-be daily P&L adds the order's immediate loss against the reference price (a buy
 *   above it or a sell below it); an immediate gain is not counted before it is realized.
 * - Credit: cash after the order = balance − reserved − the order's payment (a buy at a negative
 *   price and a sell at a positive one are receipts); it may not fall below −creditLimit.
 * - The collar is skipped when there is no reference price.
 * Money comparisons are exact (value units); reported would-be amounts are rounded to money.
 */
import { moneyFromValue, tradeValue, valueFromMoney } from '../math/money';
import type { Side } from '../positions/fifo-position';

export interface RiskLimits {
  maxOrderKw?: number;
  /** |price| × energy of one order, money units. */
  maxOrderValueMoney?: number;
  maxPositionKwPerProduct?: number;
  maxDayPositionKwh?: number;
  maxDailyLossMoney?: number;
  creditLimitMoney?: number;
  /** Allowed distance of the order price from the reference price, price units. */
  priceCollarUnits?: number;
}

export interface ProposedOrder {
  productId: string;
  side: Side;
  /** Limit price; for a market order pass the worst price it may trade at. */
  priceUnits: number;
  quantityKw: number;
  durationMin: number;
  /** Expected fee, money units; counted as a payment in the credit check. */
  feeMoney?: number;
}

export interface DayPosition {
  productId: string;
  netKw: number;
  durationMin: number;
}

export interface RiskState {
  /** Net position on the order's product, kW. */
  positionKw: number;
  workingBuyKw?: number;
  workingSellKw?: number;
  /** Positions of the portfolio delivering on the order's delivery day (the order's product may be one). */
  dayPositions?: readonly DayPosition[];
  /** Today's P&L: realized − fees + unrealized, money units. */
  dailyPnlMoney: number;
  cashBalanceMoney: number;
  /** Cash held for working orders, money units. */
  reservedMoney?: number;
  referencePriceUnits: number | null;
}

export type LimitName =
  | 'max_order_quantity'
  | 'max_order_value'
  | 'price_collar'
  | 'max_position_product'
  | 'max_position_day'
  | 'max_daily_loss'
  | 'credit_limit';

export interface Breach {
  limit: LimitName;
  limitValue: number;
  wouldBe: number;
  unit: 'kW' | 'kWh' | 'money' | 'price_units';
  message: string;
}

export type PretradeResult = { ok: true } | { ok: false; breach: Breach; breaches: Breach[] };

function dayGrossKwMin(positions: readonly DayPosition[], order: ProposedOrder, wouldBeKw: number): number {
  let gross = Math.abs(wouldBeKw) * order.durationMin;
  for (const position of positions) {
    if (position.productId !== order.productId) gross += Math.abs(position.netKw) * position.durationMin;
  }
  return gross;
}

export function checkOrder(limits: RiskLimits, state: RiskState, order: ProposedOrder): PretradeResult {
  if (!Number.isSafeInteger(order.quantityKw) || order.quantityKw <= 0) throw new RangeError('order quantity must be a positive integer');
  if (!Number.isSafeInteger(order.priceUnits)) throw new RangeError('order price must be an integer');
  const breaches: Breach[] = [];
  const direction = order.side === 'buy' ? 1 : -1;
  const orderValue = tradeValue(order.priceUnits, order.quantityKw, order.durationMin);
  const increasesPosition = Math.abs(state.positionKw + direction * order.quantityKw) > Math.abs(state.positionKw);

  if (limits.maxOrderKw !== undefined && order.quantityKw > limits.maxOrderKw) {
    breaches.push({ limit: 'max_order_quantity', limitValue: limits.maxOrderKw, wouldBe: order.quantityKw, unit: 'kW', message: 'order quantity above the maximum' });
  }

  if (limits.maxOrderValueMoney !== undefined) {
    const absValue = orderValue < 0n ? -orderValue : orderValue;
    if (absValue > valueFromMoney(limits.maxOrderValueMoney)) {
      breaches.push({ limit: 'max_order_value', limitValue: limits.maxOrderValueMoney, wouldBe: moneyFromValue(absValue), unit: 'money', message: 'order value above the maximum' });
    }
  }

  if (limits.priceCollarUnits !== undefined && state.referencePriceUnits !== null) {
    const distance = Math.abs(order.priceUnits - state.referencePriceUnits);
    if (distance > limits.priceCollarUnits) {
      breaches.push({ limit: 'price_collar', limitValue: limits.priceCollarUnits, wouldBe: distance, unit: 'price_units', message: `price ${order.priceUnits} is ${distance} from the reference ${state.referencePriceUnits}` });
    }
  }

  if (increasesPosition && limits.maxPositionKwPerProduct !== undefined) {
    const working = order.side === 'buy' ? (state.workingBuyKw ?? 0) : -(state.workingSellKw ?? 0);
    const wouldBe = Math.abs(state.positionKw + working + direction * order.quantityKw);
    if (wouldBe > limits.maxPositionKwPerProduct) {
      breaches.push({ limit: 'max_position_product', limitValue: limits.maxPositionKwPerProduct, wouldBe, unit: 'kW', message: 'open position on the product would exceed the maximum' });
    }
  }

  if (increasesPosition && limits.maxDayPositionKwh !== undefined) {
    const grossKwMin = dayGrossKwMin(state.dayPositions ?? [], order, state.positionKw + direction * order.quantityKw);
    if (grossKwMin > limits.maxDayPositionKwh * 60) {
      breaches.push({ limit: 'max_position_day', limitValue: limits.maxDayPositionKwh, wouldBe: grossKwMin / 60, unit: 'kWh', message: 'open energy on the delivery day would exceed the maximum' });
    }
  }

  if (increasesPosition && limits.maxDailyLossMoney !== undefined) {
    let immediate = 0n;
    if (state.referencePriceUnits !== null) {
      immediate = BigInt(direction) * tradeValue(state.referencePriceUnits - order.priceUnits, order.quantityKw, order.durationMin);
      if (immediate > 0n) immediate = 0n;
    }
    const wouldBe = valueFromMoney(state.dailyPnlMoney) + immediate;
    if (-wouldBe > valueFromMoney(limits.maxDailyLossMoney)) {
      breaches.push({ limit: 'max_daily_loss', limitValue: limits.maxDailyLossMoney, wouldBe: -moneyFromValue(wouldBe), unit: 'money', message: 'daily loss would exceed the maximum' });
    }
  }

  if (limits.creditLimitMoney !== undefined) {
    const payment = BigInt(direction) * orderValue + valueFromMoney(order.feeMoney ?? 0);
    const cashAfter = valueFromMoney(state.cashBalanceMoney - (state.reservedMoney ?? 0)) - payment;
    if (cashAfter < -valueFromMoney(limits.creditLimitMoney)) {
      breaches.push({ limit: 'credit_limit', limitValue: limits.creditLimitMoney, wouldBe: -moneyFromValue(cashAfter), unit: 'money', message: 'the order would draw more credit than allowed' });
    }
  }

  const [first] = breaches;
  return first ? { ok: false, breach: first, breaches } : { ok: true };
}
