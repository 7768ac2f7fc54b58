import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../../src-main/store/data-dir-lock';
import { tempDir } from '../helpers/core';

const CHILD = join(import.meta.dirname, 'helpers/lock-child.ts');

function contender(dir: string, startAt: number, holdMs: number, mode = ''): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(startAt), String(holdMs), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const line = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => (out.includes('\n') ? resolve(out.trim()) : reject(new Error(`lock child failed: ${err}`))));
  });
  return { child, line };
}

/** A terminal that took the folder's lock and was then killed, as a crash or power cut leaves it. */
async function crashedHolder(dir: string): Promise<number> {
  const holder = contender(dir, 0, 0, 'crash');
  expect(await holder.line).toMatch(/^WON/);
  const exited = new Promise((resolve) => holder.child.once('exit', resolve));
  holder.child.kill('SIGKILL');
  await exited;
  return holder.child.pid!;
}

describe('lockDataDir', () => {
  it('refuses a folder whose lock another live process holds', async () => {
    const dir = tempDir();
    const holder = contender(dir, 0, 20_000);
    try {
      expect(await holder.line).toMatch(/^WON/);
      expect(() => lockDataDir(dir)).toThrowError(new RegExp(`process ${holder.child.pid}`));
    } finally {
      holder.child.kill();
    }
  });

  it('takes over the lock of a terminal killed with SIGKILL and names the dead owner', async () => {
    const dir = tempDir();
    const deadPid = await crashedHolder(dir);
    const lock = lockDataDir(dir);
    expect(lock.staleOwner).toBe(deadPid);
    lock.release();
  });

  it('lets exactly one of two processes take over a stale lock at the same moment, every time', async () => {
    const trials = 12;
    for (let trial = 0; trial < trials; trial++) {
      const dir = tempDir();
      // The stale state a crash leaves: the lock file and the dead owner's pid file.
      writeFileSync(join(dir, 'griddesk.lock'), '999999');
      const startAt = Date.now() + 1_500;
      const pair = [contender(dir, startAt, 1_000), contender(dir, startAt, 1_000)];
      const lines = await Promise.all(pair.map((c) => c.line));
      expect(lines.filter((l) => l.startsWith('WON')), `trial ${trial}: ${lines.join(' / ')}`).toHaveLength(1);
      expect(lines.filter((l) => l === 'BUSY DataDirBusyError')).toHaveLength(1);
      await Promise.all(pair.map((c) => new Promise((resolve) => (c.child.exitCode !== null ? resolve(null) : c.child.once('exit', resolve)))));
    }
  }, 120_000);

  it('can be taken again after release', () => {
    const dir = tempDir();
    lockDataDir(dir).release();
    lockDataDir(dir).release();
  });
});

describe('lockDataDir within one process', () => {
  it('refuses a second lock on a folder this process already holds', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrowError(DataDirBusyError);
    lock.release();
  });
});
