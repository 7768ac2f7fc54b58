import { create } from 'zustand';
import { applyBookDelta, localBook, topOfBook, type BookDelta, type LocalBook } from '../../../../src-shared/domain/book-delta';
import type { BookView } from '../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../transport/client';

/** Levels per side the panels show. */
export const VIEW_DEPTH = 20;
/** Levels per side fetched: room below the view, so removed levels rarely force a refetch. */
const SNAPSHOT_DEPTH = 100;

interface BookState {
  /** The best VIEW_DEPTH levels per side of every book loaded. */
  books: Record<string, BookView>;
  load(productId: string): Promise<void>;
}

/** The full copy of each loaded book that deltas apply to; `books` shows its top. */
const local = new Map<string, LocalBook>();
const fetching = new Map<string, Promise<void>>();

function show(book: LocalBook): void {
  const top = topOfBook(book, VIEW_DEPTH);
  if (top === 'refetch') {
    void refetch(book.productId).catch(() => undefined);
    return;
  }
  useBooks.setState((state) => ({ books: { ...state.books, [book.productId]: top } }));
}

function refetch(productId: string): Promise<void> {
  const running = fetching.get(productId);
  if (running) return running;
  const job = call('trading.book.get', { productId, depth: SNAPSHOT_DEPTH })
    .then((snapshot) => {
      const current = local.get(productId);
      // Deltas that arrived while the snapshot was on its way may already have moved past it.
      if (current && current.seq > snapshot.seq) return;
      const book = localBook(snapshot, SNAPSHOT_DEPTH);
      local.set(productId, book);
      show(book);
    })
    .finally(() => fetching.delete(productId));
  fetching.set(productId, job);
  return job;
}

/** Books by product: a snapshot on demand, then the deltas the core pushes; a missed delta refetches. */
export const useBooks = create<BookState>(() => ({
  books: {},
  load: (productId) => refetch(productId),
}));

export function onBookDelta(delta: BookDelta): void {
  const book = local.get(delta.productId);
  // Books nobody loaded are not kept; their first load brings a snapshot.
  if (!book) return;
  const next = applyBookDelta(book, delta);
  if (next === 'gap') {
    void refetch(delta.productId).catch(() => undefined);
    return;
  }
  if (next === book) return;
  local.set(delta.productId, next);
  // A burst of deltas for one book is shown once, after the burst.
  dirty.add(delta.productId);
  if (dirty.size === 1) queueMicrotask(showDirty);
}

const dirty = new Set<string>();
function showDirty(): void {
  for (const productId of dirty) {
    const book = local.get(productId);
    if (book) show(book);
  }
  dirty.clear();
}

subscribe('trading.book.delta', onBookDelta);
