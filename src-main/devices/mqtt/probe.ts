import { connect } from 'node:net';

/** Long enough for a broker across a WAN, short enough for an admin waiting on Save. */
export const PROBE_TIMEOUT_MS = 4_000;

/**
 * Whether a TCP connection to `host:port` opens: null when it does, else the system's error code
 * (ECONNREFUSED, ENOTFOUND, …, or TIMEOUT). Only the socket is opened; nothing is sent, so a
 * probe neither logs in nor counts against the broker's limits.
 */
export function probeTcp(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | null) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done('TIMEOUT'));
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? 'ERROR'));
  });
}
