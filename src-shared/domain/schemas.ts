import { z } from 'zod';

/** Bounded strings everywhere: a 1 MB string must be a field error, not a memory problem. */
export const shortText = (max = 64) => z.string().min(1).max(max);

export const RoleSchema = z.enum(['viewer', 'trader', 'operator', 'risk_manager', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES = RoleSchema.options;

export const UsernameSchema = z
  .string()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash and underscore only');

export const PasswordSchema = z
  .string()
  .min(10, 'at least 10 characters')
  .max(256, 'at most 256 characters');

/** Prices travel as signed integers of 0.01 €/MWh: power prices go negative, so zero or below is valid. */
export const PriceUnitsSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number of price units (0.01 €/MWh)')
  .min(-99_999_999)
  .max(99_999_999);

/** Quantities travel as positive integers of kW (0.001 MW). */
export const QuantityKwSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number of kW')
  .positive('must be greater than zero')
  .max(1_000_000_000);

export const ProductIdSchema = z.string().min(1).max(48).regex(/^[A-Z0-9-]+$/, 'not a product id');
export const SideSchema = z.enum(['buy', 'sell']);
export type Side = z.infer<typeof SideSchema>;

export const OrderTypeSchema = z.enum(['limit', 'market', 'ioc', 'fok', 'post_only', 'iceberg', 'stop', 'stop_limit']);
export type OrderType = z.infer<typeof OrderTypeSchema>;
export const TimeInForceSchema = z.enum(['gtc', 'gfd', 'gtgc']);
export type TimeInForce = z.infer<typeof TimeInForceSchema>;

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  lockedUntil: number | null;
  /** An administrator disabled the account: it cannot sign in until enabled again. */
  disabled: boolean;
  /** The terminal's own participant (the simulator's market maker): no password, not to be edited. */
  system: boolean;
  createdAt: number;
  /** When the account last signed in; null: never. */
  lastLoginAt: number | null;
  /** Wrong passwords (and second-factor codes) since the last good sign-in. */
  failedLogins: number;
  /** The account signs in with a TOTP code after its password. */
  totpEnrolled: boolean;
}

export interface SessionView {
  token: string;
  expiresAt: number;
  user: UserView;
  /** The administrators require a second factor this account lacks: only enrolment is open until it has one. */
  mustEnrolTotp: boolean;
}

export type ProductKind = 'quarter' | 'hour' | 'block';

export interface ProductView {
  id: string;
  area: string;
  kind: ProductKind;
  /** Short name such as "BASE", "PEAK"; empty for hour/quarter products. */
  blockName: string;
  deliveryStart: number;
  deliveryEnd: number;
  openAt: number;
  gateClosure: number;
  tickSize: number;
  lotSize: number;
  minPrice: number;
  maxPrice: number;
  maxQuantity: number;
  mode: 'continuous' | 'auction';
}

export type OrderStatus = 'working' | 'partially_filled' | 'filled' | 'cancelled' | 'expired' | 'rejected' | 'pending_trigger';

export interface OrderView {
  id: number;
  clientOrderId: string | null;
  ownerId: number;
  owner: string;
  productId: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price: number | null;
  quantity: number;
  filled: number;
  remaining: number;
  status: OrderStatus;
  reason: string | null;
  /** What the wording of `reason` needs (see ErrorParams), e.g. the auction's clearing price; null when nothing. */
  reasonParams: Readonly<Record<string, string | number>> | null;
  /** The stop (trigger) price of a stop or stop-limit order; `status` pending_trigger until it fires. */
  stopPrice: number | null;
  /** An iceberg's peak: the most it shows in the book at once. */
  displayQuantity: number | null;
  /** Of a live iceberg: the part shown in the book now (the rest of `remaining` is hidden); null otherwise. */
  visible: number | null;
  allOrNone: boolean;
  /** A block order over consecutive products: how many, and the last (`productId` is the first); null for one product. */
  block: { legs: number; lastProductId: string } | null;
  createdAt: number;
  updatedAt: number;
}

export interface TradeView {
  id: number;
  productId: string;
  price: number;
  quantity: number;
  ts: number;
  buyOrderId: number;
  sellOrderId: number;
  /** Side of the viewer in this trade, when the viewer took part. */
  ownSide: Side | null;
}

export interface BookLevel {
  price: number;
  quantity: number;
  orders: number;
  ownQuantity: number;
}

export interface BookView {
  productId: string;
  bids: BookLevel[];
  asks: BookLevel[];
  lastPrice: number | null;
  seq: number;
}

export interface AuditEntry {
  seq: number;
  terminalId: string;
  ts: number;
  actor: string | null;
  type: string;
  payload: unknown;
}
