import type { GridDeskBridge } from '../../../src-shared/contract/bridge';
import type { CallInput, CallOutput, EventName, Events, Method } from '../../../src-shared/contract';
import { ApiError } from './api-error';
import './transport';
import { WsTransport } from './ws-transport';

export { ApiError } from './api-error';

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

type RefusalListener = (error: ApiError['error']) => void;
const refusalListeners = new Set<RefusalListener>();

/** Hears every refused call, for what concerns the whole session (an enrolment the administrators now require). */
export function onRefusal(listener: RefusalListener): () => void {
  refusalListeners.add(listener);
  return () => refusalListeners.delete(listener);
}

export async function call<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>> {
  const result = await transport.bridge.call(method, input);
  if (!result.ok) {
    for (const listener of refusalListeners) listener(result.error);
    throw new ApiError(result.error);
  }
  return result.value;
}

/**
 * Market streams can bring thousands of events a second. Handing each to React on its own would
 * render once per event; queued and delivered together once per frame, React renders once per frame
 * whatever the rate. The user's own orders and trades are few and go straight through.
 */
const PER_FRAME: ReadonlySet<EventName> = new Set<EventName>(['trading.book.delta', 'marketdata.ticker', 'marketdata.candle', 'marketdata.trade', 'devices.live']);
const queued: Array<() => void> = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  const batch = queued.splice(0);
  for (const deliver of batch) deliver();
}

function schedule(deliver: () => void): void {
  queued.push(deliver);
  if (flushScheduled) return;
  flushScheduled = true;
  // A hidden window gets no animation frames; it still keeps its state current, just less often.
  if (document.hidden) setTimeout(flush, 100);
  else requestAnimationFrame(flush);
}

export function subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  if (!PER_FRAME.has(name)) return transport.bridge.on(name, listener);
  return transport.bridge.on(name, (payload) => schedule(() => listener(payload)));
}
