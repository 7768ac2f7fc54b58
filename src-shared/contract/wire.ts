import type { EventName, Events } from './index';
import { z } from 'zod';
import { boundedJson } from '../domain/bounded-json';
import type { CallResult } from '../domain/errors';

/**
 * The input of any call, before its own schema sees it: within the bounds of the largest legitimate
 * call (a 2 MB frame of history text is one string; no call nests more than a few levels, and
 * the deepest free-form input, a preference, is bounded at 64 by its own schema).
 */
export const CallInputJsonSchema = boundedJson({ maxDepth: 96, maxNodes: 100_000, maxChars: 64 * 1024 * 1024 });

/** The request format shared by the WebSocket and IPC transports. */
export const RequestEnvelopeSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().max(64), input: CallInputJsonSchema })
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
