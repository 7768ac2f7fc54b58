import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushAnswerSchema } from '../../src-shared/contract/sync-wire';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { createOrg, enrolTerminal, http, startSyncServer, type InProcessServer, type Org } from './helpers/sync-server';
import { WireLog } from './helpers/wire-log';

/** Two server instances on one database, several terminals pushing overlapping batches at once. */
describe('sync server: two instances, concurrent overlapping pushes', () => {
  let db: TestPostgres;
  let servers: InProcessServer[];
  let org: Org;
  beforeAll(async () => {
    db = await startPostgres();
    servers = [await startSyncServer(db.url), await startSyncServer(db.url)];
    org = await createOrg(servers[0]!.pool);
  });
  afterAll(async () => {
    for (const server of servers ?? []) await server.close();
    await db?.close();
  });

  it('stores every event of every terminal exactly once', async () => {
    const logs = [new WireLog('c-1').fill(2000), new WireLog('c-2').fill(2000)];
    const tokens = await Promise.all(logs.map((log) => enrolTerminal(servers[0]!.url, org, log.terminalId)));
    // Each terminal sends its log in 400-event batches that overlap by 100, to both instances at once, twice over.
    const sends: Array<Promise<unknown>> = [];
    logs.forEach((log, t) => {
      for (let round = 0; round < 2; round++) {
        for (let from = 1; from <= 2000; from += 300) {
          const server = servers[(from + round) % 2]!;
          sends.push(http(server.url, 'POST', '/v1/push', tokens[t]!, { terminalId: log.terminalId, events: log.range(from, Math.min(2000, from + 399)) }));
        }
      }
    });
    await Promise.all(sends);
    // Whatever a gap refused, a resend from the acknowledged head completes it (what the terminal's loop does).
    for (const [t, log] of logs.entries()) {
      for (;;) {
        const status = await servers[1]!.pool.query<{ acked_seq: string }>('SELECT acked_seq FROM terminals WHERE id = $1', [log.terminalId]);
        const acked = Number(status.rows[0]!.acked_seq);
        if (acked === 2000) break;
        const answer = await http(servers[1]!.url, 'POST', '/v1/push', tokens[t]!, { terminalId: log.terminalId, events: log.range(acked + 1, Math.min(2000, acked + 400)) });
        PushAnswerSchema.parse(answer.body);
      }
    }
    const counts = await servers[0]!.pool.query<{ terminal_id: string; n: number; distinct_seq: number; max: number }>(
      'SELECT terminal_id, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq, max(seq)::int AS max FROM events GROUP BY terminal_id ORDER BY terminal_id',
    );
    expect(counts.rows).toEqual([
      { terminal_id: 'c-1', n: 2000, distinct_seq: 2000, max: 2000 },
      { terminal_id: 'c-2', n: 2000, distinct_seq: 2000, max: 2000 },
    ]);
  });
});
