import { z } from 'zod';
import type { BookDelta } from '../domain/book-delta';
import { rulesIssue, type RulesValues } from '../domain/market-rules';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event, TRADING_ROLES } from './kit';
import {
  type BookView,
  OrderTypeSchema,
  type OrderView,
  PriceUnitsSchema,
  ProductIdSchema,
  type ProductView,
  QuantityKwSchema,
  SideSchema,
  TimeInForceSchema,
  type TradeView,
} from '../domain/schemas';
import { type AreaRulesView, type AuctionResultView, type BlockOrderView, type LocalProductView, type RefusalView, RULES_AREAS } from './trading-views';

/**
 * Trading: the products on the calendar, the order books, order entry (including all-or-none block
 * orders), the blotter, the market halt, and the local market's auctions.
 *
 * The local market (area "LM") lists 15-minute products that trade only by uniform-price auction:
 * single orders (limit or market) collect in the call phase, and the terminal's clock runs each
 * product's auction at its auction time, five minutes before delivery (the product's gateClosure),
 * so the market clears every 15 minutes. Block orders over consecutive quarters trade in the daily
 * auction (area "LMD"): all quarters of the next day clear at once at 12:00 the day before, and a
 * block is accepted only in the money at the uniform prices (docs/local-market.md); in "LM" a block
 * is refused with reason BLOCK_NEEDS_DAILY_AUCTION. Fills arrive as the
 * usual 'trading.order' and 'trading.trade' events, the clearing price and volume as
 * 'trading.auction.result'.
 */

export type { BookDelta, LevelChange } from '../domain/book-delta';
export * from './trading-views';

const empty = z.object({}).strict();
const orderId = z.number().int().positive();

/** A delivery day as the calendar names it, on the area's clock. */
export const DeliveryDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as yyyy-MM-dd');

/** One area's rules, each value within what any market could mean. */
const MarketRulesFields = z
  .object({
    tickSize: z.number().int().min(1).max(100_000),
    lotSize: z.number().int().min(1).max(1_000_000),
    minPrice: PriceUnitsSchema,
    maxPrice: PriceUnitsSchema,
    maxQuantity: z.number().int().min(1).max(100_000_000),
    // Negative values pass the bounds so the check below can say what they mean: a gate after delivery starts.
    gateClosureMinutes: z.number().int().min(-1_440).max(1_440),
    openHourDayBefore: z.number().int().min(0).max(23),
  })
  .strict();

/** How the values fit together (a band on the tick, a gate before delivery and after the opening), named by field and reason. */
function fitTogether(rules: RulesValues, ctx: z.RefinementCtx): void {
  const issue = rulesIssue(rules);
  if (issue) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message, params: { reason: issue.reason, ...issue.params } });
}

export const MarketRulesSchema = MarketRulesFields.superRefine(fitTogether);
export const RulesAreaSchema = z.enum(RULES_AREAS);

/** How many refused orders the core keeps per user for the blotter. */
export const REFUSALS_KEPT = 200;

