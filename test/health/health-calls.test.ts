import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { openHarness, removeDir, withAdmin, withUser, type Harness } from '../helpers/core';

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

describe('health calls', () => {
  it('backs up into an owner-only database copy with the same rows', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const backup = await admin.ok('health.backup', {});
    const file = join(harness.dataDir, 'backups', backup.name, 'griddesk.sqlite');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    const live = new Database(join(harness.dataDir, 'griddesk.sqlite'), { readonly: true });
    try {
      const users = 'SELECT COUNT(*) FROM users';
      expect(copy.prepare(users).pluck().get()).toBe(live.prepare(users).pluck().get());
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
      live.close();
    }
  });

  it('reports a sound database as ok, and a non-admin is refused', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    expect((await admin.ok('health.check', {})).ok).toBe(true);
    expect((await admin.ok('health.status', {})).lastIntegrity?.ok).toBe(true);
    const trader = await withUser(harness, admin, 'tara', 'trader');
    const refused = await trader.call('health.status', {});
    expect(refused.ok).toBe(false);
  });

  it("reports the release's version as package.json states it", async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    expect((await admin.ok('health.status', {})).version).toBe(version);
  });
});
