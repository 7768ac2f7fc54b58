import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * What keeps held sockets from filling the server's file-descriptor table: a cap per remote
 * address, a cap on connections nobody has signed in on, a deadline for signing in, and a ping that
 * drops signed-in sockets whose peer has gone. Each connection is a TCP socket: HTTP requests for
 * the page and the WebSocket that follows count alike until the socket signs in.
 */
export interface ConnectionLimits {
  /** TCP connections one address may hold at once; a browser tab takes a few for the page and one socket. */
  maxPerAddress: number;
  /** Connections, from all addresses together, that have not signed in. */
  maxUnauthenticated: number;
  /** An HTTP request's headers, and a WebSocket's sign-in, must arrive within this time. */
  signInTimeoutMs: number;
  /** How often every WebSocket is pinged; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxPerAddress: 64,
  maxUnauthenticated: 512,
  signInTimeoutMs: 15_000,
  pingIntervalMs: 30_000,
};

/** An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d; it is one address either way. */
function addressOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export type Admission = 'admitted' | 'address-full' | 'unauthenticated-full';

export class ConnectionGuard {
  private readonly perAddress = new Map<string, number>();
  private readonly anonymous = new Set<Socket>();

  constructor(readonly limits: ConnectionLimits) {}

  /** Counts a new TCP connection, or says which cap refuses it; a counted one is uncounted when it closes. */
  admit(socket: Socket): Admission {
    const address = addressOf(socket);
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.limits.maxPerAddress) return 'address-full';
    if (this.anonymous.size >= this.limits.maxUnauthenticated) return 'unauthenticated-full';
    this.perAddress.set(address, held + 1);
    this.anonymous.add(socket);
    socket.once('close', () => {
      this.anonymous.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    return 'admitted';
  }

  /** A signed-in connection no longer counts against the unauthenticated cap. */
  signedIn(socket: Socket): void {
    this.anonymous.delete(socket);
  }

  /** Open connections not signed in, for the operator and the tests. */
  get unauthenticated(): number {
    return this.anonymous.size;
  }
}

/**
 * Pings every open WebSocket each interval; a socket that did not answer the previous ping with a
 * pong is terminated (its peer vanished without closing, and the kernel would hold it for hours).
 */
export function startHeartbeat(clients: () => Iterable<WebSocket>, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const socket of clients()) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      if (!alive.has(socket)) socket.on('pong', () => alive.set(socket, true));
      alive.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
