import { create } from 'zustand';
import { applyBookDelta, localBook, topOfBook, type BookDelta, type LocalBook } from '../../../../src-shared/domain/book-delta';
import type { BookView } from '../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../transport/client';
import { useSession } from '../auth/public';

/** Levels per side the panels show. */
export const VIEW_DEPTH = 20;
/** Levels per side fetched: room below the view, so removed levels rarely force a refetch. */
const SNAPSHOT_DEPTH = 100;

interface BookState {
  /** The best VIEW_DEPTH levels per side of every book loaded. */
  books: Record<string, BookView>;
  /** Fetches a fresh snapshot (every time a panel subscribes to a product), then keeps it current. */
  load(productId: string): Promise<void>;
}

/** The full copy of each loaded book that deltas apply to; `books` shows its top. */
const local = new Map<string, LocalBook>();
/**
 * Per product with a snapshot on its way: the deltas that arrived meanwhile, in order. The snapshot
 * may be older or newer than any of them, so none is applied or dropped until it is here.
 */
const buffered = new Map<string, BookDelta[]>();
const fetching = new Map<string, Promise<void>>();
/** Products whose running fetch may already be stale (a gap showed while it ran): fetched again after it. */
const stale = new Set<string>();

function show(book: LocalBook): void {
  const top = topOfBook(book, VIEW_DEPTH);
  if (top === 'refetch') {
    void refetch(book.productId).catch(() => undefined);
    return;
  }
  useBooks.setState((state) => ({ books: { ...state.books, [book.productId]: top } }));
}

/** Applies deltas in order; 'gap' when one shows a delta was missed. */
function applyAll(book: LocalBook, deltas: readonly BookDelta[]): LocalBook | 'gap' {
  let current = book;
  for (const delta of deltas) {
    const next = applyBookDelta(current, delta);
    if (next === 'gap') return 'gap';
    current = next;
  }
  return current;
}

function refetch(productId: string): Promise<void> {
  const running = fetching.get(productId);
  if (running) {
    // The answer on its way may predate what made us ask: ask once more when it is in.
    stale.add(productId);
    return running;
  }
  buffered.set(productId, []);
  const job = call('trading.book.get', { productId, depth: SNAPSHOT_DEPTH })
    .then((snapshot) => {
      const current = local.get(productId);
      // Deltas applied before this fetch started may have moved the local copy past the snapshot.
      const base = current && current.seq > snapshot.seq ? current : localBook(snapshot, SNAPSHOT_DEPTH);
      const book = applyAll(base, buffered.get(productId) ?? []);
      if (book === 'gap') {
        stale.add(productId);
        return;
      }
      local.set(productId, book);
      show(book);
    })
    .finally(() => {
      fetching.delete(productId);
      buffered.delete(productId);
      if (stale.delete(productId)) void refetch(productId).catch(() => undefined);
    });
  fetching.set(productId, job);
  return job;
}

/** Books by product: a snapshot on every subscription, then the deltas the core pushes; a missed delta refetches. */
export const useBooks = create<BookState>(() => ({
  books: {},
  load: (productId) => refetch(productId),
}));

export function onBookDelta(delta: BookDelta): void {
  const waiting = buffered.get(delta.productId);
  if (waiting) {
    waiting.push(delta);
    return;
  }
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
  if (dirty.size === 0) queueMicrotask(showDirty);
  dirty.add(delta.productId);
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

// Deltas sent while the connection was down are gone: every book kept is fetched afresh.
useSession.subscribe((state, previous) => {
  if (!state.connected || previous.connected) return;
  for (const productId of local.keys()) void refetch(productId).catch(() => undefined);
});
