/** The audit.verify and audit.checkpoints.export calls, on a real terminal and its SQLite file. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { openDatabase } from '../../src-main/store/database';
import { ManualClock } from '../../src-main/core/clock';
import { Core } from '../../src-main/core/core';
import { openHarness, removeDir, T0, tempDir, withAdmin, withStore, withUser, type Harness } from '../helpers/core';
import { tamper } from './helpers';

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  harness = undefined;
});

describe('audit.verify', () => {
  it('answers ok up to the head on an untouched trail', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'theme', value: 'dark' });
    const head = (await admin.ok('audit.list', { limit: 1 }))[0]!.seq;
    expect(await admin.ok('audit.verify', {})).toMatchObject({ ok: true, checkedTo: head });
  });

  it('names the first edited entry of the running terminal', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'theme', value: 'dark' });
    tamper(harness.dataDir, (db) => db.prepare("UPDATE events SET ts = ts + 1 WHERE type = 'prefs.set'").run());
    const edited = withStore(harness, (db) => db.prepare("SELECT seq FROM events WHERE type = 'prefs.set'").pluck().get() as number);
    expect(await admin.ok('audit.verify', {})).toMatchObject({ ok: false, checkedTo: edited - 1, firstBad: { seq: edited, reason: 'edited' } });
  });

  it('checks against checkpoints exported earlier, with the keys in the export', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'theme', value: 'dark' });
    const exported = await admin.ok('audit.checkpoints.export', {});
    const signedAt = exported.checkpoints.at(-1)!.seq;
    tamper(harness.dataDir, (db) => db.exec('DELETE FROM audit_checkpoints; DELETE FROM audit_keys;'));
    expect(await admin.ok('audit.verify', { checkpoints: exported })).toMatchObject({ ok: true, checkpoints: 1 });
    tamper(harness.dataDir, (db) => db.prepare('DELETE FROM events WHERE seq >= ?').run(signedAt - 1));
    expect(await admin.ok('audit.verify', { checkpoints: exported })).toMatchObject({ ok: false, firstBad: { seq: signedAt - 1, reason: 'truncated' } });
  });

  it('is refused to anyone but an administrator', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    const viewer = await withUser(harness, admin, 'vera', 'viewer');
    expect(await viewer.call('audit.verify', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await viewer.call('audit.checkpoints.export', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('audit.checkpoints.export', () => {
  it('signs the head first, so the export covers every entry so far', async () => {
    harness = openHarness();
    const admin = await withAdmin(harness);
    await admin.ok('prefs.set', { key: 'theme', value: 'dark' });
    const head = (await admin.ok('audit.list', { limit: 1 }))[0]!.seq;
    const exported = await admin.ok('audit.checkpoints.export', {});
    expect(exported.checkpoints.at(-1)?.seq).toBe(head);
    expect(exported.keys.map((k) => k.keyId)).toContain(exported.checkpoints.at(-1)?.keyId);
  });

  it('signs a checkpoint by itself every N entries, on the clock tick', async () => {
    const dataDir = tempDir();
    const core = Core.open({ dataDir, clock: new ManualClock(T0), audit: { checkpointEvery: 3 } });
    try {
      const before = withStore({ dataDir }, (db) => db.prepare('SELECT COUNT(*) FROM audit_checkpoints').pluck().get() as number);
      const admin = core.connect({ trustedLocal: true }, () => {});
      await admin.call('auth.setup', { username: 'admin', displayName: 'Ada', password: 'correct horse battery' });
      for (let i = 0; i < 3; i++) await admin.call('prefs.set', { key: 'theme', value: 'dark' });
      await core.tick('trading');
      const after = withStore({ dataDir }, (db) => db.prepare('SELECT COUNT(*) FROM audit_checkpoints').pluck().get() as number);
      expect(after).toBe(before + 1);
    } finally {
      core.close();
      removeDir(dataDir);
    }
  });
});

describe('migration 10', () => {
  it('chains the rows of an existing database once, and the chain verifies', async () => {
    const dir = tempDir();
    const file = join(dir, 'griddesk.sqlite');
    const old = new Database(file);
    for (const step of MIGRATIONS.slice(0, 9)) old.exec(step.sql);
    old.pragma('user_version = 9');
    old.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', 'old-terminal')").run();
    const insert = old.prepare("INSERT INTO events (seq, terminal_id, ts, actor, type, payload) VALUES (?, 'old-terminal', ?, 'ada', 'prefs.set', ?)");
    for (let seq = 1; seq <= 50; seq++) insert.run(seq, 1_000 + seq, JSON.stringify({ n: seq }));
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT COUNT(*) FROM events WHERE hash IS NULL OR prev_hash IS NULL').pluck().get()).toBe(0);
    db.close();
    harness = openHarness(dir);
    const admin = await withAdmin(harness);
    expect(await admin.ok('audit.verify', {})).toMatchObject({ ok: true });
    expect((await admin.ok('audit.list', { limit: 1 }))[0]!.seq).toBeGreaterThan(50);
  });

  it('keeps the log append-only and linked against the terminal’s own mistakes', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'griddesk.sqlite'));
    try {
      const write = db.prepare("INSERT INTO events (seq, terminal_id, ts, actor, type, payload, prev_hash, hash) VALUES (1, 't', 0, null, 'x', '{}', ?, ?)");
      expect(() => write.run(Buffer.alloc(32, 1), Buffer.alloc(32, 2))).toThrow(/extend the hash chain/);
      write.run(Buffer.alloc(32), Buffer.alloc(32, 2));
      expect(() => db.prepare("UPDATE events SET payload = '1'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => db.prepare("INSERT INTO events (seq, terminal_id, ts, actor, type, payload) VALUES (2, 't', 0, null, 'x', '{}')").run()).toThrow(/extend the hash chain/);
    } finally {
      db.close();
      removeDir(dir);
    }
  });
});
