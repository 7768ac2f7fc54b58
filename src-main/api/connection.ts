import type { CallInput, CallOutput, EventName, Events, Method } from '../../src-shared/contract';
import type { CallError, CallResult } from '../../src-shared/domain/errors';
import type { ConnectionState } from './context';
import { reaches, type EventBus } from './event-bus';
import type { Router } from './router';

export type PushListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/**
 * One client of the core (a browser tab over WebSocket, an Electron window over IPC). It carries the
 * session bound by login/resume and receives only the events meant for that session.
 */
export class CoreConnection {
  readonly state: ConnectionState;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly router: Router,
    bus: EventBus,
    push: PushListener,
    options: { trustedLocal: boolean; remoteAddress?: string },
  ) {
    this.state = { caller: null, trustedLocal: options.trustedLocal, ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}) };
    this.unsubscribe = bus.subscribe((name, payload, audience) => {
      if (this.closed || !reaches(audience, this.state.caller)) return;
      push(name, payload);
      if (name === 'auth.sessionEnded') this.state.caller = null;
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
}
