import fc from 'fast-check';
import type { Command, ProductSpec, StpMode } from '../../src-main/engine';
import type { OrderType, TimeInForce } from '../../src-shared/domain/schemas';
import { DAY, HOUR, spec } from './helpers';

/**
 * Random command streams over a fixed product universe, as compact "ops" that a builder turns into
 * engine commands. fast-check generates ops (so failures shrink); the long replay test draws the same
 * ops from a seeded pure-rand generator.
 */
export type Op =
  | {
      k: 'place';
      product: number;
      owner: number;
      sell: boolean;
      type: OrderType;
      /** Ticks from the product's centre price. */
      off: number;
      lots: number;
      tif: number;
      aon: boolean;
      peakLots: number;
      stopOff: number;
      stp: number;
      cid: number;
      /** Sometimes corrupt one field to exercise the rejections. */
      bad: number;
    }
  | { k: 'cancel'; pick: number; wrongOwner: boolean }
  | { k: 'modify'; pick: number; off: number | null; lots: number | null; stopOff: number | null }
  | { k: 'block'; first: number; legs: number; owner: number; sell: boolean; off: number; lots: number }
  | { k: 'cancelAll'; owner: number | null; product: number | null }
  | { k: 'auction'; product: number | null }
  | { k: 'clock'; seconds: number }
  | { k: 'halt' }
  | { k: 'resume' }
  | { k: 'kill'; owner: number }
  | { k: 'release'; owner: number };

export interface Universe {
  products: ProductSpec[];
  /** Centre price per product (negative for one of them). */
  centre: number[];
  start: number;
}

const ORDER_TYPES: OrderType[] = ['limit', 'limit', 'limit', 'market', 'ioc', 'fok', 'post_only', 'iceberg', 'stop', 'stop_limit'];
const TIFS: TimeInForce[] = ['gtc', 'gfd', 'gtgc'];
const STPS: (StpMode | null)[] = [null, null, 'cancel_resting', 'cancel_incoming', 'cancel_both'];

/** Continuous hours C0..C(n-1), one continuous product around zero price, two auction hours. */
export function universe(hours = 3): Universe {
  const products: ProductSpec[] = [];
  const centre: number[] = [];
  for (let h = 0; h < hours; h++) {
    products.push(spec(`C${h}`, h === 1 ? { tickSize: 5, minPrice: -999_995, maxPrice: 999_995 } : {}, h));
    centre.push(5000);
  }
  products.push(spec('NEG', { minPrice: -50_000, maxPrice: 50_000 }, hours));
  centre.push(0);
  products.push(spec('A0', { mode: 'auction', referencePrice: 4990 }, hours + 1));
  centre.push(5000);
  products.push(spec('A1', { mode: 'auction' }, hours + 2));
  centre.push(5000);
  return { products, centre, start: DAY - HOUR };
}

/** Turns ops into commands, tracking time, ids and placed orders so cancels and modifies hit real ones. */
export class StreamBuilder {
  seq = 0;
  ts: number;
  private nextId = 1;
  private readonly placed: { id: number; owner: number; product: number }[] = [];

  constructor(readonly u: Universe) {
    this.ts = u.start;
  }

  setup(): Command[] {
    return this.u.products.map((product) => ({ type: 'addProduct', seq: ++this.seq, ts: this.ts, product }));
  }

  private pick(n: number): { id: number; owner: number; product: number } | undefined {
    if (this.placed.length === 0) return undefined;
    return this.placed[this.placed.length - 1 - (n % Math.min(this.placed.length, 64))];
  }

  build(op: Op): Command {
    const seq = ++this.seq;
    const ts = this.ts;
    const { products, centre } = this.u;
    switch (op.k) {
      case 'place': {
        const p = products[op.product % products.length]!;
        const c = centre[op.product % products.length]!;
        const tick = p.tickSize;
        const id = this.nextId++;
        this.placed.push({ id, owner: op.owner, product: op.product % products.length });
        const type = op.type;
        const cmd: Command = {
          type: 'place',
          seq,
          ts,
          orderId: id,
          owner: op.owner,
          productId: p.id,
          side: op.sell ? 'sell' : 'buy',
          orderType: type,
          quantity: op.lots * p.lotSize,
          price: type === 'market' || type === 'stop' ? (op.off % 3 === 0 ? null : c + op.off * tick * 4) : c + op.off * tick,
          tif: TIFS[op.tif % 3]!,
          stp: STPS[op.stp % STPS.length]!,
        };
        if (op.tif % 3 === 1) cmd.expireAt = ts + 1000 * (1 + ((op.lots * 7 + op.off) % 30 + 30) % 30);
        if (op.aon && type === 'limit') cmd.allOrNone = true;
        if (type === 'iceberg') cmd.peak = Math.max(1, Math.min(op.peakLots, op.lots)) * p.lotSize;
        if (type === 'stop' || type === 'stop_limit') cmd.stopPrice = c + op.stopOff * tick;
        if (op.cid > 0) cmd.clientOrderId = `c${op.cid}`;
        switch (op.bad) {
          case 1:
            cmd.quantity = op.lots * p.lotSize + 1;
            break;
          case 2:
            cmd.price = c + op.off * tick + (tick > 1 ? 1 : 0.5);
            break;
          case 3:
            cmd.productId = 'NOPE';
            break;
          case 4:
            cmd.orderId = this.placed[0]?.id ?? id;
            break;
          case 5:
            cmd.price = p.maxPrice + tick;
            break;
        }
        return cmd;
      }
      case 'cancel': {
        const t = this.pick(op.pick);
        return { type: 'cancel', seq, ts, orderId: t?.id ?? 999_999, owner: (t?.owner ?? 1) + (op.wrongOwner ? 1 : 0) };
      }
      case 'modify': {
        const t = this.pick(op.pick);
        const p = products[t?.product ?? 0]!;
        const c = centre[t?.product ?? 0]!;
        return {
          type: 'modify',
          seq,
          ts,
          orderId: t?.id ?? 999_999,
          owner: t?.owner ?? 1,
          price: op.off === null ? null : c + op.off * p.tickSize,
          quantity: op.lots === null ? null : op.lots * p.lotSize,
          stopPrice: op.stopOff === null ? null : c + op.stopOff * p.tickSize,
        };
      }
      case 'block': {
        const first = op.first % products.length;
        const legs = [];
        for (let i = 0; i < op.legs && first + i < products.length; i++) {
          const p = products[first + i]!;
          legs.push({ productId: p.id, price: centre[first + i]! + op.off * p.tickSize, quantity: op.lots * p.lotSize });
        }
        const id = this.nextId++;
        this.placed.push({ id, owner: op.owner, product: first });
        return { type: 'placeBlock', seq, ts, orderId: id, owner: op.owner, side: op.sell ? 'sell' : 'buy', legs };
      }
      case 'cancelAll':
        return {
          type: 'cancelAll',
          seq,
          ts,
          owner: op.owner,
          productId: op.product === null ? null : products[op.product % products.length]!.id,
        };
      case 'auction':
        return { type: 'auction', seq, ts, productIds: op.product === null ? null : [products[op.product % products.length]!.id] };
      case 'clock':
        this.ts += op.seconds * 1000;
        return { type: 'clock', seq, ts: this.ts };
      case 'halt':
        return { type: 'halt', seq, ts };
      case 'resume':
        return { type: 'resume', seq, ts };
      case 'kill':
        return { type: 'kill', seq, ts, owner: op.owner };
      case 'release':
        return { type: 'release', seq, ts, owner: op.owner };
    }
  }
}

