/**
 * Seeded workloads for the engine benchmark, shared with any other runner (e.g. a journaled run):
 * plain typed arrays of operations, generated once and replayed identically into each engine.
 *
 * Cancels must name orders that are still live, which depends on matching; the generator therefore
 * runs the flow through a shadow MatchingEngine while generating. Any engine with price-time
 * priority sees the same live orders, so the workload stays engine-neutral once generated.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { MatchingEngine, type Command, type EngineEvent, type ProductSpec } from '../src-main/engine';

export const OP_LIMIT = 0;
export const OP_CANCEL = 1;
export const OP_MARKET = 2;

/** Struct-of-arrays: op i is (kind[i], side[i] 0 buy / 1 sell, price[i], qty[i], id[i]). */
export interface Ops {
  length: number;
  kind: Uint8Array;
  side: Uint8Array;
  price: Int32Array;
  qty: Int32Array;
  /** New order id for limit and market, target order id for cancel. */
  id: Int32Array;
}

export interface Workload {
  name: string;
  /** Resting orders placed before timing starts. */
  prefill: Ops;
  /** The timed operations. */
  ops: Ops;
  /** Live orders after the prefill and after the ops, as seen by the shadow engine. */
  bookBefore: number;
  bookAfter: number;
}

/** 0.01 €/MWh: 50.00 €/MWh. The baseline package refuses prices ≤ 0, so the shared flow stays positive. */
export const MID = 5000;
export const PRODUCT_ID = 'BENCH';
export const BENCH_PRODUCT: ProductSpec = {
  id: PRODUCT_ID,
  tickSize: 1,
  lotSize: 100,
  minPrice: -999_999,
  maxPrice: 999_999,
  maxQuantity: 10_000_000,
  openAt: 0,
  gateClosure: 4_102_444_800_000,
  deliveryStart: 4_102_444_800_000 + 300_000,
  deliveryEnd: 4_102_444_800_000 + 3_900_000,
  mode: 'continuous',
};
export const AUCTION_PRODUCT: ProductSpec = { ...BENCH_PRODUCT, id: 'BENCH-AUCTION', mode: 'auction' };
export const BENCH_TS = 1_000_000;

function makeOps(n: number): Ops {
  return {
    length: n,
    kind: new Uint8Array(n),
    side: new Uint8Array(n),
    price: new Int32Array(n),
    qty: new Int32Array(n),
    id: new Int32Array(n),
  };
}

function slice(ops: Ops, n: number): Ops {
  return {
    length: n,
    kind: ops.kind.subarray(0, n),
    side: ops.side.subarray(0, n),
    price: ops.price.subarray(0, n),
    qty: ops.qty.subarray(0, n),
    id: ops.id.subarray(0, n),
  };
}

/** Op i as an engine command (owner = order id: distinct traders, so no self-trade prevention fires). */
export function toCommand(ops: Ops, i: number, seq: number, productId = PRODUCT_ID): Command {
  const id = ops.id[i]!;
  switch (ops.kind[i]) {
    case OP_CANCEL:
      return { type: 'cancel', seq, ts: BENCH_TS, orderId: id, owner: id };
    case OP_MARKET:
      return { type: 'place', seq, ts: BENCH_TS, orderId: id, owner: id, productId, side: ops.side[i] === 0 ? 'buy' : 'sell', orderType: 'market', quantity: ops.qty[i]! };
    default:
      return {
        type: 'place',
        seq,
        ts: BENCH_TS,
        orderId: id,
        owner: id,
        productId,
        side: ops.side[i] === 0 ? 'buy' : 'sell',
        orderType: 'limit',
        price: ops.price[i]!,
        quantity: ops.qty[i]!,
      };
  }
}

class Rng {
  private readonly g;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed);
  }
  /** Uniform-enough integer in [0, k) for workload shaping. */
  int(k: number): number {
    return (this.g.next() >>> 0) % k;
  }
}

/** Live order ids with O(1) add, remove and random pick. */
class LiveSet {
  private readonly ids: number[] = [];
  private readonly at = new Map<number, number>();
  get size(): number {
    return this.ids.length;
  }
  add(id: number): void {
    if (this.at.has(id)) return;
    this.at.set(id, this.ids.length);
    this.ids.push(id);
  }
  remove(id: number): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(id);
  }
  pick(rng: Rng): number {
    return this.ids[rng.int(this.ids.length)]!;
  }
}

