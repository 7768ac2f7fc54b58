import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * A browser page from another site must not drive the terminal through the user's browser. The
 * Host must be an address (or localhost) so DNS-rebinding names are refused, and the Origin must be
 * the terminal's own page on that host.
 */

/**
 * `host[:port]` as RFC 9110 allows it and nothing more: no userinfo (`evil@127.0.0.1`), path,
 * whitespace, quote or semicolon, so nothing a header could smuggle survives the parse.
 */
const HOST_HEADER = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]{1,253}))(?::(\d{1,5}))?$/;

export interface ParsedHost {
  /** Lower case; an IPv6 address without its brackets. */
  hostname: string;
  port: number | null;
}

export function parseHostHeader(header: string | undefined): ParsedHost | null {
  const match = header === undefined ? null : HOST_HEADER.exec(header);
  if (!match) return null;
  const [, ipv6, name, portText] = match;
  if (ipv6 !== undefined && isIP(ipv6) !== 6) return null;
  const port = portText === undefined ? null : Number(portText);
  if (port !== null && (port < 1 || port > 65_535)) return null;
  return { hostname: (ipv6 ?? name ?? '').toLowerCase(), port };
}

export function hostIsAllowed(hostHeader: string | undefined, extraHosts: readonly string[] = []): boolean {
  const host = parseHostHeader(hostHeader);
  if (!host) return false;
  return host.hostname === 'localhost' || isIP(host.hostname) !== 0 || extraHosts.includes(host.hostname);
}

export function originIsAllowed(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (!originHeader || !hostHeader || !parseHostHeader(hostHeader)) return false;
  return originHeader === `http://${hostHeader}` || originHeader === `https://${hostHeader}`;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * The names a browser may use to reach the server, from its own configuration: the address it
 * listens on (every interface address for a wildcard), the loopback names for a loopback or
 * wildcard address, and the extra host names it was given. Never anything a request said.
 */
export function reachableHosts(listenHost: string, extraHosts: readonly string[] = []): string[] {
  const hosts = new Set<string>();
  const isLoopback = listenHost === 'localhost' || listenHost === '::1' || listenHost.startsWith('127.');
  if (WILDCARDS.has(listenHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) if (!address.address.includes('%')) hosts.add(address.address);
    }
  } else hosts.add(listenHost);
  if (isLoopback || WILDCARDS.has(listenHost)) for (const name of LOOPBACK_NAMES) hosts.add(name);
  for (const name of extraHosts) hosts.add(name);
  return [...hosts];
}

/** The policy for the terminal's pages; `connectHosts` come from `reachableHosts`, `port` is the listening port. */
export function contentSecurityPolicy(connectHosts: readonly string[], port: number): string {
  const sockets = connectHosts.flatMap((host) => {
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return [`ws://${authority}`, `wss://${authority}`];
  });
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...sockets].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