const owner = fc.integer({ min: 1, max: 4 });

export const placeOp: fc.Arbitrary<Op> = fc.record({
  k: fc.constant('place' as const),
  product: fc.nat({ max: 9 }),
  owner,
  sell: fc.boolean(),
  type: fc.constantFrom(...ORDER_TYPES),
  off: fc.integer({ min: -6, max: 6 }),
  lots: fc.integer({ min: 1, max: 12 }),
  tif: fc.nat({ max: 5 }),
  aon: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  peakLots: fc.integer({ min: 1, max: 4 }),
  stopOff: fc.integer({ min: -4, max: 4 }),
  stp: fc.nat({ max: 4 }),
  cid: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }) }),
  bad: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }) }),
});

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 30, arbitrary: placeOp },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('cancel' as const), pick: fc.nat({ max: 63 }), wrongOwner: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('modify' as const),
      pick: fc.nat({ max: 63 }),
      off: fc.option(fc.integer({ min: -6, max: 6 })),
      lots: fc.option(fc.integer({ min: 1, max: 12 })),
      stopOff: fc.option(fc.integer({ min: -4, max: 4 }), { freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('block' as const),
      first: fc.nat({ max: 5 }),
      legs: fc.integer({ min: 1, max: 3 }),
      owner,
      sell: fc.boolean(),
      off: fc.integer({ min: -6, max: 6 }),
      lots: fc.integer({ min: 1, max: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancelAll' as const), owner: fc.option(owner), product: fc.option(fc.nat({ max: 9 })) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('auction' as const), product: fc.option(fc.nat({ max: 9 })) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('clock' as const), seconds: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 1, arbitrary: fc.constantFrom<Op>({ k: 'halt' }, { k: 'resume' }, { k: 'resume' }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('kill' as const, 'release' as const, 'release' as const), owner }) as fc.Arbitrary<Op> },
);

/** A deterministic op from a seeded integer source (used for the long replay log). */
export function randomOp(int: (n: number) => number): Op {
  const r = int(100);
  const pickOwner = (): number => 1 + int(6);
  if (r < 58) {
    return {
      k: 'place',
      product: int(10),
      owner: pickOwner(),
      sell: int(2) === 1,
      type: ORDER_TYPES[int(ORDER_TYPES.length)]!,
      off: int(13) - 6,
      lots: 1 + int(12),
      tif: int(6),
      aon: int(12) === 0,
      peakLots: 1 + int(4),
      stopOff: int(9) - 4,
      stp: int(5),
      cid: int(6) === 0 ? 1 + int(50) : 0,
      bad: int(25) === 0 ? 1 + int(5) : 0,
    };
  }
  if (r < 74) return { k: 'cancel', pick: int(64), wrongOwner: int(20) === 0 };
  if (r < 85) {
    return {
      k: 'modify',
      pick: int(64),
      off: int(3) === 0 ? null : int(13) - 6,
      lots: int(3) === 0 ? null : 1 + int(12),
      stopOff: int(5) === 0 ? int(9) - 4 : null,
    };
  }
  if (r < 88) return { k: 'block', first: int(6), legs: 1 + int(3), owner: pickOwner(), sell: int(2) === 1, off: int(13) - 6, lots: 1 + int(6) };
  if (r < 89) return { k: 'cancelAll', owner: int(2) === 0 ? pickOwner() : null, product: int(2) === 0 ? int(10) : null };
  if (r < 91) return { k: 'auction', product: int(3) === 0 ? int(10) : null };
  if (r < 97) return { k: 'clock', seconds: int(2) };
  // Halts and kill switches are rare and lifted soon, as on a real desk.
  if (r < 98) return int(10) === 0 ? { k: 'halt' } : { k: 'resume' };
  return int(10) === 0 ? { k: 'kill', owner: pickOwner() } : { k: 'release', owner: pickOwner() };
}
