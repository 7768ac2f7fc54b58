/**
 * What goes into the matching engine: products and commands, all plain JSON-serializable data
 * (events.ts is what comes out, views.ts and snapshot.ts what can be read from it).
 *
 * Units: prices are signed integers in 0.01 €/MWh (negative prices are normal in power markets);
 * quantities are positive integers in kW (0.001 MW). No floats ever carry money or quantity.
 * Bounds: |price| ≤ 999_999 and quantity ≤ 1e9 keep price × quantity below 1e15, inside
 * Number.MAX_SAFE_INTEGER (9.007e15); the summed quantity on one side of one product must stay below
 * 2^53 kW. The only product that can exceed that, the auction's pro-rata share, switches to BigInt.
 */

import type { OrderType, Side, TimeInForce } from '../../../src-shared/domain/schemas';

/** What happens when an incoming order would trade with a resting order of the same owner. */
export type StpMode = 'cancel_resting' | 'cancel_incoming' | 'cancel_both';
export type TradingMode = 'continuous' | 'auction';

export interface ProductSpec {
  id: string;
  /** Positive multiple of the 0.01 €/MWh base unit; prices must be multiples of it. */
  tickSize: number;
  /** Positive kW; quantities must be multiples of it. */
  lotSize: number;
  /** Price band, inclusive; both ends must be on the tick grid. */
  minPrice: number;
  maxPrice: number;
  maxQuantity: number;
  /** Epoch ms: orders are refused before openAt and from gateClosure on. */
  openAt: number;
  gateClosure: number;
  deliveryStart: number;
  deliveryEnd: number;
  mode: TradingMode;
  /** Auction tie-break reference until the product has traded (then the last price is used). */
  referencePrice?: number | null;
}

interface CommandBase {
  /** Caller's sequence number, copied onto every event the command causes. */
  seq: number;
  /** Epoch ms. Advances the engine clock (gate closures, good-for-day expiry) before the command runs. */
  ts: number;
}

export interface AddProductCommand extends CommandBase {
  type: 'addProduct';
  product: ProductSpec;
}

/** Forgets a product whose gate has closed (keeps snapshots small). */
export interface RemoveProductCommand extends CommandBase {
  type: 'removeProduct';
  productId: string;
}

export interface PlaceCommand extends CommandBase {
  type: 'place';
  /** Caller-assigned, unique over the engine's life. */
  orderId: number;
  owner: number;
  clientOrderId?: string | null;
  productId: string;
  side: Side;
  orderType: OrderType;
  quantity: number;
  /**
   * limit, ioc, fok, post_only, iceberg, stop_limit: the limit price (required).
   * market, stop: the protection price, never traded beyond (optional: the band edge).
   */
  price?: number | null;
  /** stop, stop_limit: triggers when the product's last trade price reaches it. */
  stopPrice?: number | null;
  /**
   * gtc good till cancelled (default); gfd good for day (until `expireAt`); gtgc good till gate
   * closure. Ignored for market, ioc and fok, which never rest.
   */
  tif?: TimeInForce;
  /** gfd only: epoch ms at which the order expires. */
  expireAt?: number | null;
  /** iceberg only: visible quantity (multiple of the lot). */
  peak?: number | null;
  /** limit only: rests, and trades only when its whole remaining quantity fills in one match. */
  allOrNone?: boolean;
  /** Overrides the engine's default STP mode for this order. */
  stp?: StpMode | null;
}

export interface BlockLeg {
  productId: string;
  price: number;
  quantity: number;
}

/**
 * One order over consecutive products (each leg's deliveryStart is the previous leg's deliveryEnd),
 * filled on every leg or not at all. Continuous products: executes at once or is rejected.
 * Auction products: waits in the call phase; see auction.ts for how the auction accepts blocks.
 */
export interface PlaceBlockCommand extends CommandBase {
  type: 'placeBlock';
  orderId: number;
  owner: number;
  clientOrderId?: string | null;
  side: Side;
  legs: BlockLeg[];
  tif?: TimeInForce;
  expireAt?: number | null;
  stp?: StpMode | null;
}

/**
 * `quantity` is the new OPEN (remaining) quantity. A lower quantity at the same price keeps time
 * priority; a price change or a higher quantity loses it (the order re-enters and may trade).
 */
export interface ModifyCommand extends CommandBase {
  type: 'modify';
  orderId: number;
  owner: number;
  price?: number | null;
  quantity?: number | null;
  stopPrice?: number | null;
}

export interface CancelCommand extends CommandBase {
  type: 'cancel';
  orderId: number;
  owner: number;
}

/** Cancels every live order of `owner`, of `productId`, or of the owner in that product; `side` narrows it to bids or asks. */
export interface CancelAllCommand extends CommandBase {
  type: 'cancelAll';
  owner?: number | null;
  productId?: string | null;
  side?: 'buy' | 'sell' | null;
}

export interface HaltCommand extends CommandBase {
  type: 'halt';
}
export interface ResumeCommand extends CommandBase {
  type: 'resume';
}
/** Kill switch: cancels all of the owner's orders and refuses new ones until `release`. */
export interface KillCommand extends CommandBase {
  type: 'kill';
  owner: number;
}
export interface ReleaseCommand extends CommandBase {
  type: 'release';
  owner: number;
}
/** Only advances the clock (every command does that too). */
export interface ClockCommand extends CommandBase {
  type: 'clock';
}
/** Runs the uniform-price auction of the given auction products (default: every open one). */
export interface AuctionCommand extends CommandBase {
  type: 'auction';
  productIds?: string[] | null;
  /** Overrides the tie-break reference price per product. */
  referencePrices?: Record<string, number> | null;
  /**
   * The products' only auction: what it leaves unfilled of an order ends (expired, reason
   * auction_unfilled) instead of waiting for another auction, so no order stays working after it.
   */
  final?: boolean | null;
}

export type Command =
  | AddProductCommand
  | RemoveProductCommand
  | PlaceCommand
  | PlaceBlockCommand
  | ModifyCommand
  | CancelCommand
  | CancelAllCommand
  | HaltCommand
  | ResumeCommand
  | KillCommand
  | ReleaseCommand
  | ClockCommand
  | AuctionCommand;

export type CommandType = Command['type'];

export interface EngineOptions {
  /** Default STP mode for orders that do not name one. Default 'cancel_resting'. */
  stp?: StpMode;
  /** First trade id to assign. Default 1. */
  firstTradeId?: number;
}
