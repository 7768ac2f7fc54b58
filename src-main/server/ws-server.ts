import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestEnvelopeSchema } from '../../src-shared/contract/wire';
import type { Core } from '../core/core';
import { ConnectionGuard, DEFAULT_CONNECTION_LIMITS, startHeartbeat, type ConnectionLimits } from './connection-guard';
import { contentSecurityPolicy, hostIsAllowed, originIsAllowed, reachableHosts } from './origin-policy';
import { cacheControlFor, refuse, refuseRaw, securityHeaders, type HeaderSet } from './security-headers';

/** All the server needs of the terminal: a connection per socket. */
export type ConnectableCore = Pick<Core, 'connect'>;

export interface ServeOptions {
  host: string;
  port: number;
  /** Built renderer files; the UI is served from here. */
  webRoot: string;
  /** Names besides addresses and localhost that may appear in the Host header (e.g. a plant's DNS name). */
  allowedHosts?: readonly string[];
  /** Connection caps and timeouts; each left out takes its default. */
  limits?: Partial<ConnectionLimits>;
}

/** Big enough for any legitimate call; a larger frame is refused by the socket layer with code 1009. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  /** Open connections nobody has signed in on yet. */
  unauthenticatedConnections(): number;
  close(): Promise<void>;
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

function requestIdOf(raw: unknown): number | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** Close code for a socket that did not sign in in time (the 4000s are the application's own). */
export const SIGN_IN_TIMEOUT_CLOSE = 4408;
const CLOSE_HANDSHAKE_GRACE_MS = 1_000;

/**
 * Closes the socket unless it signs in by the deadline. A call still running at the deadline (a
 * login being checked) is let finish first, up to one more deadline, so a slow sign-in is not cut.
 */
class SignInDeadline {
  private inFlight = 0;
  private passed = false;
  /** Signed in or closed: a later sign-out does not bring the deadline back. */
  private settled = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly isSignedIn: () => boolean,
    private readonly onSignedIn: () => void,
    timeoutMs: number,
  ) {
    const passed = () => {
      this.passed = true;
      this.check();
    };
    this.timers.push(setTimeout(passed, timeoutMs));
    this.timers.push(setTimeout(() => this.close(), 2 * timeoutMs));
  }

  callStarted(): void {
    this.inFlight += 1;
  }

  callEnded(): void {
    this.inFlight -= 1;
    this.check();
  }

  stop(): void {
    this.settled = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private check(): void {
    if (this.settled) return;
    if (this.isSignedIn()) {
      this.stop();
      this.onSignedIn();
    } else if (this.passed && this.inFlight === 0) this.close();
  }

  private close(): void {
    if (this.settled) return;
    this.stop();
    if (this.isSignedIn()) return this.onSignedIn();
    this.socket.close(SIGN_IN_TIMEOUT_CLOSE, 'sign in timed out');
    // A peer that never answers the close handshake would hold the socket for ws's 30 s close timeout.
    setTimeout(() => this.socket.terminate(), CLOSE_HANDSHAKE_GRACE_MS).unref();
  }
}

function attachConnection(
  core: ConnectableCore,
  socket: WebSocket,
  remoteAddress: string | undefined,
  limits: ConnectionLimits,
  onSignedIn: () => void,
): void {
  const outbox = new Outbox(socket);
  // The peer's address, not a forwarded header: sign-in attempts are throttled by it.
  const connection = core.connect({ trustedLocal: false, remoteAddress }, (name, payload) => outbox.event(eventText(name, payload)));
  const deadline = new SignInDeadline(socket, () => connection.state.caller !== null, onSignedIn, limits.signInTimeoutMs);
  socket.on('close', () => {
    deadline.stop();
    connection.close();
  });
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      if (isBinary) throw new Error('binary');
      raw = JSON.parse(data.toString());
    } catch {
      const error = { code: 'BAD_REQUEST', message: 'The message is not valid JSON.' } as const;
      connection.refused(error);
      send(socket, { type: 'result', id: null, ok: false, error });
      return;
    }
    const envelope = RequestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      const error = { code: 'BAD_REQUEST', message: 'A request needs a numeric id, a method name and an input of bounded JSON.' } as const;
      connection.refused(error);
      // Answer under the request's id when it has one, so the caller's pending call ends.
      send(socket, { type: 'result', id: requestIdOf(raw), ok: false, error });
      return;
    }
    const { id, method, input } = envelope.data;
    deadline.callStarted();
    void connection.call(method, input).then((result) => {
      outbox.result({ type: 'result', id, ...result });
      deadline.callEnded();
    });
  });
}

export function startServer(core: ConnectableCore, options: ServeOptions): Promise<RunningServer> {
  const allowedHosts = options.allowedHosts ?? [];
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const guard = new ConnectionGuard(limits);
  // Set once the port is known; no request is served before then.
  let headers: HeaderSet = securityHeaders(contentSecurityPolicy([], 0));
  const assets = sirv(options.webRoot, {
    single: true,
    dev: false,
    etag: true,
    gzip: false,
    brotli: false,
    setHeaders: (res, pathname) => res.setHeader('cache-control', cacheControlFor(pathname)),
  });

  const server: Server = createServer(
    // Checked often enough that a connection silent past the deadline goes within a fraction of it.
    { connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.signInTimeoutMs / 4))) },
    (req: IncomingMessage, res: ServerResponse) => {
      if (!hostIsAllowed(req.headers.host, allowedHosts)) return refuse(res, headers, 421, {}, 'Unknown host name.');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, headers, 405, { allow: 'GET, HEAD' });
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      assets(req, res, () => refuse(res, headers, 404));
    },
  );
  server.headersTimeout = limits.signInTimeoutMs;
  server.requestTimeout = 2 * limits.signInTimeoutMs;
  server.on('connection', (socket: Socket) => {
    const admission = guard.admit(socket);
    if (admission !== 'admitted') refuseRaw(socket, headers, admission === 'address-full' ? 429 : 503, { 'retry-after': '5' });
  });
  // Node's own answers to a malformed or oversized request carry none of the headers; these do.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET') return socket.destroy();
    refuseRaw(socket, headers, clientErrorStatus(err.code));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => false });
  const stopHeartbeat = startHeartbeat(() => sockets.clients, limits.pingIntervalMs);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') return refuseRaw(socket, headers, 404);
    if (!hostIsAllowed(req.headers.host, allowedHosts)) return refuseRaw(socket, headers, 421);
    if (!originIsAllowed(req.headers.origin, req.headers.host)) return refuseRaw(socket, headers, 403);
    sockets.handleUpgrade(req, socket, head, (ws) => attachConnection(core, ws, req.socket.remoteAddress, limits, () => guard.signedIn(req.socket)));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      headers = securityHeaders(contentSecurityPolicy(reachableHosts(options.host, allowedHosts), port));
      const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        unauthenticatedConnections: () => guard.unauthenticated,
        close: () =>
          new Promise<void>((done) => {
            stopHeartbeat();
            for (const client of sockets.clients) client.close(1001, 'server stopping');
            sockets.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The status Node itself would answer a request it could not parse with. */
function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  return 400;
}
