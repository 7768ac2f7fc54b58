import type { OrderType, Side, TimeInForce } from '../../../src-shared/domain/schemas';
import type { BlockLeg, ProductSpec, StpMode } from './commands';

/** An order as stored in a snapshot; field meanings as in EngineOrderView. */
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
