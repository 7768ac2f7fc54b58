import type { OrderType, Side, TimeInForce } from '../../../src-shared/domain/schemas';
import type { BlockLeg, TradingMode } from './commands';

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

export type CancelReason = 'user' | 'cancel_all' | 'stp' | 'kill' | 'ioc_remainder' | 'market_remainder' | 'block_rejected';
/** `auction_unfilled`: the product's only auction (a final one) ran and did not fill what is left. */
export type ExpireReason = 'gate_closure' | 'end_of_day' | 'auction_unfilled';

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
  /** An iceberg's peak; null for other orders. */
  peak: number | null;
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
