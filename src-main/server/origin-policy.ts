import { isIP } from 'node:net';

/**
 * A browser page from another site must not drive the terminal through the user's browser. The
 * Host must be an address (or localhost) so DNS-rebinding names are refused, and the Origin must be
 * the terminal's own page on that host.
 */
export function hostIsAllowed(hostHeader: string | undefined, extraHosts: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    return false;
  }
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || isIP(bare) !== 0 || extraHosts.includes(bare);
}

export function originIsAllowed(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (!originHeader || !hostHeader) return false;
  return originHeader === `http://${hostHeader}` || originHeader === `https://${hostHeader}`;
}

export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${hostHeader} wss://${hostHeader}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
