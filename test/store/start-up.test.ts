import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, tempDir, withAdmin, withStore, withUser, type Client, type Harness } from '../helpers/core';
import { hashFiles, runServe, type ServeRun } from '../helpers/serve';

let serve: ServeRun | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
  harness?.close();
  harness = undefined;
});

/** Files a start may add to a folder without changing it: the OS lock file, empty and never read. */
const LOCK_FILES = ['griddesk.lck'];

function expectUnchanged(dir: string, before: Record<string, string>): void {
  const after = hashFiles(dir);
  for (const name of LOCK_FILES) delete after[name];
  const expected = { ...before };
  for (const name of LOCK_FILES) delete expected[name];
  expect(after).toEqual(expected);
}

/** What a refused start must not print: a stack trace or any JSON (order contents). */
function expectPlainRefusal(run: ServeRun): void {
  const output = run.stdout() + run.stderr();
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/[{[]"/);
  expect(output).not.toMatch(/setup\?token=/);
}

async function openHour(client: Client, now: number): Promise<ProductView> {
  const products = await client.ok('trading.products.list', {});
  return products.find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000)!;
}

/** A terminal with resting orders on both sides, snapshotted twice, closed; returns its book and the older snapshot's seq. */
async function terminalWithSnapshots(dataDir: string): Promise<{ productId: string; book: unknown; olderSnapshot: number }> {
  harness = openHarness(dataDir);
  const admin = await withAdmin(harness);
  const trader = await withUser(harness, admin, 'tom', 'trader');
  const product = await openHour(admin, harness.clock.now());
  const place = async (who: Client, side: 'buy' | 'sell', price: number) => who.ok('trading.orders.place', { productId: product.id, side, price, quantity: 100 });
  for (let i = 0; i < 5; i++) await place(admin, 'sell', 7_000 + i * 10);
  harness.core.checkpoint();
  for (let i = 0; i < 5; i++) await place(trader, 'buy', 6_000 + i * 10);
  await place(trader, 'buy', 7_000);
  harness.core.checkpoint();
  for (let i = 0; i < 5; i++) await place(admin, 'sell', 7_200 + i * 10);
  await place(trader, 'buy', 7_010);
  const book = await admin.ok('trading.book.get', { productId: product.id, depth: 50 });
  harness.close();
  harness = undefined;
  const olderSnapshot = withStore({ dataDir }, (db) => db.prepare('SELECT MIN(seq) FROM engine_snapshots').pluck().get() as number);
  return { productId: product.id, book: { ...book, seq: 0 }, olderSnapshot };
}

function damageNewestSnapshot(dataDir: string): void {
  withStore({ dataDir }, (db) => {
    db.prepare('UPDATE engine_snapshots SET state = substr(state, 1, length(state) / 2) WHERE seq = (SELECT MAX(seq) FROM engine_snapshots)').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
  });
}

describe('a zero-length or missing database', () => {
  it('refuses a zero-length database file with a message, prints no setup link, and leaves it as it was', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'griddesk.sqlite'), '');
    const before = hashFiles(dataDir);
    serve = runServe(dataDir);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/GridDesk cannot start: The data file .*griddesk\.sqlite is empty \(0 bytes\)/);
    expectPlainRefusal(serve);
    expect(statSync(join(dataDir, 'griddesk.sqlite')).size).toBe(0);
    expectUnchanged(dataDir, before);
  }, 30_000);

  it('refuses a missing database in a folder that held a terminal, and creates none', async () => {
    const dataDir = tempDir();
    harness = openHarness(dataDir);
    harness.close();
    harness = undefined;
    rmSync(join(dataDir, 'griddesk.sqlite'));
    const before = hashFiles(dataDir);
    serve = runServe(dataDir);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(/The data file .*griddesk\.sqlite is missing, but this folder held a terminal \(the marker naming this folder's terminal, its secret key\)/);
    expectPlainRefusal(serve);
    expect(readdirSync(dataDir)).not.toContain('griddesk.sqlite');
    expectUnchanged(dataDir, before);
  }, 30_000);
});