export const tradingCalls = defineCalls('trading', {
  'trading.products.list': call<ProductView[]>()({ input: empty, access: 'session', mutates: false }),
  'trading.book.get': call<BookView>()({
    input: z.object({ productId: ProductIdSchema, depth: z.number().int().min(1).max(100).default(20) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'trading.orders.place': call<OrderView>()({
    input: z
      .object({
        clientOrderId: z.string().min(1).max(64).optional(),
        productId: ProductIdSchema,
        side: SideSchema,
        type: OrderTypeSchema.default('limit'),
        timeInForce: TimeInForceSchema.default('gtc'),
        price: PriceUnitsSchema.optional(),
        quantity: QuantityKwSchema,
        displayQuantity: QuantityKwSchema.optional(),
        stopPrice: PriceUnitsSchema.optional(),
        allOrNone: z.boolean().default(false),
      })
      .strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  /** All-or-none over 2 to 96 consecutive products: every product fills at the price, or none does. */
  'trading.orders.placeBlock': call<BlockOrderView>()({
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
  'trading.orders.cancel': call<OrderView>()({
    input: z.object({ orderId }).strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'trading.orders.modify': call<OrderView>()({
    input: z
      .object({
        orderId,
        price: PriceUnitsSchema.optional(),
        /** The new open (remaining) quantity: lower keeps time priority, higher loses it. */
        quantity: QuantityKwSchema.optional(),
        stopPrice: PriceUnitsSchema.optional(),
      })
      .strict()
      .refine((v) => v.price !== undefined || v.quantity !== undefined || v.stopPrice !== undefined, 'change the price, the quantity or the stop price'),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'trading.orders.cancelAll': call<{ cancelled: number }>()({
    /** Without a product: the caller's whole book; `side` narrows it to the caller's bids or asks. */
    input: z.object({ productId: ProductIdSchema.optional(), side: SideSchema.optional() }).strict(),
    access: TRADING_ROLES,
    mutates: true,
  }),
  'trading.orders.list': call<OrderView[]>()({
    input: z
      .object({ scope: z.enum(['own', 'all']).default('own'), limit: z.number().int().min(1).max(100_000).default(5_000) })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  /** The caller's most recent refused orders, newest first (the core keeps the last REFUSALS_KEPT per user). */
  'trading.refusals.list': call<RefusalView[]>()({
    input: z.object({ limit: z.number().int().min(1).max(REFUSALS_KEPT).default(REFUSALS_KEPT) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'trading.trades.list': call<TradeView[]>()({
    input: z.object({ limit: z.number().int().min(1).max(100_000).default(5_000) }).strict(),
    access: 'session',
    mutates: false,
  }),
  'trading.halt': call<{ halted: boolean }>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  'trading.resume': call<{ halted: boolean }>()({ input: empty, access: ADMIN_ROLES, mutates: true }),
  /** Whether the market is halted and whether the caller's own kill switch is on. */
  'trading.status': call<{ halted: boolean; killSwitch: boolean }>()({ input: empty, access: 'session', mutates: false }),
  /** Each editable area's rules: in force, built in, and changes scheduled for days not listed yet. */
  'trading.rules.get': call<AreaRulesView[]>()({ input: empty, access: 'session', mutates: false }),
  /**
   * Changes an area's rules from a delivery day on; the day's products must not be listed yet, so
   * no listed product, order or screen changes under anyone. The same day set again replaces it.
   */
  'trading.rules.set': call<AreaRulesView>()({
    input: MarketRulesFields.extend({ area: RulesAreaSchema, effectiveFrom: DeliveryDaySchema }).strict().superRefine(fitTogether),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Withdraws a scheduled change whose day is not listed yet. */
  'trading.rules.cancel': call<AreaRulesView>()({
    input: z.object({ area: RulesAreaSchema, effectiveFrom: DeliveryDaySchema }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** The local market's products of today and tomorrow, each with its auction time and last result. */
  'trading.auction.products': call<LocalProductView[]>()({ input: empty, access: 'session', mutates: false }),
  /** Auction results, newest first; of one product or of all. */
  'trading.auction.results': call<AuctionResultView[]>()({
    input: z.object({ productId: ProductIdSchema.optional(), limit: z.number().int().min(1).max(1_000).default(100) }).strict(),
    access: 'session',
    mutates: false,
  }),
});

export const tradingEvents = defineEvents('trading', {
  /** One of the receiving user's orders changed. */
  'trading.order': event<OrderView>(),
  /** The terminal refused one of the receiving user's orders (it is kept for the blotter). */
  'trading.order.refused': event<RefusalView>(),
  /** One of the receiving user's trades, with the user's own side. */
  'trading.trade': event<TradeView>(),
  /** The levels of one book that changed, after their commit; see domain/book-delta.ts for the seq rule. */
  'trading.book.delta': event<BookDelta>(),
  'trading.halted': event<{ halted: boolean }>(),
  /** An area's rules or scheduled changes changed. */
  'trading.rules': event<AreaRulesView>(),
  /** One product's auction ran (after its commit). */
  'trading.auction.result': event<AuctionResultView>(),
});
