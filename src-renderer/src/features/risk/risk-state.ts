import { create } from 'zustand';
import type { CashView, MarkSourceName, PnlSummaryView, PositionsView } from '../../../../src-shared/contract/risk';
import { call, subscribe } from '../../transport/client';

export interface BookScope {
  userId?: number;
  portfolio?: string;
}

interface RiskState {
  mark: MarkSourceName;
  scope: BookScope;
  positions: PositionsView | null;
  pnl: PnlSummaryView | null;
  cash: CashView | null;
  /** The last load's failure, worded by the panel that shows it; null once a load succeeds. */
  error: unknown;
  loading: boolean;
  load(): Promise<void>;
  setMark(mark: MarkSourceName): void;
  setScope(scope: BookScope): void;
}

/** Positions, P&L and cash of one book (own, another user's, or a portfolio), refreshed on fills. */
export const useRisk = create<RiskState>((set, get) => ({
  mark: 'last',
  scope: {},
  positions: null,
  pnl: null,
  cash: null,
  error: null,
  loading: false,
  async load() {
    const { mark, scope } = get();
    set({ loading: true });
    try {
      const [positions, pnl, cash] = await Promise.all([
        call('risk.positions.list', { ...scope, mark }),
        call('risk.pnl.summary', { ...scope, mark }),
        scope.portfolio === undefined ? call('risk.cash.balance', { userId: scope.userId }) : Promise.resolve(null),
      ]);
      set({ positions, pnl, cash, error: null, loading: false });
    } catch (err) {
      set({ error: err, loading: false });
    }
  },
  setMark(mark) {
    set({ mark });
    void get().load();
  },
  setScope(scope) {
    set({ scope, positions: null, pnl: null, cash: null });
    void get().load();
  },
}));

let pending: ReturnType<typeof setTimeout> | null = null;
/** Fills come in bursts: one reload per burst. */
function reloadSoon(): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    if (useRisk.getState().positions) void useRisk.getState().load();
  }, 250);
}

subscribe('risk.positions', (event) => {
  if (event.portfolioId === useRisk.getState().positions?.portfolioId) reloadSoon();
});
subscribe('risk.cash', (cash) => {
  if (cash.userId === useRisk.getState().cash?.userId) useRisk.setState({ cash });
});
