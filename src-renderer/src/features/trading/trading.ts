import { create } from 'zustand';
import { REFUSALS_KEPT, type RefusalView } from '../../../../src-shared/contract/trading';
import type { OrderView, ProductView, TradeView } from '../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../transport/client';
import { defaultProduct } from './default-product';
import { coreNow } from '../../transport/core-clock';

interface TradingState {
  products: ProductView[];
  orders: OrderView[];
  /** The user's refused orders as the core keeps them (the most recent REFUSALS_KEPT), newest first. */
  refusals: RefusalView[];
  trades: TradeView[];
  selectedProductId: string | null;
  load(): Promise<void>;
  selectProduct(id: string): void;
}

function upsertById<T extends { id: number }>(list: T[], item: T): T[] {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [item, ...list];
  const next = list.slice();
  next[index] = item;
  return next;
}

export const useTrading = create<TradingState>((set, get) => ({
  products: [],
  orders: [],
  refusals: [],
  trades: [],
  selectedProductId: null,
  async load() {
    const [products, orders, refusals, trades] = await Promise.all([
      call('trading.products.list', {}),
      // The whole day's blotter, not a page of it: it is virtualized and filters locally.
      call('trading.orders.list', { scope: 'own', limit: 100_000 }),
      call('trading.refusals.list', {}),
      call('trading.trades.list', { limit: 100_000 }),
    ]);
    const selected = get().selectedProductId;
    set({
      products,
      orders,
      refusals,
      trades,
      selectedProductId: selected ?? defaultProduct(products, coreNow())?.id ?? null,
    });
  },
  selectProduct(id) {
    set({ selectedProductId: id });
  },
}));

subscribe('trading.order', (order) => useTrading.setState((state) => ({ orders: upsertById(state.orders, order) })));
subscribe('trading.trade', (trade) => useTrading.setState((state) => ({ trades: upsertById(state.trades, trade) })));
subscribe('trading.order.refused', (refusal) => useTrading.setState((state) => ({ refusals: upsertById(state.refusals, refusal).slice(0, REFUSALS_KEPT) })));
