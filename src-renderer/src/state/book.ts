import { create } from 'zustand';
import type { BookView } from '../../../src-shared/schemas';
import { call, subscribe } from '../api/client';

interface BookState {
  books: Record<string, BookView>;
  load(productId: string): Promise<void>;
}

/** Books by product: a snapshot on demand, then every update the core pushes replaces it if newer. */
export const useBooks = create<BookState>((set) => ({
  books: {},
  async load(productId) {
    const book = await call('book.get', { productId, depth: 20 });
    set((state) => ({ books: { ...state.books, [productId]: newer(state.books[productId], book) } }));
  },
}));

function newer(current: BookView | undefined, incoming: BookView): BookView {
  return current && current.seq > incoming.seq ? current : incoming;
}

subscribe('book', (book) =>
  useBooks.setState((state) => ({ books: { ...state.books, [book.productId]: newer(state.books[book.productId], book) } })),
);
