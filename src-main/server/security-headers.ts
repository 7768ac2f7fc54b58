import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The headers every HTTP answer of the terminal carries, its pages and its refusals alike: a
 * refusal page rendered by a browser is a page of this origin too. Built once per server from
 * the policy its own configuration gave, so a request never writes any of them.
 */
export type HeaderSet = Readonly<Record<string, string>>;

/** A terminal drives no camera, microphone, location, payment or device port. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'serial=()',
  'usb=()',
].join(', ');

export function securityHeaders(contentSecurityPolicy: string): HeaderSet {
  return {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * Vite names the bundles under /assets/ by their content hash, so they never change under one
 * name; the page and everything else is revalidated, so a new build is seen at once.
 */
export function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** A refusal through Node's response object: no body worth caching, the same headers as a page. */
export function refuse(res: ServerResponse, headers: HeaderSet, status: number, extra: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8', ...extra }).end(body);
}

const RAW_REFUSAL_LINGER_MS = 2_000;

/** A refusal written on a raw socket, where Node has no response object (an upgrade, a malformed request). */
export function refuseRaw(socket: Duplex, headers: HeaderSet, status: number, extra: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Nothing more is read from a refused peer: no request on it reaches the HTTP parser.
  socket.pause();
  const lines = Object.entries({ ...headers, 'cache-control': 'no-store', connection: 'close', 'content-length': '0', ...extra }).map(([name, value]) => `${name}: ${value}`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n`, () => socket.destroy());
  // A peer that never reads must not hold the socket open once the refusal is written.
  setTimeout(() => socket.destroy(), RAW_REFUSAL_LINGER_MS).unref();
}
