import fc from 'fast-check';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { type ChangedLevels, type Command, type EngineSnapshot, MatchingEngine, type ProductSpec } from '../../src-main/engine';
import type { LevelChange } from '../../src-shared/domain/book-delta';
import { HOUR, Harness, spec, T0 } from './helpers';
import { type Op, opArb, StreamBuilder, universe } from './streams';

type Side = Map<number, string>;
interface Known {
  bids: Side;
  asks: Side;
}

const ALL = 1_000_000_000;
const level = (quantity: number, orders: number): string => `${quantity}x${orders}`;

/** The whole displayed book, as a taker of every change would hold it; empty for an unknown product. */
function fullBook(engine: MatchingEngine, productId: string): Known {
  const book = engine.book(productId, ALL);
  const side = (levels: { price: number; quantity: number; orders: number }[]): Side => new Map(levels.map((l) => [l.price, level(l.quantity, l.orders)]));
  return { bids: side(book?.bids ?? []), asks: side(book?.asks ?? []) };
}

/** Applies one side's changes, checking that each is news and that the side comes best first. */
function applySide(known: Side, changes: LevelChange[], bid: boolean, what: string): void {
  const prices = changes.map((c) => c.price);
  expect(prices, `${what}: best first, each price once`).toEqual([...new Set(prices)].sort((a, b) => (bid ? b - a : a - b)));
  for (const c of changes) {
    const now = c.quantity === 0 ? undefined : level(c.quantity, c.orders);
    if (c.quantity === 0) expect(c.orders, what).toBe(0);
    expect(known.get(c.price), `${what}: ${c.price} reported but unchanged`).not.toBe(now);
    if (now === undefined) known.delete(c.price);
    else known.set(c.price, now);
  }
}

function applyChanges(known: Known, changed: ChangedLevels, what: string): void {
  applySide(known.bids, changed.bids, true, `${what} bids`);
  applySide(known.asks, changed.asks, false, `${what} asks`);
}

type TakeOp = Op | { k: 'take'; product: number } | { k: 'takeAll' } | { k: 'restore' } | { k: 'jump' } | { k: 'remove'; product: number } | { k: 'relist'; product: number };

const takeOpArb: fc.Arbitrary<TakeOp> = fc.oneof(
  { weight: 12, arbitrary: opArb },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('take' as const), product: fc.nat({ max: 9 }) }) },
  { weight: 2, arbitrary: fc.constant<TakeOp>({ k: 'takeAll' }) },
  { weight: 1, arbitrary: fc.constantFrom<TakeOp>({ k: 'restore' }, { k: 'jump' }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('remove' as const, 'relist' as const), product: fc.nat({ max: 9 }) }) },
);

