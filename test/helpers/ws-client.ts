import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, type ConnectableCore, type RunningServer, type ServeOptions } from '../../src-main/server/ws-server';
import type { CallInput, CallOutput, Method } from '../../src-shared/contract';
import type { CallResult } from '../../src-shared/domain/errors';
import { tempDir } from './core';

/** A web root with a page, so the server can start as `serve` does. */
export function tempWebRoot(): string {
  const webRoot = tempDir('griddesk-web-');
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>GridDesk</title>');
  return webRoot;
}

/** The terminal's HTTP + WebSocket server on a real loopback port. */
export function serveCore(core: ConnectableCore, options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer(core, { host: '127.0.0.1', port: 0, webRoot: tempWebRoot(), ...options });
}

/** One browser tab's socket to the server: calls by id, as the renderer's transport sends them. */
export class WsClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: CallResult<unknown>) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type?: string; id?: number } & CallResult<unknown>;
      if (message.type !== 'result' || typeof message.id !== 'number') return;
      this.waiting.get(message.id)?.(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
      this.waiting.delete(message.id);
    });
  }

  static open(url: string, options: { localAddress?: string } = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { origin: url, ...options });
      socket.once('open', () => resolve(new WsClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call<M extends Method>(method: M, input: CallInput<M>): Promise<CallResult<CallOutput<M>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (result: CallResult<unknown>) => void);
      this.socket.send(JSON.stringify({ id, method, input }));
    });
  }

  async ok<M extends Method>(method: M, input: CallInput<M>): Promise<CallOutput<M>> {
    const result = await this.call(method, input);
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  /** Resolves with the close code once the server (or the client) closes the socket. */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(1006);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.close();
  }
}
