import { z } from 'zod';
import { ADMIN_ROLES, call, TRADING_ROLES, type CallDef } from './contract-kit';
import { DELIVERY_EVENT_NAMES, deliveryCalls, type DeliveryEvents } from './contract-delivery';
import { DEVICE_EVENT_NAMES, deviceCalls, type DeviceEvents } from './contract-devices';
import { MARKET_EVENT_NAMES, marketCalls, type MarketEvents } from './contract-market';
import { forecastCalls, reportCalls, RISK_EVENT_NAMES, riskCalls, type RiskEvents } from './contract-risk';
import { TRADING_EVENT_NAMES, tradingCalls, type TradingEvents } from './contract-trading';
import {
  type AuditEntry,
  type BookView,
  OrderTypeSchema,
  type OrderView,
  PasswordSchema,
  PriceUnitsSchema,
  ProductIdSchema,
  type ProductView,
  QuantityKwSchema,
  RoleSchema,
  type SessionView,
  SideSchema,
  TimeInForceSchema,
  type TradeView,
  type UserView,
  UsernameSchema,
  shortText,
} from './schemas';

/**
 * The one contract between the renderer and the core. The renderer's client, the preload bridge
 * and the core's router are all derived from `calls` and `events`, so a call that does not match
 * this file does not compile anywhere.
 */

const TRADING = TRADING_ROLES;
const ADMIN = ADMIN_ROLES;
const empty = z.object({}).strict();

export const PrefKeySchema = z.enum(['layout', 'theme', 'locale', 'ticket', 'layouts', 'alerts', 'watchlist']);
export type PrefKey = z.infer<typeof PrefKeySchema>;

