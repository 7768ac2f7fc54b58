import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/app-data';

export interface ServeArgs {
  port: number;
  host: string;
  dataDir: string;
  webRoot: string | undefined;
  /** A file whose first line is the passphrase that protects stored secrets (else GRIDDESK_PASSPHRASE, else the key file). */
  passphraseFile: string | undefined;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDR] [--data DIR] [--passphrase-file FILE]
  --port N                TCP port (0 = any free port; default 5170)
  --host ADDR             address to listen on (default 127.0.0.1; use 0.0.0.0 for the plant/desk LAN)
  --data DIR              data folder (default: the OS application-data folder)
  --passphrase-file FILE  protect stored passwords and keys with the passphrase in FILE
                          (or set GRIDDESK_PASSPHRASE; default: a key file, <data>/secret.key)`;

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
        'passphrase-file': { type: 'string' },
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
  return { port, host, dataDir: values.data ?? defaultDataDir(), webRoot: values['web-root'], passphraseFile: values['passphrase-file'] };
}
