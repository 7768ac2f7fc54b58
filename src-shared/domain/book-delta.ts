import type { BookLevel, BookView } from './schemas';

/** One price level after a change: the new displayed quantity and order count; quantity 0 = the level is gone. */
export interface LevelChange {
  price: number;
  quantity: number;
  orders: number;
}

/**
 * What changed in one product's book, published after the change committed. `seq` is the engine
 * seq the book is now at; `prevSeq` the seq of the previous delta of this product (or of the book the
 * publisher started from), so a receiver holding a book at seq S applies a delta when
 * prevSeq ≤ S < seq, skips it when seq ≤ S (already in its book), and has missed one when prevSeq > S.
 */
export interface BookDelta {
  productId: string;
  seq: number;
  prevSeq: number;
  bids: LevelChange[];
  asks: LevelChange[];
  lastPrice: number | null;
}

/** Levels of one side by price: [quantity, orders]. */
export type SideLevels = Map<number, readonly [number, number]>;

export function levelsOf(levels: readonly BookLevel[]): SideLevels {
  const map: SideLevels = new Map();
  for (const level of levels) map.set(level.price, [level.quantity, level.orders]);
  return map;
}

/** The changes that turn `before` into `after` (prices in no particular order). */
export function diffSide(before: SideLevels, after: SideLevels): LevelChange[] {
  const changes: LevelChange[] = [];
  for (const [price, [quantity, orders]] of after) {
    const old = before.get(price);
    if (old === undefined || old[0] !== quantity || old[1] !== orders) changes.push({ price, quantity, orders });
  }
  for (const price of before.keys()) if (!after.has(price)) changes.push({ price, quantity: 0, orders: 0 });
  return changes;
}

/**
 * A receiver's copy of one book, built from a snapshot of `depth` levels per side. A side that came
 * with fewer levels than asked is complete; a full side is exact only down to its last snapshot level
 * (`bidBound`/`askBound`): levels beyond it may exist unseen, so changes there are not kept.
 */
export interface LocalBook {
  productId: string;
  seq: number;
  lastPrice: number | null;
  /** Best first. */
  bids: BookLevel[];
  asks: BookLevel[];
  /** Worst price still known exactly, or null when the side is complete. */
  bidBound: number | null;
  askBound: number | null;
}

export function localBook(snapshot: BookView, depth: number): LocalBook {
  return {
    productId: snapshot.productId,
    seq: snapshot.seq,
    lastPrice: snapshot.lastPrice,
    bids: snapshot.bids.map((l) => ({ ...l, ownQuantity: 0 })),
    asks: snapshot.asks.map((l) => ({ ...l, ownQuantity: 0 })),
    bidBound: snapshot.bids.length >= depth ? snapshot.bids[snapshot.bids.length - 1]!.price : null,
    askBound: snapshot.asks.length >= depth ? snapshot.asks[snapshot.asks.length - 1]!.price : null,
  };
}

function applySide(levels: readonly BookLevel[], changes: readonly LevelChange[], bid: boolean, bound: number | null): BookLevel[] {
  if (changes.length === 0) return levels as BookLevel[];
  const byPrice = new Map<number, BookLevel>();
  for (const level of levels) byPrice.set(level.price, level);
  for (const change of changes) {
    const beyond = bound !== null && (bid ? change.price < bound : change.price > bound);
    if (beyond) continue;
    if (change.quantity === 0) byPrice.delete(change.price);
    else byPrice.set(change.price, { price: change.price, quantity: change.quantity, orders: change.orders, ownQuantity: 0 });
  }
  return [...byPrice.values()].sort(bid ? (a, b) => b.price - a.price : (a, b) => a.price - b.price);
}

/** The book after `delta`: the same book when the delta is old news, 'gap' when one was missed. */
export function applyBookDelta(book: LocalBook, delta: BookDelta): LocalBook | 'gap' {
  if (delta.productId !== book.productId) throw new Error(`a delta of ${delta.productId} cannot apply to ${book.productId}`);
  if (delta.seq <= book.seq) return book;
  if (delta.prevSeq > book.seq) return 'gap';
  return {
    ...book,
    seq: delta.seq,
    lastPrice: delta.lastPrice,
    bids: applySide(book.bids, delta.bids, true, book.bidBound),
    asks: applySide(book.asks, delta.asks, false, book.askBound),
  };
}

/**
 * The best `depth` levels per side as a BookView, or 'refetch' when a side that was cut off at its
 * bound no longer holds `depth` known levels (unseen levels beyond the bound would now show).
 */
export function topOfBook(book: LocalBook, depth: number): BookView | 'refetch' {
  if ((book.bidBound !== null && book.bids.length < depth) || (book.askBound !== null && book.asks.length < depth)) return 'refetch';
  return { productId: book.productId, seq: book.seq, lastPrice: book.lastPrice, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth) };
}