describe('changed levels', () => {
  it('applied to what was last taken, always give the full book, across stops, icebergs, blocks, auctions, halts, kills, gate closures, removals and restores', () => {
    fc.assert(
      fc.property(fc.array(takeOpArb, { minLength: 20, maxLength: 300, size: 'max' }), (ops) => {
        const u = universe();
        const builder = new StreamBuilder(u);
        let engine = new MatchingEngine();
        const ids = u.products.map((p) => p.id);
        const known = new Map<string, Known>(ids.map((id) => [id, { bids: new Map(), asks: new Map() }]));
        const take = (id: string): void => {
          const changed = engine.takeChangedLevels(id);
          const mine = known.get(id)!;
          if (changed === null) expect(engine.product(id)).toBeNull();
          else applyChanges(mine, changed, id);
          expect(mine, `${id} after a take`).toEqual(fullBook(engine, id));
          // Nothing is pending right after a take.
          const again = engine.takeChangedLevels(id);
          if (again !== null) expect(again).toEqual({ bids: [], asks: [] });
        };
        for (const c of builder.setup()) engine.apply(c);
        for (const op of ops) {
          switch (op.k) {
            case 'take':
              take(ids[op.product % ids.length]!);
              break;
            case 'takeAll':
              for (const id of ids) take(id);
              break;
            case 'restore': {
              // What a restart does: the restored engine starts with nothing pending, so its taker starts from its books.
              for (const id of ids) take(id);
              engine = MatchingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as EngineSnapshot);
              for (const id of ids) expect(engine.takeChangedLevels(id) ?? { bids: [], asks: [] }).toEqual({ bids: [], asks: [] });
              break;
            }
            case 'jump':
              // Far enough to close a gate now and then, so removals and relistings find closed products.
              builder.ts += 20 * 60_000;
              engine.apply({ type: 'clock', seq: ++builder.seq, ts: builder.ts });
              break;
            case 'remove':
              engine.apply({ type: 'removeProduct', seq: ++builder.seq, ts: builder.ts, productId: ids[op.product % ids.length]! });
              break;
            case 'relist': {
              const p: ProductSpec = u.products[op.product % u.products.length]!;
              const gateClosure = builder.ts + 2 * HOUR;
              const again = { ...p, openAt: builder.ts - HOUR, gateClosure, deliveryStart: gateClosure + 300_000, deliveryEnd: gateClosure + HOUR };
              engine.apply({ type: 'addProduct', seq: ++builder.seq, ts: builder.ts, product: again });
              break;
            }
            default:
              engine.apply(builder.build(op));
          }
        }
        for (const id of ids) take(id);
      }),
      { numRuns: 150 },
    );
  });

  it('replaying the same commands gives the same changes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 200, size: 'max' }), fc.nat({ max: 5 }), (ops, every) => {
        const builder = new StreamBuilder(universe());
        const commands: Command[] = [...builder.setup(), ...ops.map((op) => builder.build(op))];
        const run = (): string => {
          const engine = new MatchingEngine();
          const taken: unknown[] = [];
          commands.forEach((c, i) => {
            engine.apply(c);
            if (i % (every + 1) === 0) for (const p of engine.products()) taken.push(engine.takeChangedLevels(p.spec.id));
          });
          return JSON.stringify(taken);
        };
        expect(run()).toBe(run());
      }),
      { numRuns: 40 },
    );
  });

  it('a command touching one level of a deep book reports that level only', () => {
    const h = new Harness();
    for (let i = 1; i <= 1_000; i++) {
      h.limit('buy', 5_000 - i, 100 * (1 + (i % 3)), 1 + (i % 7));
      h.limit('sell', 5_000 + i, 100, 1 + (i % 7));
    }
    const engine = h.engine;
    engine.takeChangedLevels('H1');
    const [id] = h.limit('buy', 4_500, 300, 9);
    expect(engine.takeChangedLevels('H1')).toEqual({ bids: [{ price: 4_500, quantity: 300 + 100 * (1 + (500 % 3)), orders: 2 }], asks: [] });
    h.send({ type: 'cancel', orderId: id, owner: 9 });
    expect(engine.takeChangedLevels('H1')).toEqual({ bids: [{ price: 4_500, quantity: 100 * (1 + (500 % 3)), orders: 1 }], asks: [] });
    // A market order taking the best offer whole: that level is gone, and the last price is news for the caller.
    h.place({ side: 'buy', orderType: 'market', quantity: 100, owner: 9 });
    expect(engine.takeChangedLevels('H1')).toEqual({ bids: [], asks: [{ price: 5_001, quantity: 0, orders: 0 }] });
  });

  it('leaves out a level that changed and came back before it was taken', () => {
    const h = new Harness();
    h.limit('buy', 4_900, 200, 1);
    h.engine.takeChangedLevels('H1');
    const [a] = h.limit('buy', 4_900, 100, 2);
    const [b] = h.limit('sell', 5_100, 100, 2);
    h.send({ type: 'cancel', orderId: a, owner: 2 });
    h.send({ type: 'cancel', orderId: b, owner: 2 });
    expect(h.engine.takeChangedLevels('H1')).toEqual({ bids: [], asks: [] });
  });

  it('does not show all-or-none orders, as the book does not', () => {
    const h = new Harness();
    h.limit('buy', 4_900, 500, 1, { allOrNone: true });
    expect(h.engine.takeChangedLevels('H1')).toEqual({ bids: [], asks: [] });
    h.limit('buy', 4_900, 100, 2);
    expect(h.engine.takeChangedLevels('H1')).toEqual({ bids: [{ price: 4_900, quantity: 100, orders: 1 }], asks: [] });
  });

  it('a product removed before its last changes were taken reports its levels gone, once', () => {
    const h = new Harness([spec('H1'), spec('H2', {}, 1)]);
    h.limit('buy', 4_900, 100, 1);
    h.limit('sell', 5_100, 100, 1);
    h.engine.takeChangedLevels('H1');
    h.ts = spec('H1').gateClosure;
    h.send({ type: 'removeProduct', productId: 'H1' });
    expect(h.engine.product('H1')).toBeNull();
    expect(h.engine.takeChangedLevels('H1')).toEqual({ bids: [{ price: 4_900, quantity: 0, orders: 0 }], asks: [{ price: 5_100, quantity: 0, orders: 0 }] });
    expect(h.engine.takeChangedLevels('H1')).toBeNull();
    expect(h.engine.takeChangedLevels('NOPE')).toBeNull();
  });

  it('stays exact when a compaction moves the records of levels that leave the book afterwards', () => {
    const h = new Harness();
    h.limit('sell', 20_000, 100, 1);
    const engine = h.engine;
    const known = fullBook(engine, 'H1');
    engine.takeChangedLevels('H1');
    // A level back at its baseline: its record goes at the next compaction, and every later one moves.
    const [back] = h.limit('sell', 20_000, 100, 2);
    h.send({ type: 'cancel', orderId: back, owner: 2 });
    const placed: number[] = [];
    for (let i = 1; i <= 4_200; i++) placed.push(h.limit('sell', 10_000 + i, 100, 3)[0]);
    // Levels leaving after the compaction must drop their own records, not their neighbours'.
    for (const id of placed.slice(100, 150)) h.send({ type: 'cancel', orderId: id, owner: 3 });
    applyChanges(known, engine.takeChangedLevels('H1')!, 'after the compaction');
    expect(known).toEqual(fullBook(engine, 'H1'));
  });

  it('stays exact when nobody takes for a long time (the records are compacted on the way)', () => {
    const engine = new MatchingEngine();
    engine.apply({ type: 'addProduct', seq: 0, ts: T0, product: spec('Q1') });
    const rng = xoroshiro128plus(11);
    const int = (k: number): number => (rng.next() >>> 0) % k;
    const live: Array<{ id: number; owner: number }> = [];
    let known = fullBook(engine, 'Q1');
    for (let seq = 1; seq <= 60_000; seq++) {
      if (int(2) === 0 && live.length > 0) {
        const [t] = live.splice(int(live.length), 1);
        engine.apply({ type: 'cancel', seq, ts: T0, orderId: t!.id, owner: t!.owner });
      } else {
        const owner = 1 + int(5);
        const side = int(2) === 0 ? 'buy' : 'sell';
        // Levels come and go all the time (each return is a new record), over a wide band.
        const price = 5_000 + (side === 'buy' ? -1 : 1) * (int(3_000) - 20);
        const iceberg = int(8) === 0;
        engine.apply({ type: 'place', seq, ts: T0, orderId: seq, owner, productId: 'Q1', side, orderType: iceberg ? 'iceberg' : 'limit', price, quantity: 100 * (1 + int(6)), peak: iceberg ? 100 : null });
        if (engine.order(seq) !== null) live.push({ id: seq, owner });
      }
      if (seq % 20_000 === 0) {
        applyChanges(known, engine.takeChangedLevels('Q1')!, `take at ${seq}`);
        expect(known).toEqual(fullBook(engine, 'Q1'));
        known = fullBook(engine, 'Q1');
      }
    }
  });
});
