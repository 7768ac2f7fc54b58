import type { CallInput, CallOutput, EventName, Events, Method } from './index';
import type { CallResult } from '../domain/errors';

/** What the preload exposes on `window.griddesk`, and what every renderer transport implements. */
export interface GridDeskBridge {
  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}
