import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lot } from '../../src-main/risk/positions/fifo-position';
import { LotQueue } from '../../src-main/risk/positions/lot-queue';

type Op = { k: 'push'; price: number } | { k: 'drop'; count: number; partial: boolean } | { k: 'branch'; back: number; price: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('push' as const), price: fc.integer({ min: -500, max: 500 }) }),
  fc.record({ k: fc.constant('drop' as const), count: fc.integer({ min: 0, max: 4 }), partial: fc.boolean() }),
  fc.record({ k: fc.constant('branch' as const), back: fc.integer({ min: 1, max: 6 }), price: fc.integer({ min: -500, max: 500 }) }),
);

describe('open lots as a shared queue', () => {
  it('behaves like a copied array, and no earlier queue ever changes', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 300 }), (ops) => {
        const history: Array<{ queue: LotQueue; model: Lot[] }> = [{ queue: LotQueue.empty, model: [] }];
        let ts = 0;
        for (const op of ops) {
          const { queue, model } = history.at(-1)!;
          if (op.k === 'push') {
            const lot = { priceUnits: op.price, quantityKw: 1 + (ts % 7), ts: ts++ };
            history.push({ queue: queue.push(lot), model: [...model, lot] });
          } else if (op.k === 'drop') {
            const count = Math.min(op.count, model.length);
            const rest = model.slice(count);
            const partial = op.partial && rest.length > 0 ? { ...rest[0]!, quantityKw: rest[0]!.quantityKw + 100 } : null;
            history.push({ queue: queue.dropOldest(count, partial), model: partial ? [partial, ...rest.slice(1)] : rest });
          } else {
            // A what-if on an older position: it must not leak into the newer ones.
            const past = history[Math.max(0, history.length - 1 - op.back)]!;
            const lot = { priceUnits: op.price, quantityKw: 1, ts: ts++ };
            expect(past.queue.push(lot).toArray()).toEqual([...past.model, lot]);
          }
        }
        for (const { queue, model } of history) {
          expect(queue.toArray()).toEqual(model);
          expect(queue.length).toBe(model.length);
        }
      }),
    );
  });

  it('keeps its order across tens of thousands of lots opened and closed', () => {
    let queue = LotQueue.empty;
    for (let i = 0; i < 50_000; i++) {
      queue = queue.push({ priceUnits: i, quantityKw: 1, ts: i });
      if (i % 2 === 1) queue = queue.dropOldest(1, null);
    }
    expect(queue.length).toBe(25_000);
    expect(queue.at(0)?.priceUnits).toBe(25_000);
    expect(queue.at(24_999)?.priceUnits).toBe(49_999);
  });
});
