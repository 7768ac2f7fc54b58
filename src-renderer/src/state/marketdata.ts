import { create } from 'zustand';
import type { TapeTrade, TickerRow, WatchlistRow } from '../../../src-shared/contract-market';
import { call, subscribe } from '../api/client';

const TAPE_LIMIT = 5_000;

interface MarketDataState {
  rows: Record<string, WatchlistRow>;
  tape: TapeTrade[];
  loaded: boolean;
  load(): Promise<void>;
}

/** The watchlist and the public tape: one snapshot, then every ticker and trade event merged in. */
export const useMarketData = create<MarketDataState>((set) => ({
  rows: {},
  tape: [],
  loaded: false,
  async load() {
    const [rows, tape] = await Promise.all([call('marketdata.watchlist', {}), call('marketdata.timeAndSales', { limit: 1_000 })]);
    set({ rows: Object.fromEntries(rows.map((r) => [r.productId, r])), tape, loaded: true });
  },
}));

function mergeTicker(row: TickerRow): void {
  useMarketData.setState((state) => ({
    rows: { ...state.rows, [row.productId]: { ...row, position: state.rows[row.productId]?.position ?? 0 } },
  }));
}

subscribe('marketdata.ticker', mergeTicker);
subscribe('marketdata.position', ({ productId, position }) =>
  useMarketData.setState((state) => {
    const row = state.rows[productId];
    return row ? { rows: { ...state.rows, [productId]: { ...row, position } } } : state;
  }),
);
subscribe('marketdata.trade', (trade) =>
  useMarketData.setState((state) => ({ tape: [trade, ...state.tape.slice(0, TAPE_LIMIT - 1)] })),
);
