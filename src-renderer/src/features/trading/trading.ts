import { create } from 'zustand';
import type { OrderView, ProductView, TradeView } from '../../../../src-shared/domain/schemas';
import { call, subscribe } from '../../transport/client';

interface TradingState {
  products: ProductView[];
  orders: OrderView[];
  trades: TradeView[];
  selectedProductId: string | null;
  load(): Promise<void>;
  selectProduct(id: string): void;
}

/** The next hourly product still before its gate closure: what a trader most likely wants first. */
export function firstOpen(products: ProductView[], now: number): ProductView | undefined {
  const open = products.filter((p) => p.gateClosure > now && p.openAt <= now);
  return open.find((p) => p.kind === 'hour') ?? open[0];
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
  trades: [],
  selectedProductId: null,
  async load() {
    const [products, orders, trades] = await Promise.all([
      call('trading.products.list', {}),
      // The whole day's blotter, not a page of it: it is virtualized and filters locally.
      call('trading.orders.list', { scope: 'own', limit: 100_000 }),
      call('trading.trades.list', { limit: 100_000 }),
    ]);
    const selected = get().selectedProductId;
    set({
      products,
      orders,
      trades,
      selectedProductId: selected ?? firstOpen(products, Date.now())?.id ?? null,
    });
  },
  selectProduct(id) {
    set({ selectedProductId: id });
  },
}));

subscribe('trading.order', (order) => useTrading.setState((state) => ({ orders: upsertById(state.orders, order) })));
subscribe('trading.trade', (trade) => useTrading.setState((state) => ({ trades: upsertById(state.trades, trade) })));
