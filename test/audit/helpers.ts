import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openHarness, withAdmin, withStore, type Client, type Harness } from '../helpers/core';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface VerifyRun {
  status: number | null;
  output: string;
  /** The CLI's last line. */
  verdict: { ok: boolean; checkedTo?: number; firstBad?: { seq: number; reason: string }; checkpoints?: number; error?: string };
}

/** `npm run audit:verify -- …` as an administrator runs it: the real script, in its own process. */
export function auditVerify(args: string[]): VerifyRun {
  const run = spawnSync(TSX, [join(ROOT, 'scripts/audit-verify.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, output: run.stdout + run.stderr, verdict: JSON.parse(lines[lines.length - 1] ?? '{}') as VerifyRun['verdict'] };
}

/** A stopped terminal whose trail has entries of several kinds: set-up, users, preferences, refusals. */
export async function terminalWithHistory(): Promise<{ dataDir: string; head: number }> {
  const harness = openHarness();
  const admin = await withAdmin(harness);
  await admin.ok('auth.users.create', { username: 'tom', displayName: 'Tom', password: 'tom-password-123', role: 'trader' });
  for (let i = 0; i < 5; i++) await admin.ok('prefs.set', { key: 'theme', value: i % 2 === 0 ? 'dark' : 'light' });
  await admin.raw('auth.users.create', { username: 'Bad Name!', displayName: 'x', password: 'long-enough-pass', role: 'trader' });
  const head = (await admin.ok('audit.list', { limit: 1 }))[0]!.seq;
  harness.close();
  return { dataDir: harness.dataDir, head };
}

/**
 * Changes the file as someone holding it could: the triggers that keep the log append-only guard
 * against the terminal's own mistakes, and anyone with the file can drop them.
 */
export function tamper(dataDir: string, change: (db: Database.Database) => void): void {
  withStore({ dataDir }, (db) => {
    db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; DROP TRIGGER IF EXISTS events_extend_chain;');
    change(db);
  });
}

export async function openWithAdmin(): Promise<{ harness: Harness; admin: Client }> {
  const harness = openHarness();
  return { harness, admin: await withAdmin(harness) };
}
