import type { GridDeskBridge } from '../../../src-shared/contract/bridge';
import type { EventName, Events } from '../../../src-shared/contract';
import type { CallResult } from '../../../src-shared/domain/errors';

type Pending = (result: CallResult<unknown>) => void;
type Listener = (payload: unknown) => void;

/** Calls in flight when the socket drops; the reason lets the renderer say so in the user's language. */
const DISCONNECTED: CallResult<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'The connection to the terminal was lost. Retrying…', reason: 'DISCONNECTED' },
};

/**
 * The browser transport for `npm run serve`: one WebSocket to the page's own host, reconnecting with
 * backoff. After a reconnect the session is resumed by `onReconnect` before calls flow again.
 */
export class WsTransport implements GridDeskBridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private queue: string[] = [];
  private backoffMs = 250;
  /** Between a reconnect and the session's resumption: calls wait in the queue, or the core would refuse them. */
  private resuming = false;
  onConnectionChange: (connected: boolean) => void = () => {};
  onReconnect: () => Promise<void> = async () => {};

  constructor(private readonly url: string) {
    this.open(false);
  }

  private open(isReconnect: boolean): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.backoffMs = 250;
      this.resuming = isReconnect;
      this.onConnectionChange(true);
      const flush = () => {
        this.resuming = false;
        for (const message of this.queue) socket.send(message);
        this.queue = [];
      };
      if (isReconnect) void this.onReconnect().finally(flush);
      else flush();
    };
    socket.onmessage = (event) => this.receive(String(event.data));
    socket.onclose = () => {
      this.onConnectionChange(false);
      for (const [id, resolve] of this.pending) {
        resolve(DISCONNECTED);
        this.pending.delete(id);
      }
      setTimeout(() => this.open(true), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 5_000);
    };
  }

  private receive(text: string): void {
    let message: { type?: string; id?: number; name?: string; payload?: unknown; events?: Array<{ name?: string; payload?: unknown }> } & CallResult<unknown>;
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'result' && typeof message.id === 'number') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
    } else if (message.type === 'event') {
      this.dispatch(message);
    } else if (message.type === 'events' && Array.isArray(message.events)) {
      // The server sends the events of one of its turns in one frame.
      for (const event of message.events) this.dispatch(event);
    }
  }

  private dispatch(event: { name?: string; payload?: unknown }): void {
    if (typeof event.name !== 'string') return;
    for (const listener of this.listeners.get(event.name) ?? []) listener(event.payload);
  }

  call: GridDeskBridge['call'] = (method, input) => {
    const id = this.nextId++;
    const text = JSON.stringify({ id, method, input });
    return new Promise((resolve) => {
      this.pending.set(id, resolve as Pending);
      if (this.socket?.readyState === WebSocket.OPEN && !this.resuming && this.queue.length === 0) this.socket.send(text);
      else this.queue.push(text);
    });
  };

  /** Sends before a pending reconnect queue flush: used to resume the session first. */
  callNow: GridDeskBridge['call'] = (method, input) => {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as Pending);
      this.socket?.send(JSON.stringify({ id, method, input }));
    });
  };

  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }
}
