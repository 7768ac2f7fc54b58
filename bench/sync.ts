/**
 * Sync benchmark: real terminals (Core + SQLite) pushing to the real sync server (fastify + pg) on a
 * real PostgreSQL 15 started for the run (test/sync/helpers/postgres.ts; as root it runs as the
 * `postgres` user). Each terminal's log is written first through the EventLog (hash-chained, like
 * any entry), then `sync.now` pushes it from the acknowledged sequence in the loop's batches.
 * - push: one terminal's log pushed and stored, events per second;
 * - push4: four terminals pushing at once, events per second over all of them;
 * - catchUp1M: a terminal that was offline with 1,000,000 events not yet on the server catching up;
 * - lost / duplicated: counted on the server per terminal against each terminal's log.
 * Under CI=true the same shape with fewer events. Human-readable lines first; the LAST line is one JSON object.
 *
 *   npx tsx bench/sync.ts       (npm run bench:sync)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncStatusView } from '../src-shared/contract/sync';
import { ManualClock } from '../src-main/core/clock';
import { Core } from '../src-main/core/core';
import { openDatabase } from '../src-main/store/database';
import { EventLog } from '../src-main/store/event-log';
import { terminalIdOf } from '../src-main/store/meta';
import { startPostgres } from '../test/sync/helpers/postgres';
import { createOrg, http, startSyncServer, type InProcessServer, type Org } from '../test/sync/helpers/sync-server';

const CI = process.env['CI'] === 'true';
const PUSH_EVENTS = CI ? 20_000 : 200_000;
const PUSH4_EVENTS = CI ? 10_000 : 100_000;
const CATCH_UP_EVENTS = CI ? 50_000 : 1_000_000;
const T0 = Date.UTC(2026, 10, 23, 9);

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** A terminal's data folder whose log holds `events` order-sized entries, none of them on a server yet. */
function terminalWithLog(events: number): { dir: string; terminalId: string } {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-bench-sync-'));
  const db = openDatabase(join(dir, 'griddesk.sqlite'));
  try {
    const terminalId = terminalIdOf(db);
    const log = new EventLog(db, terminalId);
    for (let done = 0; done < events; done += 10_000) {
      db.transaction(() => {
        for (let i = done; i < Math.min(events, done + 10_000); i++) {
          log.append(T0 + i, 'tom', 'trading.order_placed', { orderId: i + 1, productId: 'H-2026-11-23-12', side: i % 2 ? 'buy' : 'sell', price: 5_000 + (i % 500), quantity: 100 });
        }
      })();
    }
    return { dir, terminalId };
  } finally {
    db.close();
  }
}

interface Terminal {
  core: Core;
  dir: string;
  terminalId: string;
  syncNow(): Promise<SyncStatusView>;
}

async function enrolled(server: InProcessServer, org: Org, events: number): Promise<Terminal> {
  const { dir, terminalId } = terminalWithLog(events);
  const core = Core.open({ dataDir: dir, clock: new ManualClock(T0 + events) });
  const admin = core.connect({ trustedLocal: true }, () => {});
  const ok = async <T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
    const answer = await result;
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer.value;
  };
  await ok(admin.call('auth.setup', { username: 'admin', displayName: 'Ada', password: 'correct horse battery' }));
  const made = await http(server.url, 'POST', '/v1/admin/enrolment-codes', org.adminKey, {});
  await ok(admin.call('sync.enrol', { serverUrl: server.url, enrolmentCode: (made.body as { code: string }).code }));
  return { core, dir, terminalId, syncNow: async () => (await ok(admin.call('sync.now', {}))) as SyncStatusView };
}

/** Per terminal: events of its log the server lacks, and events the server holds more than once. */
async function counted(server: InProcessServer, terminals: readonly Terminal[], heads: ReadonlyMap<string, number>): Promise<{ lost: number; duplicated: number }> {
  let lost = 0;
  let duplicated = 0;
  for (const terminal of terminals) {
    const found = await server.pool.query<{ rows: string; distinct: string }>(
      'SELECT count(*) AS rows, count(DISTINCT seq) AS distinct FROM events WHERE terminal_id = $1 AND seq <= $2',
      [terminal.terminalId, heads.get(terminal.terminalId)!],
    );
    lost += heads.get(terminal.terminalId)! - Number(found.rows[0]!.distinct);
    duplicated += Number(found.rows[0]!.rows) - Number(found.rows[0]!.distinct);
  }
  return { lost, duplicated };
}

async function main(): Promise<void> {
  const db = await startPostgres('griddesk_bench');
  const server = await startSyncServer(db.url);
  const terminals: Terminal[] = [];
  const heads = new Map<string, number>();
  try {
    const org = await createOrg(server.pool, 'bench-desk');

    const one = await enrolled(server, org, PUSH_EVENTS);
    terminals.push(one);
    let t = process.hrtime.bigint();
    const pushed = await one.syncNow();
    const pushSeconds = seconds(t);
    if (pushed.lastError) throw new Error(`push stopped: ${JSON.stringify(pushed.lastError)}`);
    heads.set(one.terminalId, pushed.ackedSeq);
    const push = { events: pushed.ackedSeq, seconds: Number(pushSeconds.toFixed(2)), eventsPerSec: Math.round(pushed.ackedSeq / pushSeconds) };
    console.log(`push: ${push.events} events from one terminal in ${pushSeconds.toFixed(2)} s, ${push.eventsPerSec} events/s`);

    const four = await Promise.all([0, 1, 2, 3].map(() => enrolled(server, org, PUSH4_EVENTS)));
    terminals.push(...four);
    t = process.hrtime.bigint();
    const answers = await Promise.all(four.map((terminal) => terminal.syncNow()));
    const push4Seconds = seconds(t);
    answers.forEach((answer, i) => heads.set(four[i]!.terminalId, answer.ackedSeq));
    const push4Events = answers.reduce((sum, answer) => sum + answer.ackedSeq, 0);
    const push4 = { terminals: 4, events: push4Events, seconds: Number(push4Seconds.toFixed(2)), eventsPerSec: Math.round(push4Events / push4Seconds) };
    console.log(`push4: ${push4Events} events from 4 terminals at once in ${push4Seconds.toFixed(2)} s, ${push4.eventsPerSec} events/s`);

    const offline = await enrolled(server, org, CATCH_UP_EVENTS);
    terminals.push(offline);
    t = process.hrtime.bigint();
    const caughtUp = await offline.syncNow();
    const catchUpSeconds = seconds(t);
    if (caughtUp.lastError) throw new Error(`catch-up stopped: ${JSON.stringify(caughtUp.lastError)}`);
    heads.set(offline.terminalId, caughtUp.ackedSeq);
    console.log(`catchUp: ${caughtUp.ackedSeq} events pending caught up in ${catchUpSeconds.toFixed(2)} s`);

    const { lost, duplicated } = await counted(server, terminals, heads);
    console.log(`end to end: ${lost} lost, ${duplicated} duplicated (counted on the server, per terminal)`);
    console.log(
      JSON.stringify({
        ci: CI,
        push,
        push4,
        catchUp1M: { events: caughtUp.ackedSeq, seconds: Number(catchUpSeconds.toFixed(2)) },
        lost,
        duplicated,
      }),
    );
  } finally {
    for (const terminal of terminals) {
      terminal.core.close();
      rmSync(terminal.dir, { recursive: true, force: true });
    }
    await server.close();
    await db.close();
  }
}

await main();
