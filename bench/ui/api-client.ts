import WebSocket from 'ws';
import type { CallInput, CallOutput, EventName, Events, Method } from '../../src-shared/contract';

interface Result {
  type: 'result' | 'event' | 'events';
  events?: Array<{ name: string; payload: unknown }>;
  id?: number;
  ok?: boolean;
  value?: unknown;
  error?: { code: string; message: string };
  name?: string;
  payload?: unknown;
}

/** A second desk on the same terminal, speaking the same contract over the same WebSocket as the UI. */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Result;
      if (message.type === 'result' && typeof message.id === 'number') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`${message.error?.code}: ${message.error?.message}`));
      } else if (message.type === 'event' && message.name) {
        for (const listener of this.listeners.get(message.name) ?? []) listener(message.payload);
      } else if (message.type === 'events') {
        for (const event of message.events ?? []) for (const listener of this.listeners.get(event.name) ?? []) listener(event.payload);
      }
    });
  }

  static async connect(httpUrl: string): Promise<ApiClient> {
    const url = new URL(httpUrl);
    const socket = new WebSocket(`ws://${url.host}/ws`, { origin: `http://${url.host}` });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new ApiClient(socket);
  }

  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, input }));
    });
  }

  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(name, set);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  close(): void {
    this.socket.close();
  }
}
