import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/app-data';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../server/connection-guard';

export interface ServeArgs {
  port: number;
  host: string;
  dataDir: string;
  webRoot: string | undefined;
  limits: ConnectionLimits;
  /** Issue a one-time administrator unlock link for the terminal on dataDir, print it and exit. */
  unlockAdmin: boolean;
  /** A file whose first line is the passphrase that protects stored secrets (else GRIDDESK_PASSPHRASE, else the key file). */
  passphraseFile: string | undefined;
  /** How far the terminal's clock runs ahead of the machine's, for rehearsing a market moment (0 = the machine's time). */
  clockOffsetMs: number;
  /** A folder of extra Ed25519 release public keys (*.pem) trusted beside the bundled ones: tests and private release channels. */
  releaseKeysDir: string | undefined;
}

export class UsageError extends Error {}

/** A rehearsal runs at most a day ahead: far enough to reach any gate or auction of the next day. */
export const MAX_CLOCK_OFFSET_MS = 86_400_000;

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDR] [--data DIR] [--unlock-admin] [--passphrase-file FILE] [limits]
  --port N     TCP port (0 = any free port; default 5170)
  --host ADDR  address to listen on (default 127.0.0.1; use 0.0.0.0 for the plant/desk LAN)
  --data DIR   data folder (default: the OS application-data folder)
  --unlock-admin  print a one-time link that lets an administrator sign in past any lock, and exit
                  (works while the terminal runs; the link's address uses --host and --port)
  --passphrase-file FILE  protect stored passwords and keys with the passphrase in FILE
                          (or set GRIDDESK_PASSPHRASE; default: a key file, <data>/secret.key)
  --max-connections-per-address N  connections one address may hold (default ${DEFAULT_CONNECTION_LIMITS.maxPerAddress})
  --max-unauthenticated N          connections not signed in, all addresses together (default ${DEFAULT_CONNECTION_LIMITS.maxUnauthenticated})
  --sign-in-timeout-ms MS          a connection not signed in by then is closed (default ${DEFAULT_CONNECTION_LIMITS.signInTimeoutMs})
  --ping-interval-ms MS            signed-in sockets are pinged this often; a silent one is dropped (default ${DEFAULT_CONNECTION_LIMITS.pingIntervalMs})
  --clock-offset-ms MS  rehearsal: the terminal's clock runs MS ahead of this machine's (0…${MAX_CLOCK_OFFSET_MS});
                        only on a new data folder, and never for real trading
  --release-keys DIR  also trust the Ed25519 release public keys (*.pem) in DIR for signed updates
                      (a private release channel, or a test's own key pair)`;

/** The flags of the connection limits, with the bounds each must stay in. */
const LIMIT_FLAGS = {
  'max-connections-per-address': { key: 'maxPerAddress', min: 1, max: 100_000 },
  'max-unauthenticated': { key: 'maxUnauthenticated', min: 1, max: 1_000_000 },
  'sign-in-timeout-ms': { key: 'signInTimeoutMs', min: 100, max: 600_000 },
  'ping-interval-ms': { key: 'pingIntervalMs', min: 100, max: 3_600_000 },
} as const satisfies Record<string, { key: keyof ConnectionLimits; min: number; max: number }>;

function parseLimits(values: Partial<Record<keyof typeof LIMIT_FLAGS, string>>): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const [flag, { key, min, max }] of Object.entries(LIMIT_FLAGS)) {
    const text = values[flag as keyof typeof LIMIT_FLAGS];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${flag} must be a whole number ${min}…${max}, not "${text}"`);
    limits[key] = value;
  }
  return limits;
}

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
        'max-connections-per-address': { type: 'string' },
        'max-unauthenticated': { type: 'string' },
        'sign-in-timeout-ms': { type: 'string' },
        'ping-interval-ms': { type: 'string' },
        'unlock-admin': { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        'clock-offset-ms': { type: 'string', default: '0' },
        'release-keys': { type: 'string' },
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
  const clockOffsetMs = Number(values['clock-offset-ms']);
  if (!Number.isInteger(clockOffsetMs) || clockOffsetMs < 0 || clockOffsetMs > MAX_CLOCK_OFFSET_MS) {
    throw new UsageError(`--clock-offset-ms must be a whole number 0…${MAX_CLOCK_OFFSET_MS}, not "${values['clock-offset-ms']}"`);
  }
  return {
    port,
    host,
    dataDir: values.data ?? defaultDataDir(),
    webRoot: values['web-root'],
    limits: parseLimits(values),
    unlockAdmin: values['unlock-admin'],
    passphraseFile: values['passphrase-file'],
    clockOffsetMs,
    releaseKeysDir: values['release-keys'],
  };
}
