import type { OrderStatus, ProductView, Side } from '../domain/schemas';

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
