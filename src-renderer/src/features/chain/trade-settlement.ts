import { useEffect } from 'react';
import { create } from 'zustand';
import type { TradeSettlementView } from '../../../../src-shared/contract/chain';
import { call, subscribe } from '../../transport/client';
import { useSession } from '../auth/public';

/** The most trade ids one `chain.settlement.trades` call takes (its contract's limit). */
const ASK_CHUNK = 1_000;

interface SettlementState {
  /** The settlement of the user's local-market trades asked for so far, by trade id. */
  byTrade: ReadonlyMap<number, TradeSettlementView>;
  /** Every trade id asked about, so a reconnect can ask again for what the events missed. */
  asked: ReadonlySet<number>;
  load(tradeIds: readonly number[]): Promise<void>;
}

function merged(map: ReadonlyMap<number, TradeSettlementView>, views: readonly TradeSettlementView[]): ReadonlyMap<number, TradeSettlementView> {
  if (views.length === 0) return map;
  const next = new Map(map);
  for (const view of views) next.set(view.tradeId, view);
  return next;
}

export const useTradeSettlementStore = create<SettlementState>((set) => ({
  byTrade: new Map(),
  asked: new Set(),
  async load(tradeIds) {
    if (tradeIds.length === 0) return;
    set((state) => ({ asked: new Set([...state.asked, ...tradeIds]) }));
    for (let i = 0; i < tradeIds.length; i += ASK_CHUNK) {
      const views = await call('chain.settlement.trades', { tradeIds: tradeIds.slice(i, i + ASK_CHUNK) });
      set((state) => ({ byTrade: merged(state.byTrade, views) }));
    }
  },
}));

subscribe('chain.settlement.changed', ({ trades }) => useTradeSettlementStore.setState((state) => ({ byTrade: merged(state.byTrade, trades) })));

useSession.subscribe((now, before) => {
  // Another user's trades are not this one's: forget them when the signed-in user changes.
  if (now.user?.id !== before.user?.id) useTradeSettlementStore.setState({ byTrade: new Map(), asked: new Set() });
  // Events sent while the socket was down are lost: ask again for every trade shown.
  else if (now.connected && !before.connected) void useTradeSettlementStore.getState().load([...useTradeSettlementStore.getState().asked]).catch(() => undefined);
});

/**
 * The settlement of these trades (asked once per new list; kept current by the core's
 * `chain.settlement.changed` events). The core answers only for the user's trades it settles, the
 * local market's. A failed ask leaves the cells empty: settlement is a side column of the blotter,
 * never a reason to stop showing trades.
 */
export function useTradeSettlements(tradeIds: readonly number[]): ReadonlyMap<number, TradeSettlementView> {
  const key = tradeIds.join(',');
  useEffect(() => {
    const { asked, load } = useTradeSettlementStore.getState();
    const fresh = key === '' ? [] : key.split(',').map(Number).filter((id) => !asked.has(id));
    void load(fresh).catch(() => undefined);
  }, [key]);
  return useTradeSettlementStore((s) => s.byTrade);
}
