import type { CallInput, CallOutput, EventName, Events, Method } from '../../src-shared/contract';
import type { CallError, CallResult } from '../../src-shared/domain/errors';
import type { Clock } from '../core/clock';
import type { Caller, ConnectionState } from './context';
import { reaches, type EventBus } from './event-bus';
import type { Router, SessionCheck } from './router';

export type PushListener = <E extends EventName>(name: E, payload: Events[E]) => void;

export interface ConnectionOptions {
  trustedLocal: boolean;
  /** The peer's IP address, for a network connection (sign-in attempts are throttled by it). */
  remoteAddress?: string | undefined;
}

/**
 * One client of the core (a browser tab over WebSocket, an Electron window over IPC). It carries the
 * session bound by login/resume and receives only the events meant for that session, and none once
 * the session has ended: `auth.sessionEnded` aimed at it drops the session, and a session past its
 * expiry is checked again before any event goes out, so a socket nobody calls on learns it too.
 */
export class CoreConnection {
  readonly state: ConnectionState;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly router: Router,
    bus: EventBus,
    private readonly push: PushListener,
    options: ConnectionOptions,
    private readonly session: { sessions: SessionCheck; clock: Clock },
  ) {
    this.state = { caller: null, trustedLocal: options.trustedLocal, remoteAddress: options.remoteAddress ?? null };
    this.unsubscribe = bus.subscribe((name, payload, audience) => {
      if (this.closed) return;
      if (name === 'auth.sessionEnded') {
        // The notice itself carries the reason; the session it names may already be gone from the store.
        if (!reaches(audience, this.state.caller)) return;
        push(name, payload);
        this.state.caller = null;
        return;
      }
      if (reaches(audience, this.liveCaller())) push(name, payload);
    });
  }

  call(method: unknown, input: unknown): Promise<CallResult<unknown>> {
    return this.router.dispatch(this.state, method, input);
  }

  /** The typed form of `call`, for in-process clients (tests, tools) that know the contract. */
  request<M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>> {
    return this.router.dispatch(this.state, method, input) as Promise<CallResult<CallOutput<M>>>;
  }

  /**
   * Records a request the transport refused before calling (a bad envelope, a rate limit) in the
   * audit trail, batched and throttled like every refusal.
   */
  refused(error: CallError, rawInput?: unknown): void {
    this.router.refuseRequest(this.state, error, rawInput);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  /**
   * The caller, or null once its session has ended. Past the expiry last read, the store decides
   * (another connection on the same session may have extended it); an ended one is told why.
   */
  private liveCaller(): Caller | null {
    const caller = this.state.caller;
    const now = this.session.clock.now();
    if (!caller || caller.expiresAt > now) return caller;
    const checked = this.session.sessions.peek(caller, now);
    if (checked !== null && checked !== 'expired') {
      this.state.caller = checked;
      return checked;
    }
    this.state.caller = null;
    this.push('auth.sessionEnded', { reason: checked === 'expired' ? 'expired' : 'logout' });
    return null;
  }
}
