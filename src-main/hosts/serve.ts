import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { aheadClock, systemClock } from '../core/clock';
import { Core, ReleaseKeyError } from '../core/core';
import { parseServeArgs, UsageError } from './serve-args';
import { startServer } from '../server/ws-server';
import { DataDirBusyError } from '../store/data-dir-lock';
import { StoreOpenError } from '../store/database';
import { describeStoreWarning } from '../store/head-marker';
import type { SecretKeySource } from '../store/secret-box';

/** The public keys of --release-keys, as PEM text; the updates domain refuses any that is not an Ed25519 public key. */
function releaseKeysIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.pem'))
      .sort()
      .map((name) => readFileSync(join(dir, name), 'utf8'));
  } catch (err) {
    throw new ReleaseKeyError(`Cannot read the release keys in ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/**
 * The passphrase from --passphrase-file (its first line) or GRIDDESK_PASSPHRASE; without either,
 * the core keeps its key in <data>/secret.key. The variable is removed from the environment so no
 * child process inherits it.
 */
function keySourceOf(passphraseFile: string | undefined, dataDir: string): SecretKeySource {
  const fromEnv = process.env['GRIDDESK_PASSPHRASE'];
  delete process.env['GRIDDESK_PASSPHRASE'];
  if (passphraseFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(passphraseFile, 'utf8');
    } catch (err) {
      throw new StoreOpenError(`Cannot read the passphrase file ${passphraseFile} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return { kind: 'passphrase', passphrase: text.split(/\r?\n/)[0] ?? '' };
  }
  if (fromEnv !== undefined) return { kind: 'passphrase', passphrase: fromEnv };
  return { kind: 'key-file', dir: dataDir };
}

/**
 * `npm run serve -- --unlock-admin`: the host's console issues the administrator's way in when
 * guessers keep the account locked, as it issues the first-run link. Beside a running terminal too.
 */
function printAdminUnlock(dataDir: string, host: string, port: number): void {
  if (!existsSync(join(dataDir, 'griddesk.sqlite'))) {
    console.error(`There is no terminal in ${dataDir}. Give its data folder with --data DIR.`);
    process.exit(1);
  }
  const { token, expiresAt } = Core.issueAdminUnlock(dataDir, systemClock.now());
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  console.log(`Administrator unlock: sign in as an administrator through this one-time link (valid until ${new Date(expiresAt).toISOString()}):`);
  console.log(`  http://${shownHost}:${port}/#/login?unlock=${token}`);
  console.log('It works once, past any lock on the account or this address; issuing another replaces it.');
}

/** `npm run serve`: the whole terminal headless, its UI served to browsers over HTTP + WebSocket. */
async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (args.unlockAdmin) {
    printAdminUnlock(resolve(args.dataDir), args.host, args.port);
    return;
  }
  const webRoot = resolve(args.webRoot ?? join(import.meta.dirname, '../renderer'));
  if (!existsSync(join(webRoot, 'index.html'))) {
    console.error(`The user interface is not built (${webRoot}/index.html is missing). Run "npm run build" first.`);
    process.exit(1);
  }

  const dataDir = resolve(args.dataDir);
  // A folder's event log and sessions are stamped with its clock: one that ran ahead once would
  // see time run backwards on the machine's clock, so a rehearsal never takes an existing terminal.
  if (args.clockOffsetMs > 0 && existsSync(join(dataDir, 'griddesk.sqlite'))) {
    console.error(`--clock-offset-ms runs only on a new data folder; ${dataDir} already holds a terminal.`);
    process.exit(2);
  }
  let core: Core;
  try {
    core = Core.open({
      dataDir,
      clock: args.clockOffsetMs > 0 ? aheadClock(args.clockOffsetMs) : systemClock,
      keySource: keySourceOf(args.passphraseFile, dataDir),
      ...(args.releaseKeysDir ? { updates: { extraKeys: releaseKeysIn(resolve(args.releaseKeysDir)) } } : {}),
    });
  } catch (err) {
    if (err instanceof DataDirBusyError || err instanceof StoreOpenError || err instanceof ReleaseKeyError) {
      console.error(`GridDesk cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  const server = await startServer(core, { host: args.host, port: args.port, webRoot, limits: args.limits }).catch((err: NodeJS.ErrnoException) => {
    core.close();
    console.error(`GridDesk cannot listen on ${args.host}:${args.port}: ${err.code ?? err.message}`);
    process.exit(1);
  });

  for (const warning of core.storeWarnings()) console.error(describeStoreWarning(warning));
  console.log(`GridDesk is serving on ${server.url}`);
  if (args.clockOffsetMs > 0) console.log(`Rehearsal: the terminal's clock runs ${args.clockOffsetMs} ms ahead of this machine's (${new Date(Date.now() + args.clockOffsetMs).toISOString()} now).`);
  console.log(`Data folder: ${resolve(args.dataDir)}`);
  const setupToken = core.pendingSetupToken();
  if (setupToken) {
    console.log('First run: create the administrator account through this one-time link:');
    console.log(`  ${server.url}/#/setup?token=${setupToken}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${signal})…`);
    void server.close().then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
