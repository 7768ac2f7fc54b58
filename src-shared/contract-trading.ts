import { z } from 'zod';
import type { BookDelta } from './book-delta';
import { call, TRADING_ROLES } from './contract-kit';
import { PriceUnitsSchema, ProductIdSchema, type ProductView, QuantityKwSchema, SideSchema, type OrderStatus, type Side } from './schemas';

/**
 * Trading calls and events beyond the spine's order entry: incremental depth, block orders and the
 * local market's auctions. Spread into the contract by contract.ts.
 *
 * The local market (area "LM") lists 15-minute products that trade only by uniform-price auction:
 * orders (limit or market, and block orders over consecutive quarters) collect in the call phase,
 * and the terminal's clock runs each product's auction at its auction time, five minutes before
 * delivery (the product's gateClosure), so the market clears every 15 minutes. Fills arrive as the
 * usual 'orders' and 'trades' events, the clearing price and volume as 'auction.result'.
 */

export type { BookDelta, LevelChange } from './book-delta';

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

export const tradingCalls = {
  /** All-or-none over 2 to 96 consecutive products: every product fills at the price, or none does. */
  'orders.placeBlock': call<BlockOrderView>()({
    input: z
      .object({
        clientOrderId: z.string().min(1).max(64).optional(),
        side: SideSchema,
        productIds: z.array(ProductIdSchema).min(2, 'a block needs at least two products').max(96),
        price: PriceUnitsSchema,
        quantity: QuantityKwSchema,
      })
      .strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  /** The local market's products of today and tomorrow, each with its auction time and last result. */
  'auction.products': call<LocalProductView[]>()({ input: z.object({}).strict(), access: 'session', mutates: false }),
  /** Auction results, newest first; of one product or of all. */
  'auction.results': call<AuctionResultView[]>()({
    input: z.object({ productId: ProductIdSchema.optional(), limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    access: 'session',
    mutates: false,
  }),
} as const;

export interface TradingEvents {
  /** The levels of one book that changed, after their commit; see book-delta.ts for the seq rule. */
  'book.delta': BookDelta;
  /** One product's auction ran (after its commit). */
  'auction.result': AuctionResultView;
}

export const TRADING_EVENT_NAMES: ReadonlyArray<keyof TradingEvents> = ['book.delta', 'auction.result'];