describe('damaged engine snapshots and journal', () => {
  it('rebuilds the books from the older snapshot and the journal when the newest snapshot is damaged', async () => {
    const dataDir = tempDir();
    const { productId, book } = await terminalWithSnapshots(dataDir);
    damageNewestSnapshot(dataDir);
    harness = openHarness(dataDir);
    const admin = harness.connect();
    await admin.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    expect({ ...(await admin.ok('trading.book.get', { productId, depth: 50 })), seq: 0 }).toEqual(book);
  });

  it('rebuilds the books from the whole journal when every kept snapshot is damaged', async () => {
    const dataDir = tempDir();
    const { productId, book } = await terminalWithSnapshots(dataDir);
    withStore({ dataDir }, (db) => db.prepare("UPDATE engine_snapshots SET state = '{\"commandCount\":'").run());
    harness = openHarness(dataDir);
    const admin = harness.connect();
    await admin.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    expect({ ...(await admin.ok('trading.book.get', { productId, depth: 50 })), seq: 0 }).toEqual(book);
  });

  it('refuses to start on a damaged journal row, naming its event, printing no order, and leaving the files untouched', async () => {
    const dataDir = tempDir();
    const { productId, olderSnapshot } = await terminalWithSnapshots(dataDir);
    damageNewestSnapshot(dataDir);
    // A command the older snapshot's replay needs, cut short as a torn write would leave it.
    const damaged = withStore({ dataDir }, (db) => {
      const seq = db.prepare("SELECT MIN(seq) FROM events WHERE type = 'engine.cmd' AND seq > ?").pluck().get(olderSnapshot) as number;
      // A torn write does not go through the log's append-only trigger.
      db.exec('DROP TRIGGER events_no_update');
      db.prepare('UPDATE events SET payload = substr(payload, 1, length(payload) - 4) WHERE seq = ?').run(seq);
      db.pragma('wal_checkpoint(TRUNCATE)');
      return seq;
    });
    const before = hashFiles(dataDir);
    serve = runServe(dataDir);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(new RegExp(`GridDesk cannot start: The engine journal is damaged at event ${damaged}\\b`));
    expectPlainRefusal(serve);
    expect(serve.stdout() + serve.stderr()).not.toContain(productId);
    expectUnchanged(dataDir, before);
  }, 30_000);
});

describe('a truncated write-ahead log', () => {
  it('warns at start naming the missing events, records the gap in the audit log, and warns only once', async () => {
    const original = tempDir();
    harness = openHarness(original);
    const admin = await withAdmin(harness);
    const product = await openHour(admin, harness.clock.now());
    for (let i = 0; i < 150; i++) await admin.ok('trading.orders.place', { productId: product.id, side: 'buy', price: 5_000 + (i % 50) * 10, quantity: 100 });
    harness.core.checkpoint();
    const head = withStore(harness, (db) => db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number);
    // The folder as a crash left it with its WAL cut in half: the newest commits are only in the WAL.
    const damaged = tempDir();
    for (const name of ['griddesk.sqlite', 'griddesk.head', 'secret.key']) copyFileSync(join(original, name), join(damaged, name));
    const wal = readFileSync(join(original, 'griddesk.sqlite-wal'));
    writeFileSync(join(damaged, 'griddesk.sqlite-wal'), wal.subarray(0, Math.floor(wal.length / 2)));
    harness.close();
    harness = undefined;

    serve = runServe(damaged);
    await serve.ready();
    const warning = /WARNING: the event log ends at sequence (\d+), but this terminal had committed up to (\d+): events (\d+)–(\d+) \((\d+)\) are missing/.exec(serve.stderr());
    expect(warning, serve.stderr()).not.toBeNull();
    const found = Number(warning![1]);
    expect(found).toBeLessThan(head);
    expect(warning!.slice(2, 6).map(Number)).toEqual([head, found + 1, head, head - found]);
    expect(await serve.stop()).toBe(0);
    const audited = withStore({ dataDir: damaged }, (db) => db.prepare("SELECT payload FROM events WHERE type = 'store.events_missing'").pluck().all() as string[]);
    expect(audited.map((p) => JSON.parse(p) as unknown)).toEqual([expect.objectContaining({ code: 'EVENTS_MISSING', lastKnownSeq: head, foundSeq: found })]);

    serve = runServe(damaged);
    await serve.ready();
    expect(serve.stderr()).not.toMatch(/WARNING/);
  }, 60_000);

  it('starts without a warning after a clean stop', async () => {
    const dataDir = tempDir();
    harness = openHarness(dataDir);
    await withAdmin(harness);
    harness.close();
    harness = undefined;
    serve = runServe(dataDir);
    await serve.ready();
    expect(serve.stderr()).toBe('');
  }, 30_000);
});
