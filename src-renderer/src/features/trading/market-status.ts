import { create } from 'zustand';
import { call, subscribe } from '../../transport/client';
import { useSession } from '../auth/public';

interface MarketState {
  halted: boolean;
  killSwitch: boolean;
  load(): Promise<void>;
  setKillSwitch(active: boolean): Promise<void>;
}

export const useMarket = create<MarketState>((set) => ({
  halted: false,
  killSwitch: false,
  async load() {
    set(await call('trading.status', {}));
  },
  async setKillSwitch(active) {
    const result = await call('risk.killSwitch', { active });
    set({ killSwitch: result.active });
  },
}));

subscribe('trading.halted', ({ halted }) => useMarket.setState({ halted }));
subscribe('risk.killSwitch', ({ userId, active }) => {
  if (useSession.getState().user?.id === userId) useMarket.setState({ killSwitch: active });
});
