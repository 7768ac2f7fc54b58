import { diffSide, levelsOf, type BookDelta, type LevelChange, type SideLevels } from '../../src-shared/domain/book-delta';
import type { MatchingEngine } from '../engine';

/** Deep enough for every level of any book: a delta must cover levels below any receiver's window. */
const ALL_LEVELS = 1_000_000_000;

interface Published {
  /** The engine whose changed levels continue this book; another engine's book is diffed in full. */
  engine: MatchingEngine;
  seq: number;
  bids: SideLevels;
  asks: SideLevels;
  lastPrice: number | null;
}

/**
 * Incremental depth: remembers each book as last published and turns the levels the engine reports
 * changed since then into the next delta, so a delta costs what changed, not the depth of the book.
 * Run only after a commit, so what was published is what is on disk; the books it starts from are
 * the ones in memory when the service starts (nothing is unpublished then).
 *
 * The published levels are kept as well: when the engine is replaced (rebuilt from disk after a
 * failed batch), the new one has no record of what changed since the last delta, so each book is
 * diffed in full against what was published, once, before the new engine's changes take over.
 */
export class BookDeltas {
  private readonly published = new Map<string, Published>();

  /** Takes every current book as already published (at start, or after the books were rebuilt from disk). */
  reset(engine: MatchingEngine): void {
    this.published.clear();
    for (const product of engine.products()) {
      const productId = product.spec.id;
      engine.takeChangedLevels(productId);
      const book = engine.book(productId, ALL_LEVELS)!;
      this.published.set(productId, { engine, seq: book.seq, bids: levelsOf(book.bids), asks: levelsOf(book.asks), lastPrice: book.lastPrice });
    }
  }

  /** The delta from the last published state of the product to now; null when nothing shows a change. */
  next(engine: MatchingEngine, productId: string): BookDelta | null {
    const before = this.published.get(productId);
    if (before === undefined || before.engine !== engine) return this.diffInFull(engine, productId, before);
    const changed = engine.takeChangedLevels(productId);
    const book = engine.book(productId, 0);
    if (!book || !changed) {
      this.published.delete(productId);
      return null;
    }
    const bids = publish(before.bids, changed.bids);
    const asks = publish(before.asks, changed.asks);
    // Nothing visible changed: the old seq stays, so receivers are not sent to refetch for nothing.
    if (bids.length === 0 && asks.length === 0 && before.lastPrice === book.lastPrice) return null;
    const delta: BookDelta = { productId, seq: book.seq, prevSeq: before.seq, bids, asks, lastPrice: book.lastPrice };
    before.seq = book.seq;
    before.lastPrice = book.lastPrice;
    return delta;
  }

  /** The delta between a whole book and what was published of it (or, for a book new here, the empty book at seq 0). */
  private diffInFull(engine: MatchingEngine, productId: string, published: Published | undefined): BookDelta | null {
    // The whole book covers whatever the engine holds as changed, so that starts afresh too.
    engine.takeChangedLevels(productId);
    const book = engine.book(productId, ALL_LEVELS);
    if (!book) {
      this.published.delete(productId);
      return null;
    }
    const before = published ?? { seq: 0, bids: new Map(), asks: new Map(), lastPrice: null };
    const after: Published = { engine, seq: book.seq, bids: levelsOf(book.bids), asks: levelsOf(book.asks), lastPrice: book.lastPrice };
    this.published.set(productId, after);
    const bids = diffSide(before.bids, after.bids);
    const asks = diffSide(before.asks, after.asks);
    if (bids.length === 0 && asks.length === 0 && before.lastPrice === after.lastPrice) {
      after.seq = before.seq;
      return null;
    }
    return { productId, seq: after.seq, prevSeq: before.seq, bids, asks, lastPrice: after.lastPrice };
  }
}

/**
 * Brings the published side up to date and returns the changes that are news to it. The engine
 * reports each level against what was last taken from it, which is what was published, so normally
 * every change is news; one a receiver would not notice (a level gone that was never shown) is left out.
 */
function publish(side: SideLevels, changes: LevelChange[]): LevelChange[] {
  let news = changes;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const old = side.get(change.price);
    const same = change.quantity === 0 ? old === undefined : old !== undefined && old[0] === change.quantity && old[1] === change.orders;
    if (same) {
      if (news === changes) news = changes.slice(0, i);
      continue;
    }
    if (news !== changes) news.push(change);
    if (change.quantity === 0) side.delete(change.price);
    else side.set(change.price, [change.quantity, change.orders]);
  }
  return news;
}
