import type { LevelChange } from '../../../src-shared/domain/book-delta';
import type { OrderType, Side, TimeInForce } from '../../../src-shared/domain/schemas';
import type { BlockLeg, ProductSpec } from './commands';

// Read-only copies the engine hands out. Its book is the shared BookView (schemas.ts); an order is
// the engine's own view, richer than the blotter's OrderView and named apart from it.

/** A live order's state in the engine: the blotter's OrderStatus also has the states after it is gone. */
export type EngineOrderStatus = 'working' | 'partially_filled' | 'pending_trigger';

export interface EngineOrderView {
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
  status: EngineOrderStatus;
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

/**
 * The levels of one product whose displayed quantity or order count changed since they were last
 * taken, best price first per side; quantity and orders 0 = the level is gone.
 */
export interface ChangedLevels {
  bids: LevelChange[];
  asks: LevelChange[];
}
