import type { Level } from './book';
import type { Product } from './product';
import type { OrderType, TimeInForce } from '../../src-shared/domain/schemas';
import type { StpMode } from './api/commands';

// Small integers instead of strings on the hot path; the public strings are mapped at the edges.
export const K_LIMIT = 0;
export const K_MARKET = 1;
export const K_IOC = 2;
export const K_FOK = 3;
export const K_POST_ONLY = 4;
export const K_ICEBERG = 5;
export const K_STOP = 6;
export const K_STOP_LIMIT = 7;
export const KIND_NAMES: readonly OrderType[] = ['limit', 'market', 'ioc', 'fok', 'post_only', 'iceberg', 'stop', 'stop_limit'];

export const TIF_GTC = 0;
export const TIF_GFD = 1;
export const TIF_GTGC = 2;
export const TIF_NAMES: readonly TimeInForce[] = ['gtc', 'gfd', 'gtgc'];

/** STP_NONE exists only for the post-only "would it trade at all" probe. */
export const STP_NONE = 0;
export const STP_CANCEL_RESTING = 1;
export const STP_CANCEL_INCOMING = 2;
export const STP_CANCEL_BOTH = 3;
export const STP_NAMES: readonly (StpMode | null)[] = [null, 'cancel_resting', 'cancel_incoming', 'cancel_both'];

export const S_FREE = 0;
/** In a price level: resting in a continuous book or waiting in an auction's call phase. */
export const S_BOOK = 1;
export const S_STOP = 2;
/** Matching as the incoming order, not in any structure. */
export const S_TAKER = 3;

export function kindOf(name: unknown): number {
  switch (name) {
    case 'limit':
      return K_LIMIT;
    case 'market':
      return K_MARKET;
    case 'ioc':
      return K_IOC;
    case 'fok':
      return K_FOK;
    case 'post_only':
      return K_POST_ONLY;
    case 'iceberg':
      return K_ICEBERG;
    case 'stop':
      return K_STOP;
    case 'stop_limit':
      return K_STOP_LIMIT;
    default:
      return -1;
  }
}
export function tifOf(name: unknown): number {
  if (name === undefined || name === null) return TIF_GTC;
  return TIF_NAMES.indexOf(name as TimeInForce);
}
export function stpOf(name: unknown, fallback: number): number {
  if (name === undefined || name === null) return fallback;
  const k = STP_NAMES.indexOf(name as StpMode);
  return k > 0 ? k : -1;
}

/**
 * One order, pooled: objects are reused after the order dies so a busy book does not churn the
 * garbage collector. Nothing outside the engine ever holds one (views are copies).
 */
export class Order {
  id = 0;
  /** Leg index while a block leg executes as the incoming order; -1 for ordinary orders. */
  leg = -1;
  owner = 0;
  clientOrderId: string | null = null;
  product: Product | null = null;
  buy = true;
  kind = K_LIMIT;
  tif = TIF_GTC;
  stp = STP_CANCEL_RESTING;
  aon = false;
  /** Limit price; for market and stop orders the protection price. */
  price = 0;
  stopPrice = 0;
  /** Entered quantity including increases. */
  quantity = 0;
  /** Open quantity: visible + hidden. */
  remaining = 0;
  /** The part shown in the book (the iceberg peak); equals remaining for other orders. */
  visible = 0;
  peak = 0;
  filled = 0;
  expireAt = 0;
  ts = 0;
  /** Time priority stamp: increases with every entry into a queue. */
  prio = 0;
  state = S_FREE;
  /** Registered in the id index (resting or waiting as a stop). */
  indexed = false;
  level: Level | null = null;
  prev: Order | null = null;
  next: Order | null = null;
  /** Auction scratch: quantity allocated at the clearing price and not yet paired. */
  alloc = 0;
}

export class OrderPool {
  private readonly free: Order[] = [];

  acquire(): Order {
    return this.free.pop() ?? new Order();
  }

  release(o: Order): void {
    o.state = S_FREE;
    o.indexed = false;
    o.product = null;
    o.level = null;
    o.prev = null;
    o.next = null;
    o.clientOrderId = null;
    o.leg = -1;
    o.aon = false;
    o.alloc = 0;
    // A bounded pool: after a burst, the extra objects are left to the collector.
    if (this.free.length < 65_536) this.free.push(o);
  }
}

export class BlockLegState {
  constructor(
    readonly product: Product,
    readonly index: number,
    readonly price: number,
    readonly quantity: number,
  ) {}
}

/**
 * The scratch order that stands for one leg of a block while it executes: as the incoming order of
 * a continuous block, or as the leg's share of an auction. It never rests; its owner releases it.
 */
export function legOrder(pool: OrderPool, id: number, owner: number, buy: boolean, leg: BlockLegState, stp: number, prio: number, ts: number): Order {
  const o = pool.acquire();
  o.id = id;
  o.leg = leg.index;
  o.owner = owner;
  o.product = leg.product;
  o.buy = buy;
  o.kind = K_LIMIT;
  o.stp = stp;
  o.price = leg.price;
  o.quantity = leg.quantity;
  o.remaining = leg.quantity;
  o.visible = leg.quantity;
  o.filled = 0;
  o.prio = prio;
  o.ts = ts;
  o.state = S_TAKER;
  return o;
}

/** A block order waiting for an auction (continuous blocks never rest). */
export class Block {
  constructor(
    readonly id: number,
    readonly owner: number,
    readonly clientOrderId: string | null,
    readonly buy: boolean,
    readonly legs: BlockLegState[],
    readonly tif: number,
    readonly expireAt: number,
    readonly ts: number,
    readonly prio: number,
  ) {}
}
