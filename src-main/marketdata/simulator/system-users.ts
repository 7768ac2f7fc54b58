import type { Recorder } from '../../api/recorder';
import type { UsersPort } from '../../auth';
import type { GatewayUser } from './order-gateway';
import type { StateStore } from '../state-store';

export const MAKER_USERNAME = 'sim-market-maker';
export const TAKER_USERNAME = 'sim-taker';
const STATE_KEY = 'simulator.users';

function isPair(value: unknown): value is { maker: GatewayUser; taker: GatewayUser } {
  const ok = (u: unknown) => typeof u === 'object' && u !== null && typeof (u as GatewayUser).userId === 'number' && typeof (u as GatewayUser).username === 'string';
  return typeof value === 'object' && value !== null && ok((value as { maker: unknown }).maker) && ok((value as { taker: unknown }).taker);
}

/**
 * The simulator's two participants as real trader accounts (orders and trades reference users),
 * which no password signs in to. A separate taker is needed because self-trade prevention would
 * cancel the maker's own quotes instead of trading against them. Created only once a person has set
 * the terminal up, because no accounts at all is what tells the terminal it still needs its first
 * administrator. Their ids are kept, so a person who happens to pick one of these names never
 * trades for the simulator.
 */
export function ensureSimulatorUsers(users: UsersPort, recorder: Recorder, state: StateStore, now: number): { maker: GatewayUser; taker: GatewayUser } | null {
  const known = state.get(STATE_KEY);
  if (isPair(known)) return known;
  return recorder.commit(now, 'system', (log) => {
    if (users.count() === 0) return null;
    const make = (base: string, displayName: string): GatewayUser => {
      const created = users.createSystemUser(base, displayName, 'trader', now);
      log('marketdata.simulator_user', { userId: created.userId, username: created.username });
      return { userId: created.userId, username: created.username };
    };
    const pair = { maker: make(MAKER_USERNAME, 'Simulated market maker'), taker: make(TAKER_USERNAME, 'Simulated taker') };
    state.set(STATE_KEY, pair);
    return pair;
  });
}
