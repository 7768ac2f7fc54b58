import type { Role } from '../../src-shared/domain/schemas';
import type { CallContext, Caller } from '../api/context';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';

/**
 * A CallContext for calls the core makes on its own behalf (the simulator's market maker, reads for
 * the watchlist), built the way the router builds one: changes and their log entries commit in one
 * transaction, logged under the acting user's name.
 */
export function systemContext(
  db: Db,
  log: EventLog,
  now: number,
  actor: { userId: number; username: string; role: Role } | null,
): CallContext<Caller> {
  const caller = actor && { ...actor, tokenHash: '' };
  // Transitional back door (replaced by the system caller): typed as a signed-in context.
  return {
    caller: caller as Caller,
    now,
    connection: { caller, trustedLocal: false },
    commit: <T>(change: (log: (type: string, payload: unknown, who?: string) => void, publish: () => void) => T): T =>
      db.transaction(() => change((type, payload, who) => log.append(now, who ?? actor?.username ?? 'system', type, payload), () => undefined))(),
  };
}
