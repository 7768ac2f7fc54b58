import type { ErrorCode, ErrorParams } from '../domain/errors';
import type { RulesValues } from '../domain/market-rules';
import type { OrderStatus, OrderType, ProductView, Side, TimeInForce } from '../domain/schemas';

/** The views of the trading domain beyond the shared order and book shapes. */

/** A block order: the same side, price and quantity on every one of its consecutive products. */
export interface BlockOrderView {
  id: number;
  clientOrderId: string | null;
  side: Side;
  price: number;
  /** Per product. */
  quantity: number;
  status: OrderStatus;
  reason: string | null;
  legs: Array<{ productId: string; quantity: number; filled: number }>;
  createdAt: number;
}

export interface AuctionResultView {
  productId: string;
  /** When the auction ran. */
  ts: number;
  /** Null when nothing crossed. */
  price: number | null;
  volume: number;
  buyVolume: number;
  sellVolume: number;
  /** Which step of the documented rule decided the price (volume, imbalance, reference, lowest, none). */
  decidedBy: string;
  trades: number;
}

export interface LocalProductView extends ProductView {
  /** When its auction runs (equal to gateClosure: the call phase ends there). */
  auctionAt: number;
  lastResult: AuctionResultView | null;
}

/**
 * An order the terminal refused (the core's checks or the engine), kept for the user's blotter: what
 * was asked, and why it was refused as a code with parameters (`reason`, `params`), which the screen
 * words in the user's language. `legs` > 0 for a block order over `productId` … `lastProductId`.
 */
export interface RefusalView {
  id: number;
  clientOrderId: string | null;
  productId: string;
  lastProductId: string | null;
  legs: number;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price: number | null;
  stopPrice: number | null;
  quantity: number;
  displayQuantity: number | null;
  allOrNone: boolean;
  code: ErrorCode;
  reason: string | null;
  params: ErrorParams | null;
  field: string | null;
  createdAt: number;
}

/** The market areas whose rules an administrator edits: the continuous market and the local market (its daily auction follows the local market's rules). */
export const RULES_AREAS = ['DE', 'LM'] as const;
export type RulesArea = (typeof RULES_AREAS)[number];

/**
 * The rules every product of a delivery day opens with: prices in 0.01 €/MWh, quantities in kW,
 * the gate in minutes before delivery starts, the opening as the hour (area's clock) of the day
 * before delivery.
 */
export type MarketRulesValues = RulesValues;

/** A change of an area's rules from a delivery day on. */
export interface ScheduledRulesView {
  effectiveFrom: string;
  rules: MarketRulesValues;
  setAt: number;
  setBy: string | null;
}

export interface AreaRulesView {
  area: RulesArea;
  mode: 'continuous' | 'auction';
  /** The rules of the latest delivery day already listed: what its products trade by. */
  current: MarketRulesValues;
  /** The rules the terminal ships with, in force until an administrator changes them. */
  builtIn: MarketRulesValues;
  /** The first delivery day none of whose products is listed yet: the earliest a change can start. */
  firstOpenDay: string;
  /** Changes that start on a day not listed yet, earliest first (they can still be withdrawn). */
  scheduled: ScheduledRulesView[];
}

/** The rules a new day opens with unless changed again: the last scheduled change, else those in force. */
export function rulesForNewDays(view: AreaRulesView): MarketRulesValues {
  return view.scheduled.at(-1)?.rules ?? view.current;
}
