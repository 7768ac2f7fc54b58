import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { http, startSyncServerProcess, type ServerProcess } from './helpers/sync-server';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src-main/sync-server/main.ts', ...args], { cwd: root });

describe('sync server: its own entry', () => {
  let db: TestPostgres;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await server?.kill();
    await db?.close();
  });

  it('creates an organisation and an enrolment code from the command line, then serves them', async () => {
    const org = await cli('create-org', '--database', db.url, '--id', 'plant-7', '--name', 'Plant 7', '--admin', 'root');
    const adminKey = org.stdout.trim();
    expect(adminKey).toMatch(/^gdk_/);
    const code = (await cli('create-code', '--database', db.url, '--org', 'plant-7')).stdout.split('\n')[0]!;
    server = await startSyncServerProcess(db.url);
    const enrolled = await http(server.url, 'POST', '/v1/enrol', null, { code, terminalId: 'cli-terminal', name: 'CLI' });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ orgId: 'plant-7', acked: 0 });
    const terminals = await http(server.url, 'GET', '/v1/central/terminals', adminKey);
    expect((terminals.body as { rows: Array<{ id: string }> }).rows.map((r) => r.id)).toEqual(['cli-terminal']);
  });

  it('refuses to start without a database', async () => {
    await expect(cli('serve')).rejects.toMatchObject({ code: 2 });
  });
});
