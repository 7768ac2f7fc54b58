import { randomBytes } from 'node:crypto';
import { UsersRepo } from '../auth/users-repo';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { GatewayUser } from './order-gateway';
import type { StateStore } from './state-store';

export const MAKER_USERNAME = 'sim-market-maker';
export const TAKER_USERNAME = 'sim-taker';
const STATE_KEY = 'simulator.users';

/**
 * Not a scrypt hash, so no password can ever match it: these users exist to own orders and trades,
 * never to sign in. The random part keeps two terminals' rows from looking identical.
 */
function unusableHash(): string {
  return `disabled$${randomBytes(24).toString('base64')}`;
}

function isPair(value: unknown): value is { maker: GatewayUser; taker: GatewayUser } {
  const ok = (u: unknown) => typeof u === 'object' && u !== null && typeof (u as GatewayUser).userId === 'number' && typeof (u as GatewayUser).username === 'string';
  return typeof value === 'object' && value !== null && ok((value as { maker: unknown }).maker) && ok((value as { taker: unknown }).taker);
}

/**
 * The simulator's two participants as real trader rows (orders and trades reference users). A
 * separate taker is needed because self-trade prevention would cancel the maker's own quotes
 * instead of trading against them. Created only once a person has set the terminal up, because an
 * empty users table is what tells the terminal it still needs its first administrator. Their ids
 * are kept, so a person who happens to pick one of these names never trades for the simulator.
 */
export function ensureSimulatorUsers(db: Db, log: EventLog, state: StateStore, now: number): { maker: GatewayUser; taker: GatewayUser } | null {
  const users = new UsersRepo(db);
  return db.transaction(() => {
    const stored = state.get(STATE_KEY);
    if (isPair(stored)) return stored;
    if (users.count() === 0) return null;
    const make = (base: string, displayName: string): GatewayUser => {
      let username = base;
      for (let n = 2; users.findByName(username); n++) username = `${base}-${n}`;
      const created = users.create({ username, displayName, role: 'trader', passwordHash: unusableHash(), createdAt: now });
      log.append(now, 'system', 'marketdata.simulator_user', { userId: created.id, username });
      return { userId: created.id, username };
    };
    const pair = { maker: make(MAKER_USERNAME, 'Simulated market maker'), taker: make(TAKER_USERNAME, 'Simulated taker') };
    state.set(STATE_KEY, pair);
    return pair;
  })();
}
