import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBookDelta, diffSide, levelsOf, localBook, type BookDelta, type LevelChange, type LocalBook, type SideLevels } from '../../src-shared/domain/book-delta';
import { type EngineSnapshot, MatchingEngine } from '../../src-main/engine';
import { BookDeltas } from '../../src-main/trading/book-deltas';
import { Harness } from '../engine/helpers';
import { type Op, opArb, StreamBuilder, universe } from '../engine/streams';

const ALL = 1_000_000_000;

/**
 * The publisher BookDeltas replaced, as the oracle: a full snapshot of every changed book diffed
 * against the one published last. The incremental one must publish the same deltas.
 */
class FullDiffDeltas {
  private readonly published = new Map<string, { seq: number; bids: SideLevels; asks: SideLevels; lastPrice: number | null }>();

  reset(engine: MatchingEngine): void {
    this.published.clear();
    for (const p of engine.products()) this.remember(engine, p.spec.id);
  }

  private remember(engine: MatchingEngine, productId: string) {
    const book = engine.book(productId, ALL);
    if (!book) {
      this.published.delete(productId);
      return null;
    }
    const entry = { seq: book.seq, bids: levelsOf(book.bids), asks: levelsOf(book.asks), lastPrice: book.lastPrice };
    this.published.set(productId, entry);
    return entry;
  }

  next(engine: MatchingEngine, productId: string): BookDelta | null {
    const before = this.published.get(productId) ?? { seq: 0, bids: new Map(), asks: new Map(), lastPrice: null };
    const after = this.remember(engine, productId);
    if (!after) return null;
    const bids = diffSide(before.bids, after.bids);
    const asks = diffSide(before.asks, after.asks);
    if (bids.length === 0 && asks.length === 0 && before.lastPrice === after.lastPrice) {
      after.seq = before.seq;
      return null;
    }
    return { productId, seq: after.seq, prevSeq: before.seq, bids, asks, lastPrice: after.lastPrice };
  }
}

/** Order of the changes within a side is not part of the contract. */
function canonical(delta: BookDelta | null): BookDelta | null {
  if (delta === null) return null;
  const byPrice = (a: LevelChange, b: LevelChange): number => a.price - b.price;
  return { ...delta, bids: [...delta.bids].sort(byPrice), asks: [...delta.asks].sort(byPrice) };
}

/** A receiver holding every level, as a book.get of unlimited depth gives it. */
function complete(engine: MatchingEngine, productId: string): LocalBook | null {
  const view = engine.book(productId, ALL);
  return view === null ? null : localBook(view, ALL);
}

function shown(book: LocalBook): unknown {
  return { productId: book.productId, lastPrice: book.lastPrice, bids: book.bids, asks: book.asks };
}

type PublishOp = Op | { k: 'publish' } | { k: 'rebuild' } | { k: 'rollback' };

const publishOpArb: fc.Arbitrary<PublishOp> = fc.oneof(
  { weight: 10, arbitrary: opArb },
  { weight: 4, arbitrary: fc.constant<PublishOp>({ k: 'publish' }) },
  { weight: 1, arbitrary: fc.constantFrom<PublishOp>({ k: 'rebuild' }, { k: 'rollback' }) },
);

describe('BookDeltas', () => {
  it('publishes deltas that, applied to the previous book, give the engine’s new full book: the same deltas as a full diff', () => {
    fc.assert(
      fc.property(fc.array(publishOpArb, { minLength: 20, maxLength: 250, size: 'max' }), (ops) => {
        const builder = new StreamBuilder(universe());
        let engine = new MatchingEngine();
        for (const c of builder.setup()) engine.apply(c);
        const ids = engine.products().map((p) => p.spec.id);
        const deltas = new BookDeltas();
        const oracle = new FullDiffDeltas();
        deltas.reset(engine);
        oracle.reset(engine);
        const receivers = new Map(ids.map((id) => [id, complete(engine, id)!]));
        /** The books as last published, for a rollback to return to (as a failed batch's rebuild does). */
        let committed = engine.snapshot();
        const publish = (): void => {
          for (const id of ids) {
            const delta = deltas.next(engine, id);
            expect(canonical(delta), id).toEqual(canonical(oracle.next(engine, id)));
            const before = receivers.get(id)!;
            if (delta !== null) {
              expect(delta.prevSeq, `${id} follows the previous delta`).toBe(before.seq);
              expect(delta.seq).toBeGreaterThan(delta.prevSeq);
              const after = applyBookDelta(before, delta);
              expect(after).not.toBe('gap');
              receivers.set(id, after as LocalBook);
            }
            expect(shown(receivers.get(id)!), `${id} after publishing`).toEqual(shown(complete(engine, id)!));
          }
          committed = engine.snapshot();
        };
        for (const op of ops) {
          if (op.k === 'publish') publish();
          else if (op.k === 'rebuild') {
            // The books rebuilt from disk in another engine, which knows nothing of what was published.
            engine = MatchingEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())) as EngineSnapshot);
          } else if (op.k === 'rollback') {
            // A failed batch: what it did was never published, and the books go back to the last commit.
            engine = MatchingEngine.restore(JSON.parse(JSON.stringify(committed)) as EngineSnapshot);
            builder.seq = Math.max(builder.seq, engine.lastSeq);
          } else engine.apply(builder.build(op));
        }
        publish();
      }),
      { numRuns: 150 },
    );
  });

  it('a command touching one level of a deep book publishes that level only', () => {
    const h = new Harness();
    for (let i = 1; i <= 1_000; i++) {
      h.limit('buy', 5_000 - i, 100, 1 + (i % 7));
      h.limit('sell', 5_000 + i, 100, 1 + (i % 7));
    }
    const deltas = new BookDeltas();
    deltas.reset(h.engine);
    const [id] = h.limit('sell', 5_700, 200, 9);
    expect(deltas.next(h.engine, 'H1')).toEqual({ productId: 'H1', seq: h.seq, prevSeq: h.seq - 1, bids: [], asks: [{ price: 5_700, quantity: 300, orders: 2 }], lastPrice: null });
    h.send({ type: 'cancel', orderId: id, owner: 9 });
    expect(deltas.next(h.engine, 'H1')).toEqual({ productId: 'H1', seq: h.seq, prevSeq: h.seq - 1, bids: [], asks: [{ price: 5_700, quantity: 100, orders: 1 }], lastPrice: null });
    // Placed and cancelled between two deltas: nothing shows a change, so there is no delta.
    const [again] = h.limit('buy', 4_100, 200, 9);
    h.send({ type: 'cancel', orderId: again, owner: 9 });
    expect(deltas.next(h.engine, 'H1')).toBeNull();
  });
});
