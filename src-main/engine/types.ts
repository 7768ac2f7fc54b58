/**
 * The matching engine's public contract: commands in, events out, all plain JSON-serializable data.
 *
 * Units: prices are signed integers in 0.01 €/MWh (negative prices are normal in power markets);
 * quantities are positive integers in kW (0.001 MW). No floats ever carry money or quantity.
 * Bounds: |price| ≤ 999_999 and quantity ≤ 1e9 keep price × quantity below 1e15, inside
 * Number.MAX_SAFE_INTEGER (9.007e15); the summed quantity on one side of one product must stay below
 * 2^53 kW. The only product that can exceed that, the auction's pro-rata share, switches to BigInt.
 */

import type { LevelChange } from '../../src-shared/domain/book-delta';

export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market' | 'ioc' | 'fok' | 'post_only' | 'iceberg' | 'stop' | 'stop_limit';
/** gtc good till cancelled; gfd good for day (until `expireAt`); gtgc good till gate closure. */
export type TimeInForce = 'gtc' | 'gfd' | 'gtgc';
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
  /** Default gtc. Ignored for market, ioc and fok, which never rest. */
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

/** Cancels every live order of `owner`, of `productId`, or of the owner in that product. */
export interface CancelAllCommand extends CommandBase {
  type: 'cancelAll';
  owner?: number | null;
  productId?: string | null;
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

export type ReasonCode =
  | 'UNKNOWN_COMMAND'
  | 'BAD_COMMAND'
  | 'UNKNOWN_PRODUCT'
  | 'DUPLICATE_PRODUCT'
  | 'BAD_PRODUCT'
  | 'NOT_OPEN'
  | 'GATE_CLOSED'
  | 'NOT_CLOSED'
  | 'NOT_AUCTION'
  | 'TYPE_NOT_ALLOWED'
  | 'BAD_QUANTITY'
  | 'BAD_LOT'
  | 'ABOVE_MAX_QUANTITY'
  | 'MISSING_PRICE'
  | 'BAD_PRICE'
  | 'OFF_TICK'
  | 'OUT_OF_BAND'
  | 'MISSING_STOP_PRICE'
  | 'BAD_PEAK'
  | 'BAD_EXPIRY'
  | 'BAD_BLOCK'
  | 'DUPLICATE_ORDER_ID'
  | 'DUPLICATE_CLIENT_ID'
  | 'NOT_OWNER'
  | 'NOT_LIVE'
  | 'NOT_MODIFIABLE'
  | 'NO_CHANGE'
  | 'HALTED'
  | 'KILL_SWITCH'
  | 'WOULD_CROSS'
  | 'FOK_UNFILLED'
  | 'BLOCK_UNFILLED';

export type CancelReason = 'user' | 'cancel_all' | 'stp' | 'kill' | 'ioc_remainder' | 'market_remainder';
export type ExpireReason = 'gate_closure' | 'end_of_day';
export type OrderStatus = 'working' | 'partially_filled' | 'pending_trigger';

interface EventBase {
  seq: number;
  ts: number;
}

export interface ProductAddedEvent extends EventBase {
  type: 'productAdded';
  productId: string;
  mode: TradingMode;
}
export interface ProductRemovedEvent extends EventBase {
  type: 'productRemoved';
  productId: string;
}
export interface GateClosedEvent extends EventBase {
  type: 'gateClosed';
  productId: string;
}

export interface AcceptedEvent extends EventBase {
  type: 'accepted';
  orderId: number;
  owner: number;
  clientOrderId: string | null;
  productId: string;
  side: Side;
  orderType: OrderType;
  tif: TimeInForce;
  /** Limit or protection price as the engine applies it (market/stop default: the band edge). */
  price: number;
  stopPrice: number | null;
  quantity: number;
  allOrNone: boolean;
}

export interface BlockAcceptedEvent extends EventBase {
  type: 'blockAccepted';
  orderId: number;
  owner: number;
  clientOrderId: string | null;
  side: Side;
  legs: BlockLeg[];
}

export interface TradeEvent extends EventBase {
  type: 'trade';
  /** Engine-assigned, consecutive. */
  tradeId: number;
  productId: string;
  price: number;
  quantity: number;
  buyOrderId: number;
  sellOrderId: number;
  buyOwner: number;
  sellOwner: number;
  /** Leg index when that side is a block order, else null. */
  buyLeg: number | null;
  sellLeg: number | null;
  /** Open quantity left on each order (on that leg, for a block) after this trade. */
  buyRemaining: number;
  sellRemaining: number;
  /** The incoming side in continuous trading; null for auction trades. */
  aggressor: Side | null;
}

export interface CancelledEvent extends EventBase {
  type: 'cancelled';
  orderId: number;
  owner: number;
  /** Null for a block order (it spans several products). */
  productId: string | null;
  reason: CancelReason;
  /** Open quantity that was cancelled (for a block: summed over its legs). */
  quantity: number;
}

export interface ExpiredEvent extends EventBase {
  type: 'expired';
  orderId: number;
  owner: number;
  productId: string | null;
  reason: ExpireReason;
  quantity: number;
}

export interface ModifiedEvent extends EventBase {
  type: 'modified';
  orderId: number;
  owner: number;
  productId: string;
  price: number;
  stopPrice: number | null;
  /** New open quantity. */
  quantity: number;
  priorityKept: boolean;
}

export interface TriggeredEvent extends EventBase {
  type: 'triggered';
  orderId: number;
  owner: number;
  productId: string;
  stopPrice: number;
  lastPrice: number;
}

export type AuctionDecision = 'volume' | 'imbalance' | 'reference' | 'lowest' | 'none';

export interface AuctionEvent extends EventBase {
  type: 'auction';
  productId: string;
  /** Null when nothing crosses. */
  price: number | null;
  volume: number;
  /** Demand and supply at the clearing price (0 when there is none). */
  buyVolume: number;
  sellVolume: number;
  imbalance: number;
  referencePrice: number | null;
  /** The criterion of AUCTION_RULE that singled out the price. */
  decidedBy: AuctionDecision;
  rule: string;
  /** Block and all-or-none orders with a leg in this product, accepted or left unexecuted. */
  acceptedBlocks: number[];
  rejectedBlocks: number[];
  /** Rounds of the block acceptance loop. */
  iterations: number;
}

export interface HaltedEvent extends EventBase {
  type: 'halted';
}
export interface ResumedEvent extends EventBase {
  type: 'resumed';
}
export interface KillSwitchEvent extends EventBase {
  type: 'killSwitch';
  owner: number;
  active: boolean;
}

export interface RejectedEvent extends EventBase {
  type: 'rejected';
  command: string;
  orderId: number | null;
  owner: number | null;
  productId: string | null;
  reason: ReasonCode;
  message: string;
}

export type EngineEvent =
  | ProductAddedEvent
  | ProductRemovedEvent
  | GateClosedEvent
  | AcceptedEvent
  | BlockAcceptedEvent
  | TradeEvent
  | CancelledEvent
  | ExpiredEvent
  | ModifiedEvent
  | TriggeredEvent
  | AuctionEvent
  | HaltedEvent
  | ResumedEvent
  | KillSwitchEvent
  | RejectedEvent;

export type EventSink = (event: EngineEvent) => void;

export interface EngineOptions {
  /** Default STP mode for orders that do not name one. Default 'cancel_resting'. */
  stp?: StpMode;
  /** First trade id to assign. Default 1. */
  firstTradeId?: number;
}

export interface BookLevelView {
  price: number;
  /** Displayed quantity: visible iceberg peaks, no all-or-none orders (they cannot fill partially). */
  quantity: number;
  /** Number of displayed orders. */
  orders: number;
  /** The displayed quantity belonging to the owner passed to book(), else 0. */
  ownQuantity: number;
}

export interface BookView {
  productId: string;
  bids: BookLevelView[];
  asks: BookLevelView[];
  lastPrice: number | null;
  /** Seq of the last command applied. */
  seq: number;
}

/**
 * The levels of one product whose displayed quantity or order count changed since they were last
 * taken, best price first per side; quantity and orders 0 = the level is gone.
 */
export interface ChangedLevels {
  bids: LevelChange[];
  asks: LevelChange[];
}

export interface OrderView {
  orderId: number;
  owner: number;
  clientOrderId: string | null;
  productId: string;
  side: Side;
  orderType: OrderType;
  tif: TimeInForce;
  price: number;
  stopPrice: number | null;
  /** Entered quantity, including later increases. */
  quantity: number;
  /** Open quantity, visible plus hidden. */
  remaining: number;
  visible: number;
  filled: number;
  allOrNone: boolean;
  expireAt: number | null;
  status: OrderStatus;
  ts: number;
}

export interface BlockView {
  orderId: number;
  owner: number;
  clientOrderId: string | null;
  side: Side;
  legs: BlockLeg[];
  tif: TimeInForce;
  expireAt: number | null;
  ts: number;
}

export interface ProductState {
  spec: ProductSpec;
  closed: boolean;
  lastPrice: number | null;
}

/** An order as stored in a snapshot; field meanings as in OrderView. */
export interface OrderSnapshot {
  id: number;
  owner: number;
  clientOrderId: string | null;
  side: Side;
  orderType: OrderType;
  tif: TimeInForce;
  stp: StpMode;
  allOrNone: boolean;
  price: number;
  stopPrice: number | null;
  quantity: number;
  remaining: number;
  visible: number;
  peak: number | null;
  filled: number;
  expireAt: number | null;
  ts: number;
  prio: number;
}

export interface ProductSnapshot {
  spec: ProductSpec;
  closed: boolean;
  lastPrice: number | null;
  /** Best price first, queue (time priority) order within a price. */
  bids: OrderSnapshot[];
  asks: OrderSnapshot[];
  /** Untriggered stops in firing order: buys, then sells. */
  stops: OrderSnapshot[];
}

export interface BlockSnapshot {
  id: number;
  owner: number;
  clientOrderId: string | null;
  side: Side;
  legs: BlockLeg[];
  tif: TimeInForce;
  expireAt: number | null;
  ts: number;
  prio: number;
}

/** The whole engine state as plain JSON: MatchingEngine.restore(snapshot) continues exactly from here. */
export interface EngineSnapshot {
  format: 'griddesk-engine/1';
  lastSeq: number;
  now: number;
  halted: boolean;
  nextTradeId: number;
  nextPrio: number;
  stp: StpMode;
  /** Owners whose kill switch is on, ascending. */
  killed: number[];
  /** In the order they were added. */
  products: ProductSnapshot[];
  /** Waiting auction blocks in the order they were accepted. */
  blocks: BlockSnapshot[];
}
