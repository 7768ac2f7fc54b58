import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { CallInput, CallOutput, EventName, Method } from '../../src-shared/contract';
import type { CallResult } from '../../src-shared/domain/errors';
import type { AuthPolicy } from '../../src-main/auth';
import { startServer, type RunningServer } from '../../src-main/server/ws-server';
import { openHarness, tempDir, type Harness } from '../helpers/core';

/** The real core on a real SQLite file behind the real WebSocket server, as `serve` runs it. */
export interface WsTerminal {
  harness: Harness;
  server: RunningServer;
  /** A browser tab's socket, from `address` (any 127.x.y.z: Linux routes the whole block to loopback). */
  open(address?: string): Promise<WsClient>;
  close(): Promise<void>;
}

export interface WsClient {
  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>>;
  ok<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>>;
  /** Every event pushed to this socket, in order. */
  events: Array<{ name: EventName; payload: unknown }>;
  close(): void;
  terminate(): void;
}

/** A socket to the terminal at `url` (a `serve` process's too), from `address`. */
export async function openSocket(url: string, address = '127.0.0.1'): Promise<WsClient> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url, localAddress: address });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return wsClient(socket);
}

export async function openWsTerminal(authPolicy: Partial<AuthPolicy> = {}): Promise<WsTerminal> {
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>GridDesk</title>');
  const harness = openHarness(undefined, undefined, { authPolicy });
  const server = await startServer(harness.core, { host: '127.0.0.1', port: 0, webRoot });
  const clients: WsClient[] = [];
  return {
    harness,
    server,
    async open(address = '127.0.0.1') {
      const client = await openSocket(server.url, address);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.terminate();
      await server.close();
      harness.close();
    },
  };
}

function wsClient(socket: WebSocket): WsClient {
  let nextId = 1;
  const pending = new Map<number, (result: CallResult<unknown>) => void>();
  const events: WsClient['events'] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const batch = message['type'] === 'events' ? (message['events'] as Array<Record<string, unknown>>) : [message];
    for (const item of batch) {
      if (item['type'] === 'event') events.push({ name: item['name'] as EventName, payload: item['payload'] });
      if (item['type'] === 'result') {
        const { id, type: _type, ...result } = item;
        pending.get(id as number)?.(result as CallResult<unknown>);
        pending.delete(id as number);
      }
    }
  });
  const call = <M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>> => {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve as (result: CallResult<unknown>) => void);
      socket.send(JSON.stringify({ id, method, input }));
    });
  };
  return {
    call,
    async ok(method, input) {
      const result = await call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    events,
    close: () => socket.close(),
    terminate: () => socket.terminate(),
  };
}

/** Lets the server's per-turn event batching reach the sockets. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
