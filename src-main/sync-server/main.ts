import { parseArgs } from 'node:util';
import { OrgIdSchema } from '../../src-shared/contract/sync-wire';
import { createOrganisation, createEnrolmentCode } from './accounts';
import { buildSyncApp } from './app';
import { openPool } from './db';
import { migrate } from './migrations';

/**
 * `npm run sync-server -- [serve] --database postgres://… [--port N] [--host ADDR]`
 * `npm run sync-server -- create-org --database … --id ID --name NAME --admin USERNAME` (prints the admin's API key once)
 * `npm run sync-server -- create-code --database … --org ID [--ttl-minutes N]` (prints a one-time enrolment code)
 * Every command applies the schema migrations first (or refuses on a schema it does not know).
 */
const USAGE = `Usage: npm run sync-server -- [serve|create-org|create-code] --database postgres://USER@HOST:PORT/DB [options]
  serve        --port N (default 5180; 0 = any) --host ADDR (default 127.0.0.1) --pool N (default 10)
  create-org   --id ID --name NAME --admin USERNAME   prints the administrator's API key (shown once)
  create-code  --org ID [--ttl-minutes N]             prints a one-time enrolment code for a terminal`;

function exitWith(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('--') ? argv.shift()! : 'serve';
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        database: { type: 'string' },
        port: { type: 'string', default: '5180' },
        host: { type: 'string', default: '127.0.0.1' },
        pool: { type: 'string', default: '10' },
        id: { type: 'string' },
        name: { type: 'string' },
        admin: { type: 'string' },
        org: { type: 'string' },
        'ttl-minutes': { type: 'string', default: '60' },
      },
      strict: true,
    }));
  } catch (err) {
    exitWith((err as Error).message);
  }
  const database = values.database ?? process.env.GRIDDESK_SYNC_DATABASE;
  if (!database) exitWith('--database is required (or GRIDDESK_SYNC_DATABASE)');
  const pool = openPool(database, Number(values.pool));
  await migrate(pool);

  if (command === 'create-org') {
    const id = OrgIdSchema.safeParse(values.id);
    if (!id.success || !values.name || !values.admin) exitWith('create-org needs --id (lowercase letters, digits, -), --name and --admin');
    const { adminKey } = await createOrganisation(pool, id.data, values.name, values.admin);
    process.stdout.write(`${adminKey}\n`);
    await pool.end();
    return;
  }
  if (command === 'create-code') {
    if (!values.org) exitWith('create-code needs --org');
    const { code, expiresAt } = await createEnrolmentCode(pool, { orgId: values.org, username: 'cli', role: 'admin' }, Number(values['ttl-minutes']));
    process.stdout.write(`${code}\nexpires ${expiresAt}\n`);
    await pool.end();
    return;
  }
  if (command !== 'serve') exitWith(`unknown command ${command}`);

  const app = buildSyncApp(pool);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) exitWith(`--port must be 0…65535, not "${values.port}"`);
  const address = await app.listen({ port, host: values.host });
  // Tests and scripts read this line to find the port.
  process.stdout.write(`griddesk sync server listening on ${address}\n`);
  const stop = async (): Promise<void> => {
    await app.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