export const calls = {
  'auth.status': call<{ needsSetup: boolean; terminalId: string; version: string }>()({
    input: empty,
    access: 'public',
    mutates: false,
  }),
  'auth.setup': call<SessionView>()({
    input: z
      .object({
        setupToken: z.string().max(128).optional(),
        username: UsernameSchema,
        displayName: shortText(64),
        password: PasswordSchema,
      })
      .strict(),
    access: 'public',
    mutates: true,
  }),
  'auth.login': call<SessionView>()({
    input: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict(),
    access: 'public',
    mutates: true,
  }),
  'auth.resume': call<SessionView>()({
    input: z.object({ token: z.string().min(1).max(128) }).strict(),
    access: 'public',
    mutates: false,
  }),
  'auth.logout': call<{ done: true }>()({ input: empty, access: 'session', mutates: true }),
  'auth.changePassword': call<{ done: true }>()({
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema }).strict(),
    access: 'session',
    mutates: true,
  }),

  'users.list': call<UserView[]>()({ input: empty, access: ADMIN, mutates: false }),
  'users.create': call<UserView>()({
    input: z
      .object({ username: UsernameSchema, displayName: shortText(64), password: PasswordSchema, role: RoleSchema })
      .strict(),
    access: ADMIN,
    mutates: true,
  }),
  'users.setRole': call<UserView>()({
    input: z.object({ userId: z.number().int().positive(), role: RoleSchema }).strict(),
    access: ADMIN,
    mutates: true,
  }),
  'users.unlock': call<UserView>()({
    input: z.object({ userId: z.number().int().positive() }).strict(),
    access: ADMIN,
    mutates: true,
  }),

  'prefs.get': call<Partial<Record<PrefKey, unknown>>>()({ input: empty, access: 'session', mutates: false }),
  'prefs.set': call<{ done: true }>()({
    input: z
      .object({
        key: PrefKeySchema,
        // Preferences are opaque JSON to the core; bounded so a client cannot fill the disk.
        value: z.json().refine((v) => JSON.stringify(v).length <= 200_000, 'preference too large (200 kB max)'),
      })
      .strict(),
    access: 'session',
    mutates: true,
  }),

  'products.list': call<ProductView[]>()({ input: empty, access: 'session', mutates: false }),
  'book.get': call<BookView>()({
    input: z.object({ productId: ProductIdSchema, depth: z.number().int().min(1).max(100).default(20) }).strict(),
    access: 'session',
    mutates: false,
  }),

  'orders.place': call<OrderView>()({
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
    access: TRADING,
    mutates: true,
  }),
  'orders.cancel': call<OrderView>()({
    input: z.object({ orderId: z.number().int().positive() }).strict(),
    access: TRADING,
    mutates: true,
  }),
  'orders.modify': call<OrderView>()({
    input: z
      .object({
        orderId: z.number().int().positive(),
        price: PriceUnitsSchema.optional(),
        /** The new open (remaining) quantity: lower keeps time priority, higher loses it. */
        quantity: QuantityKwSchema.optional(),
        stopPrice: PriceUnitsSchema.optional(),
      })
      .strict()
      .refine((v) => v.price !== undefined || v.quantity !== undefined || v.stopPrice !== undefined, 'change the price, the quantity or the stop price'),
    access: TRADING,
    mutates: true,
  }),
  'orders.cancelAll': call<{ cancelled: number }>()({
    input: z.object({ productId: ProductIdSchema.optional() }).strict(),
    access: TRADING,
    mutates: true,
  }),
  'market.halt': call<{ halted: boolean }>()({ input: empty, access: ADMIN, mutates: true }),
  'market.resume': call<{ halted: boolean }>()({ input: empty, access: ADMIN, mutates: true }),
  'market.status': call<{ halted: boolean; killSwitch: boolean }>()({ input: empty, access: 'session', mutates: false }),
  /** Stops a user's trading at once: all their orders cancelled, new ones refused until released. */
  'risk.killSwitch': call<{ userId: number; active: boolean; cancelled: number }>()({
    input: z.object({ userId: z.number().int().positive().optional(), active: z.boolean() }).strict(),
    access: TRADING,
    mutates: true,
  }),
  'orders.list': call<OrderView[]>()({
    input: z
      .object({ scope: z.enum(['own', 'all']).default('own'), limit: z.number().int().min(1).max(100_000).default(5_000) })
      .strict(),
    access: 'session',
    mutates: false,
  }),
  'trades.list': call<TradeView[]>()({
    input: z.object({ limit: z.number().int().min(1).max(100_000).default(5_000) }).strict(),
    access: 'session',
    mutates: false,
  }),

  'audit.list': call<AuditEntry[]>()({
    input: z
      .object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1_000).default(200) })
      .strict(),
    access: ADMIN,
    mutates: false,
  }),

  ...deviceCalls,
  ...tradingCalls,
  ...marketCalls,
  ...riskCalls,
  ...forecastCalls,
  ...reportCalls,
  ...deliveryCalls,
} as const;

export type Calls = typeof calls;
export type Method = keyof Calls;
export type CallInput<M extends Method> = z.input<Calls[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Calls[M]['input']>;
export type CallOutput<M extends Method> = Calls[M] extends CallDef<z.ZodType, infer O> ? O : never;

/** Streams the core pushes; the payload types are the contract. */
export interface Events extends DeviceEvents, MarketEvents, RiskEvents, TradingEvents, DeliveryEvents {
  'orders': OrderView;
  'trades': TradeView;
  'session.ended': { reason: 'logout' | 'expired' | 'locked' | 'role_changed' };
  'market.halted': { halted: boolean };
  'risk.killSwitch': { userId: number; active: boolean };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['orders', 'trades', 'session.ended', 'market.halted', 'risk.killSwitch', ...DEVICE_EVENT_NAMES, ...MARKET_EVENT_NAMES, ...RISK_EVENT_NAMES, ...TRADING_EVENT_NAMES, ...DELIVERY_EVENT_NAMES];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** The wire format shared by the WebSocket and IPC transports. */
export const RequestEnvelopeSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown() })
  .strict();
