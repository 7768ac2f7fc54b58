import type { CallInput, CallOutput, Method } from '../../src-shared/contract';
import { CallFailure } from '../../src-shared/domain/errors';
import type { Role } from '../../src-shared/domain/schemas';
import type { ConnectionState } from './context';

/** A real user row the core acts as on its own behalf (the simulator's market maker, for one). */
export interface SystemActor {
  userId: number;
  username: string;
  role: Role;
}

interface Dispatcher {
  dispatch(connection: ConnectionState, method: unknown, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: CallFailure['error'] }>;
}

/** Connections made here, and only here: no transport can put one in, so none can skip a session. */
const internal = new WeakSet<ConnectionState>();

export function isInternalConnection(connection: ConnectionState): boolean {
  return internal.has(connection);
}

/**
 * How the core calls itself: through the router, exactly as a person's call goes, with its input
 * parsed by the contract's schema, the actor's role checked and the call audited under the actor's
 * name. Only the session check is skipped, because a system actor has no session (and cannot sign
 * in: its password hash matches nothing).
 */
export class SystemCaller {
  private router: Dispatcher | null = null;

  bind(router: Dispatcher): void {
    this.router = router;
  }

  async call<M extends Method>(actor: SystemActor, method: M, input: CallInput<M>): Promise<CallOutput<M>> {
    if (!this.router) throw new Error('The system caller is used before the router exists.');
    const connection: ConnectionState = {
      caller: { ...actor, tokenHash: '', expiresAt: Number.POSITIVE_INFINITY },
      trustedLocal: false,
      remoteAddress: null,
    };
    internal.add(connection);
    const result = await this.router.dispatch(connection, method, input);
    if (!result.ok) throw new CallFailure(result.error);
    return result.value as CallOutput<M>;
  }
}
