import { create } from 'zustand';
import type { TapeTrade, TickerRow, WatchlistRow } from '../../../../src-shared/contract/marketdata';
import { call, subscribe } from '../../transport/client';

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

/**
 * Tickers and prints arrive in bursts (one frame's worth at a time). They are gathered and applied
 * in one state change after the burst: copying a 5,000-row tape per print made garbage enough for
 * the collector to stall frames.
 */
const pendingTickers = new Map<string, TickerRow>();
const pendingTape: TapeTrade[] = [];
let applyScheduled = false;

function applyPending(): void {
  applyScheduled = false;
  const tickers = [...pendingTickers.values()];
  const prints = pendingTape.splice(0).reverse();
  pendingTickers.clear();
  useMarketData.setState((state) => {
    const rows = tickers.length > 0 ? { ...state.rows } : state.rows;
    for (const row of tickers) rows[row.productId] = { ...row, position: state.rows[row.productId]?.position ?? 0 };
    const tape = prints.length > 0 ? prependCapped(prints, state.tape, TAPE_LIMIT) : state.tape;
    return { rows, tape };
  });
}

function later(): void {
  if (applyScheduled) return;
  applyScheduled = true;
  queueMicrotask(applyPending);
}

subscribe('marketdata.ticker', (row) => {
  pendingTickers.set(row.productId, row);
  later();
});
subscribe('marketdata.trade', (trade) => {
  pendingTape.push(trade);
  later();
});
subscribe('marketdata.position', ({ productId, position }) =>
  useMarketData.setState((state) => {
    const row = state.rows[productId];
    return row ? { rows: { ...state.rows, [productId]: { ...row, position } } } : state;
  }),
);

/** `[...fresh, ...older].slice(0, limit)` in one allocation: the tape is rebuilt every frame prices print. */
function prependCapped<T>(fresh: readonly T[], older: readonly T[], limit: number): T[] {
  const out = fresh.slice(0, limit);
  const room = limit - out.length;
  for (let i = 0; i < room && i < older.length; i++) out.push(older[i]!);
  return out;
}
