import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Command, type EngineEvent, MatchingEngine, type TradeEvent } from '../../src-main/engine';
import { spec, T0 } from './helpers';
import { assertNotCrossed, Model } from './model';
import { type RefTrade, ReferenceBook } from './reference';
import { type Op, opArb, StreamBuilder, universe } from './streams';

const RUNS = 60;
const stream = fc.array(opArb, { minLength: 20, maxLength: 250, size: 'max' });

function commandsOf(ops: Op[]): Command[] {
  const b = new StreamBuilder(universe());
  return [...b.setup(), ...ops.map((op) => b.build(op))];
}

describe('engine invariants over random command streams', () => {
  it('never leaves a continuous book crossed, keeps every trade within both limits and accounts for every kW', () => {
    fc.assert(
      fc.property(stream, (ops) => {
        const engine = new MatchingEngine();
        const model = new Model();
        for (const cmd of commandsOf(ops)) {
          engine.apply(cmd, (e) => model.apply(e));
          assertNotCrossed(engine);
        }
        model.verifyAgainst(engine);
      }),
      { numRuns: RUNS },
    );
  });

  it('replaying the same commands gives the same events, byte for byte', () => {
    fc.assert(
      fc.property(stream, (ops) => {
        const commands = commandsOf(ops);
        const run = (): string => {
          const engine = new MatchingEngine();
          return JSON.stringify(commands.map((c) => engine.apply(c)));
        };
        expect(run()).toBe(run());
      }),
      { numRuns: RUNS },
    );
  });

  it('a snapshot restored mid-stream produces the same subsequent events as the original', () => {
    fc.assert(
      fc.property(stream, fc.nat(), (ops, cut) => {
        const commands = commandsOf(ops);
        const at = cut % commands.length;
        const original = new MatchingEngine();
        for (const c of commands.slice(0, at)) original.apply(c);
        const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as ReturnType<MatchingEngine['snapshot']>;
        const restored = MatchingEngine.restore(snapshot);
        expect(restored.snapshot()).toEqual(original.snapshot());
        const rest = commands.slice(at);
        const a = JSON.stringify(rest.map((c) => original.apply(c)));
        const b = JSON.stringify(rest.map((c) => restored.apply(c)));
        expect(b).toBe(a);
        expect(restored.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns: RUNS },
    );
  });
});

type RefOp =
  | { k: 'limit'; sell: boolean; price: number; lots: number }
  | { k: 'market'; sell: boolean; lots: number }
  | { k: 'cancel'; pick: number }
  | { k: 'modify'; pick: number; price: number; lots: number };

const refOp: fc.Arbitrary<RefOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('limit' as const), sell: fc.boolean(), price: fc.integer({ min: -5, max: 5 }), lots: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('market' as const), sell: fc.boolean(), lots: fc.integer({ min: 1, max: 15 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cancel' as const), pick: fc.nat({ max: 30 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('modify' as const), pick: fc.nat({ max: 30 }), price: fc.integer({ min: -5, max: 5 }), lots: fc.integer({ min: 1, max: 8 }) }),
  },
);

describe('price-time priority', () => {
  it('matches exactly like a naive price-time book (same trades, same resting depth)', () => {
    fc.assert(
      fc.property(fc.array(refOp, { minLength: 1, maxLength: 200 }), (ops) => {
        const p = spec('H1', { minPrice: -100, maxPrice: 100 });
        const engine = new MatchingEngine();
        engine.apply({ type: 'addProduct', seq: 0, ts: T0, product: p });
        const ref = new ReferenceBook(p.minPrice, p.maxPrice);
        const ids: number[] = [];
        let seq = 0;
        const tradesOf = (events: EngineEvent[]): RefTrade[] =>
          events
            .filter((e): e is TradeEvent => e.type === 'trade')
            .map((t) => ({ price: t.price, quantity: t.quantity, buyOrderId: t.buyOrderId, sellOrderId: t.sellOrderId }));
        for (const op of ops) {
          seq++;
          // Owner = order id: every order has its own owner, so self-trade prevention never applies.
          if (op.k === 'limit' || op.k === 'market') {
            const id = seq;
            ids.push(id);
            const events = engine.apply({
              type: 'place',
              seq,
              ts: T0,
              orderId: id,
              owner: id,
              productId: 'H1',
              side: op.sell ? 'sell' : 'buy',
              orderType: op.k,
              price: op.k === 'limit' ? op.price : null,
              quantity: op.lots * 100,
            });
            const expected = op.k === 'limit' ? ref.limit(id, !op.sell, op.price, op.lots * 100) : ref.market(id, !op.sell, op.lots * 100);
            expect(tradesOf(events)).toEqual(expected);
          } else if (ids.length > 0) {
            const id = ids[ids.length - 1 - (op.pick % ids.length)]!;
            if (op.k === 'cancel') {
              const events = engine.apply({ type: 'cancel', seq, ts: T0, orderId: id, owner: id });
              expect(events[0]!.type === 'cancelled').toBe(ref.cancel(id));
            } else {
              const events = engine.apply({ type: 'modify', seq, ts: T0, orderId: id, owner: id, price: op.price, quantity: op.lots * 100 });
              const expected = ref.modify(id, op.price, op.lots * 100);
              if (expected === null) expect(events[0]!.type).toBe('rejected');
              else expect(tradesOf(events)).toEqual(expected);
            }
          }
          const book = engine.book('H1', 1000)!;
          const depth = ref.depth();
          expect(book.bids.map((l) => [l.price, l.quantity])).toEqual(depth.bids);
          expect(book.asks.map((l) => [l.price, l.quantity])).toEqual(depth.asks);
        }
      }),
      { numRuns: 150 },
    );
  });
});
