import type { GridDeskBridge } from '../../../src-shared/bridge';
import type { CallInput, CallOutput, EventName, Events, Method } from '../../../src-shared/contract';
import type { CallError } from '../../../src-shared/errors';
import './transport';
import { WsTransport } from './ws-transport';

export class ApiError extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
    this.name = 'ApiError';
  }
}

/** Inside Electron the preload's bridge; in a browser the WebSocket to the serving terminal. */
function pickTransport(): { bridge: GridDeskBridge; ws: WsTransport | null } {
  if (window.griddesk) return { bridge: window.griddesk, ws: null };
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WsTransport(`${scheme}://${location.host}/ws`);
  return { bridge: ws, ws };
}

const transport = pickTransport();
export const wsTransport = transport.ws;
export const isElectron = transport.ws === null;

export async function call<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>> {
  const result = await transport.bridge.call(method, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  return transport.bridge.on(name, listener);
}
