import { diffSide, levelsOf, type BookDelta, type SideLevels } from '../../src-shared/domain/book-delta';
import type { MatchingEngine } from '../engine';

/** Deep enough for every level of any book: a delta must cover levels below any receiver's window. */
const ALL_LEVELS = 1_000_000_000;

interface Published {
  seq: number;
  bids: SideLevels;
  asks: SideLevels;
  lastPrice: number | null;
}

/**
 * Incremental depth: remembers each book as last published and turns the next state into the levels
 * that changed. Run only after a commit, so what was published is what is on disk; the books it
 * starts from are the ones in memory when the service starts (nothing is unpublished then).
 */
export class BookDeltas {
  private readonly published = new Map<string, Published>();

  /** Takes every current book as already published (at start, or after the books were rebuilt from disk). */
  reset(engine: MatchingEngine): void {
    this.published.clear();
    for (const product of engine.products()) this.remember(engine, product.spec.id);
  }

  private remember(engine: MatchingEngine, productId: string): Published | null {
    const book = engine.book(productId, ALL_LEVELS);
    if (!book) {
      this.published.delete(productId);
      return null;
    }
    const entry: Published = { seq: book.seq, bids: levelsOf(book.bids), asks: levelsOf(book.asks), lastPrice: book.lastPrice };
    this.published.set(productId, entry);
    return entry;
  }

  /** The delta from the last published state of the product to now; null when nothing shows a change. */
  next(engine: MatchingEngine, productId: string): BookDelta | null {
    // A product added since the last reset started empty, so an empty book at seq 0 is what was published.
    const before = this.published.get(productId) ?? { seq: 0, bids: new Map(), asks: new Map(), lastPrice: null };
    const after = this.remember(engine, productId);
    if (!after) return null;
    const bids = diffSide(before.bids, after.bids);
    const asks = diffSide(before.asks, after.asks);
    if (bids.length === 0 && asks.length === 0 && before.lastPrice === after.lastPrice) {
      // Nothing visible changed: keep the old seq, so receivers are not sent to refetch for nothing.
      after.seq = before.seq;
      return null;
    }
    return { productId, seq: after.seq, prevSeq: before.seq, bids, asks, lastPrice: after.lastPrice };
  }
}
