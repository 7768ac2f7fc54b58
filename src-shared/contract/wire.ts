import type { EventName, Events } from './index';
import { z } from 'zod';
import type { CallResult } from '../domain/errors';

/** The request format shared by the WebSocket and IPC transports. */
export const RequestEnvelopeSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown() })
  .strict();

/** Messages between the Electron main process and the core running in its utility process. */
export type ToCore =
  /** First message: the key for secrets at rest from the OS keychain (base64), or null for the core's key file. */
  | { type: 'unlock'; key: string | null }
  | { type: 'call'; requestId: number; windowId: number; method: string; input: unknown }
  | { type: 'window-closed'; windowId: number };

export type FromCore =
  | { type: 'ready'; setupRequired: boolean }
  | { type: 'fatal'; message: string }
  | { type: 'result'; requestId: number; result: CallResult<unknown> }
  | { type: 'event'; windowId: number; name: EventName; payload: Events[EventName] };

/** The two Electron IPC channels: calls from the page, events to it. */
export const IPC_CALL = 'griddesk:call';
export const IPC_EVENT = 'griddesk:event';
