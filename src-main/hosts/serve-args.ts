import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/app-data';

export interface ServeArgs {
  port: number;
  host: string;
  dataDir: string;
  webRoot: string | undefined;
  /** Issue a one-time administrator unlock link for the terminal on dataDir, print it and exit. */
  unlockAdmin: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDR] [--data DIR] [--unlock-admin]
  --port N        TCP port (0 = any free port; default 5170)
  --host ADDR     address to listen on (default 127.0.0.1; use 0.0.0.0 for the plant/desk LAN)
  --data DIR      data folder (default: the OS application-data folder)
  --unlock-admin  print a one-time link that lets an administrator sign in past any lock, and exit
                  (works while the terminal runs; the link's address uses --host and --port)`;

export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '5170' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        'web-root': { type: 'string' },
        'unlock-admin': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0…65535, not "${values.port}"`);
  const host = values.host;
  if (host !== 'localhost' && isIP(host) === 0) throw new UsageError(`--host must be an IP address or localhost, not "${host}"`);
  return { port, host, dataDir: values.data ?? defaultDataDir(), webRoot: values['web-root'], unlockAdmin: values['unlock-admin'] };
}