/** A resting order of the initial book: buys below MID, sells above, `levels` prices per side. */
function restingOrder(ops: Ops, i: number, rng: Rng, levels: number, id: number): void {
  const sell = rng.int(2);
  ops.kind[i] = OP_LIMIT;
  ops.side[i] = sell;
  ops.price[i] = sell === 1 ? MID + 1 + rng.int(levels) : MID - 1 - rng.int(levels);
  ops.qty[i] = (1 + rng.int(20)) * 100;
  ops.id[i] = id;
}

/** `n` resting limit orders spread over 1,000 price levels (500 a side), none crossing. */
export function insertWorkload(n: number, seed = 1): Workload {
  const rng = new Rng(seed);
  const ops = makeOps(n);
  for (let i = 0; i < n; i++) restingOrder(ops, i, rng, 500, i + 1);
  return { name: 'insert', prefill: makeOps(0), ops, bookBefore: 0, bookAfter: n };
}

/**
 * A book of about `bookSize` resting orders over 2 × `levels` prices, then `n` operations:
 * 60% limit orders (about a fifth priced through the opposite best, so they cross), 30% cancels
 * of live orders, 10% market orders.
 */
export function mixedWorkload(bookSize: number, n: number, levels: number, seed = 2, name = 'mixed'): Workload {
  const rng = new Rng(seed);
  const shadow = new MatchingEngine();
  shadow.addProduct(BENCH_PRODUCT);
  const live = new LiveSet();
  const track = (e: EngineEvent): void => {
    if (e.type === 'trade') {
      if (e.buyRemaining === 0) live.remove(e.buyOrderId);
      if (e.sellRemaining === 0) live.remove(e.sellOrderId);
    } else if (e.type === 'cancelled') live.remove(e.orderId);
  };
  let seq = 0;
  const run = (ops: Ops, i: number): void => {
    shadow.apply(toCommand(ops, i, ++seq), track);
    if (ops.kind[i] === OP_LIMIT && shadow.order(ops.id[i]!) !== null) live.add(ops.id[i]!);
  };
  let nextId = 1;
  const prefill = makeOps(bookSize);
  for (let i = 0; i < bookSize; i++) {
    restingOrder(prefill, i, rng, levels, nextId++);
    run(prefill, i);
  }
  const bookBefore = live.size;
  const ops = makeOps(n);
  for (let i = 0; i < n; i++) {
    const r = rng.int(100);
    const sell = rng.int(2);
    ops.side[i] = sell;
    if (r < 60) {
      ops.kind[i] = OP_LIMIT;
      ops.id[i] = nextId++;
      ops.qty[i] = (1 + rng.int(20)) * 100;
      // A fifth of the limit orders cross on average; the share leans with the book size so the
      // book stays near `bookSize` over a long run (the 60/30/10 mix itself never changes).
      if (rng.int(10) < (live.size > bookSize ? 3 : 1)) {
        const book = shadow.book(PRODUCT_ID, 1)!;
        const best = sell === 1 ? book.bids[0]?.price ?? MID : book.asks[0]?.price ?? MID;
        ops.price[i] = sell === 1 ? best - rng.int(3) : best + rng.int(3);
      } else {
        ops.price[i] = sell === 1 ? MID + 1 + rng.int(levels) : MID - 1 - rng.int(levels);
      }
    } else if (r < 90 && live.size > 0) {
      ops.kind[i] = OP_CANCEL;
      ops.id[i] = live.pick(rng);
    } else {
      ops.kind[i] = OP_MARKET;
      ops.id[i] = nextId++;
      ops.qty[i] = (1 + rng.int(20)) * 100;
    }
    run(ops, i);
  }
  return { name, prefill, ops, bookBefore, bookAfter: live.size };
}

/** `n` call-phase orders in one auction product, buys and sells over the same 200 prices so they cross. */
export function auctionWorkload(n: number, seed = 3): Ops {
  const rng = new Rng(seed);
  const ops = makeOps(n);
  for (let i = 0; i < n; i++) {
    const sell = rng.int(2);
    ops.kind[i] = OP_LIMIT;
    ops.side[i] = sell;
    ops.price[i] = MID - 100 + rng.int(200) + (sell === 1 ? 20 : -20);
    ops.qty[i] = (1 + rng.int(20)) * 100;
    ops.id[i] = i + 1;
  }
  return ops;
}

export { slice as sliceOps };
