import type { EventName, Events } from '../../src-shared/contract';
import type { CallResult } from '../../src-shared/errors';

/** Messages between the Electron main process and the core running in its utility process. */
export type ToCore =
  | { type: 'call'; requestId: number; windowId: number; method: string; input: unknown }
  | { type: 'window-closed'; windowId: number };

export type FromCore =
  | { type: 'ready'; setupRequired: boolean }
  | { type: 'fatal'; message: string }
  | { type: 'result'; requestId: number; result: CallResult<unknown> }
  | { type: 'event'; windowId: number; name: EventName; payload: Events[EventName] };

export const IPC_CALL = 'griddesk:call';
export const IPC_EVENT = 'griddesk:event';
