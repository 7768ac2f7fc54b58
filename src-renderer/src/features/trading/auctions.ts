import { create } from 'zustand';
import type { AuctionResultView, LocalProductView } from '../../../../src-shared/contract/trading';
import { call, subscribe } from '../../transport/client';

interface AuctionState {
  products: LocalProductView[];
  /** Why the last load failed; null once one succeeds. */
  error: unknown;
  load(): Promise<void>;
}

/** The local market's products with their auction times, kept current by each auction's result. */
export const useAuctions = create<AuctionState>((set) => ({
  products: [],
  error: null,
  async load() {
    try {
      set({ products: await call('trading.auction.products', {}), error: null });
    } catch (err) {
      set({ error: err });
    }
  },
}));

function onResult(result: AuctionResultView): void {
  useAuctions.setState((state) => ({ products: state.products.map((p) => (p.id === result.productId ? { ...p, lastResult: result } : p)) }));
}

subscribe('trading.auction.result', onResult);
