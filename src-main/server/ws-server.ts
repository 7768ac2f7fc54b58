import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestEnvelopeSchema } from '../../src-shared/contract/wire';
import type { Core } from '../core/core';

/** All the server needs of the terminal: a connection per socket. */
export type ConnectableCore = Pick<Core, 'connect'>;
import { contentSecurityPolicy, hostIsAllowed, originIsAllowed } from './origin-policy';

export interface ServeOptions {
  host: string;
  port: number;
  /** Built renderer files; the UI is served from here. */
  webRoot: string;
  /** Names besides addresses and localhost that may appear in the Host header (e.g. a plant's DNS name). */
  allowedHosts?: readonly string[];
}

/** Big enough for any legitimate call; a larger frame is refused by the socket layer with code 1009. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/**
 * The bus hands the same payload to every connection in one synchronous fan-out: it is serialized
 * once for all of them. The memo lives until the end of the current task only, so a payload object
 * changed and published again later is serialized again.
 */
let memo: { name: string; payload: unknown; text: string } | null = null;
function eventText(name: string, payload: unknown): string {
  if (memo?.name === name && memo.payload === payload) return memo.text;
  const text = JSON.stringify({ type: 'event', name, payload });
  if (memo === null) queueMicrotask(() => (memo = null));
  memo = { name, payload, text };
  return text;
}

/**
 * Events of one event-loop turn leave in one frame (`{type:'events', events:[…]}`): a matched order
 * fans out into book deltas, prints, candles and positions, and one write and one parse on the
 * other side is far cheaper than one each. A call's answer first sends the events queued before
 * it, so the other side sees everything in the order it happened.
 */
class Outbox {
  private events: string[] = [];
  private scheduled = false;

  constructor(private readonly socket: WebSocket) {}

  event(text: string): void {
    this.events.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  result(message: unknown): void {
    this.flush();
    send(this.socket, message);
  }

  private flush(): void {
    const events = this.events;
    if (events.length === 0) return;
    this.events = [];
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(events.length === 1 ? events[0]! : `{"type":"events","events":[${events.join(',')}]}`);
  }
}

function attachConnection(core: ConnectableCore, socket: WebSocket, remoteAddress: string | undefined): void {
  const outbox = new Outbox(socket);
  // The remote address is whom this connection's refusals are counted against until it signs in.
  const connection = core.connect({ trustedLocal: false, ...(remoteAddress ? { remoteAddress } : {}) }, (name, payload) => outbox.event(eventText(name, payload)));
  socket.on('close', () => connection.close());
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    let envelope;
    try {
      if (isBinary) throw new Error('binary');
      envelope = RequestEnvelopeSchema.safeParse(JSON.parse(data.toString()));
    } catch {
      const error = { code: 'BAD_REQUEST', message: 'The message is not valid JSON.' } as const;
      connection.refused(error);
      send(socket, { type: 'result', id: null, ok: false, error });
      return;
    }
    if (!envelope.success) {
      const error = { code: 'BAD_REQUEST', message: 'A request needs a numeric id, a method name and an input.' } as const;
      connection.refused(error);
      send(socket, { type: 'result', id: null, ok: false, error });
      return;
    }
    const { id, method, input } = envelope.data;
    void connection.call(method, input).then((result) => outbox.result({ type: 'result', id, ...result }));
  });
}

export function startServer(core: ConnectableCore, options: ServeOptions): Promise<RunningServer> {
  const assets = sirv(options.webRoot, { single: true, dev: false, etag: true, gzip: false, brotli: false });
  const allowedHosts = options.allowedHosts ?? [];

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!hostIsAllowed(req.headers.host, allowedHosts)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Unknown host name.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    res.setHeader('content-security-policy', contentSecurityPolicy(req.headers.host ?? ''));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    assets(req, res, () => {
      res.writeHead(404).end();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
    if (!hostIsAllowed(req.headers.host, allowedHosts)) return refuseUpgrade(socket, '421 Misdirected Request');
    if (!originIsAllowed(req.headers.origin, req.headers.host)) return refuseUpgrade(socket, '403 Forbidden');
    sockets.handleUpgrade(req, socket, head, (ws) => attachConnection(core, ws, req.socket.remoteAddress));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const client of sockets.clients) client.close(1001, 'server stopping');
            sockets.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
