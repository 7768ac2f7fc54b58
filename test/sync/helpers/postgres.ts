import { execFile, execFileSync } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A real PostgreSQL 15 per test file (docs: /work/shared/design/stack-notes.md, README "Test"): a
 * fresh cluster in a temp folder on a free loopback port, one database, removed after. initdb
 * refuses to run as root, so as root every server command runs as the package's `postgres` user
 * (runuser) in a folder that user owns; as anyone else it runs directly.
 */
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);
const asRoot = userInfo().uid === 0;

export interface TestPostgres {
  port: number;
  /** The cluster's folder (data, socket, server.log). */
  folder: string;
  /** The test database's URL (user `griddesk`, trust auth on 127.0.0.1 only). */
  url: string;
  /** Stops the server with `-m fast` (open connections are cut) and starts it again on the same port. */
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

async function pgCommand(tool: string, args: string[]): Promise<void> {
  const file = join(BIN, tool);
  if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
  else await run(file, args);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresOwnedTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgtest-'));
  if (asRoot) {
    // A root-owned folder is not enterable by `postgres`; hand it over.
    const ids = userIds('postgres');
    chownSync(dir, ids.uid, ids.gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

function userIds(name: string): { uid: number; gid: number } {
  const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).split('\n')[0];
  if (!line) throw new Error(`No ${name} user: install the postgresql package (see .ci/run).`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgres(database = 'griddesk_test'): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) throw new Error(`PostgreSQL 15 is not installed at ${BIN} (apt-get install postgresql; .ci/run does it).`);
  const dir = postgresOwnedTempDir();
  const data = join(dir, 'data');
  const port = await freePort();
  await pgCommand('initdb', ['-D', data, '-U', 'griddesk', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  let running = false;
  const startServer = async (): Promise<void> => {
    await pgCommand('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
    running = true;
  };
  const stopServer = async (): Promise<void> => {
    if (!running) return;
    await pgCommand('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  await startServer();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'griddesk', database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    port,
    folder: dir,
    url: `postgres://griddesk@127.0.0.1:${port}/${database}`,
    startServer,
    stopServer,
    async restart() {
      await stopServer();
      await startServer();
    },
    async close() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
