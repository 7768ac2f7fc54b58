import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, removeDir, withAdmin, withStore, withUser, type Harness } from '../helpers/core';

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

/**
 * Overwrites the second half of an index's root page in the database file, as a failing disk or a
 * stray tool would. The write-ahead log is folded into the file first, so the page read is this one.
 */
function damageIndexPage(dataDir: string, index: string): void {
  const { rootPage, pageSize } = withStore({ dataDir }, (db) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const rootPage = db.prepare('SELECT rootpage FROM sqlite_master WHERE type = ? AND name = ?').pluck().get('index', index) as number;
    return { rootPage, pageSize: db.pragma('page_size', { simple: true }) as number };
  });
  const garbage = Buffer.alloc(pageSize / 2, 0xa5);
  const fd = openSync(join(dataDir, 'griddesk.sqlite'), 'r+');
  try {
    writeSync(fd, garbage, 0, garbage.length, (rootPage - 1) * pageSize + pageSize / 2);
  } finally {
    closeSync(fd);
  }
}

describe('integrity check on a damaged database', () => {
  it('reports the problems of a file damaged while the terminal runs, records them, and the terminal keeps answering', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    for (let i = 0; i < 20; i += 1) await withUser(harness, admin, `trader${i}`, 'trader');
    expect((await admin.ok('health.check', {})).ok).toBe(true);

    damageIndexPage(harness.dataDir, 'sqlite_autoindex_users_1');

    const check = await admin.ok('health.check', {});
    expect(check.ok).toBe(false);
    expect(check.problems).toBeGreaterThan(0);
    const status = await admin.ok('health.status', {});
    expect(status.lastIntegrity).toMatchObject({ ok: false, problems: check.problems });
    expect((await admin.ok('trading.products.list', {})).length).toBeGreaterThan(0);
  });
});
