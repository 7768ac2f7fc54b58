import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createOrganisation } from '../../../src-main/sync-server/accounts';
import { buildSyncApp } from '../../../src-main/sync-server/app';
import { openPool } from '../../../src-main/sync-server/db';
import { migrate } from '../../../src-main/sync-server/migrations';

export interface InProcessServer {
  url: string;
  pool: pg.Pool;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** One sync-server instance in this process, on its own pool (two of them share nothing but the database). */
/** `port`: listen where an earlier instance listened, as a server restarted behind the same address. */
export async function startSyncServer(databaseUrl: string, port = 0): Promise<InProcessServer> {
  const pool = openPool(databaseUrl);
  await migrate(pool);
  const app = buildSyncApp(pool);
  await app.listen({ port, host: '127.0.0.1' });
  const bound = (app.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    pool,
    app,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no clean shutdown, open transactions cut. */
  kill(): Promise<void>;
}

/** The real entry (`npm run sync-server`), as a child process that can be killed mid-request. */
export async function startSyncServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/sync-server/main.ts', 'serve', '--database', databaseUrl, '--port', '0'], {
    cwd: new URL('../../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`sync server exited (${code}): ${output}`)));
  });
  return {
    url,
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

export interface Org {
  id: string;
  adminKey: string;
}

export async function createOrg(pool: pg.Pool, id = 'desk-one'): Promise<Org> {
  const { adminKey } = await createOrganisation(pool, id, `Desk ${id}`, 'root');
  return { id, adminKey };
}

/** JSON over fetch, answering status and parsed body. */
export async function http(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** An admin makes a code, a terminal enrols with it: answers the device token. */
export async function enrolTerminal(url: string, org: Org, terminalId: string): Promise<string> {
  const code = await http(url, 'POST', '/v1/admin/enrolment-codes', org.adminKey, {});
  if (code.status !== 200) throw new Error(`code: ${JSON.stringify(code)}`);
  const enrolled = await http(url, 'POST', '/v1/enrol', null, { code: (code.body as { code: string }).code, terminalId, name: terminalId });
  if (enrolled.status !== 200) throw new Error(`enrol: ${JSON.stringify(enrolled)}`);
  return (enrolled.body as { token: string }).token;
}
