import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../../src-main/store/data-dir-lock';
import { tempDir } from '../helpers/core';

const CHILD = join(import.meta.dirname, 'helpers/lock-child.ts');

interface Contender {
  child: ChildProcess;
  /** Every line the contender printed, once it exited. */
  lines: Promise<string[]>;
  /** The first line, as soon as it is printed. */
  first: Promise<string>;
}

function contender(base: string, startAt: number, rounds: number, interval: number): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, base, String(startAt), String(rounds), String(interval)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let sawFirst: (line: string) => void = () => {};
  const first = new Promise<string>((resolve) => (sawFirst = resolve));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) sawFirst(out.split('\n')[0]!);
  });
  const lines = new Promise<string[]>((resolve, reject) =>
    child.once('exit', (code, signal) => (code === 0 || signal ? resolve(out.trim().split('\n')) : reject(new Error(`lock child failed: ${err}`)))),
  );
  return { child, lines, first };
}

/** A terminal that took the folder's lock and was then killed, as a crash or power cut leaves it. */
async function crashedHolder(dir: string): Promise<number> {
  const holder = contender(dir, 0, 0, 0);
  expect(await holder.first).toMatch(/^0 WON/);
  holder.child.kill('SIGKILL');
  await holder.lines;
  return holder.child.pid!;
}

interface Attempt {
  round: number;
  won: boolean;
  attempted: number;
  released: number;
}

function parse(line: string): Attempt {
  const [round, outcome, attempted, released] = line.split(' ');
  return { round: Number(round), won: outcome === 'WON', attempted: Number(attempted), released: outcome === 'WON' ? Number(released) : Number.NaN };
}

describe('lockDataDir', () => {
  it('refuses a folder whose lock another live process holds, naming it', async () => {
    const dir = tempDir();
    const holder = contender(dir, 0, 0, 0);
    try {
      expect(await holder.first).toMatch(/^0 WON/);
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

  it('lets exactly one of two processes take over a stale lock at the same moment, in every round', async () => {
    const rounds = 150;
    const interval = 40;
    const base = tempDir();
    for (let k = 0; k < rounds; k++) {
      // The state a crashed terminal leaves: its dead pid in the pid file.
      mkdirSync(join(base, String(k)));
      writeFileSync(join(base, String(k), 'griddesk.lock'), '999999');
    }
    const startAt = Date.now() + 4_000;
    const results = await Promise.all([contender(base, startAt, rounds, interval).lines, contender(base, startAt, rounds, interval).lines]);
    const [a, b] = results.map((lines) => lines.map(parse));
    let raced = 0;
    for (let k = 0; k < rounds; k++) {
      const pair = [a![k]!, b![k]!];
      expect(pair.map((p) => p.round)).toEqual([k, k]);
      // A contender the scheduler woke late may find the lock already released: not a race.
      if (Math.abs(pair[0]!.attempted - pair[1]!.attempted) > interval / 4) continue;
      raced++;
      expect(pair.filter((p) => p.won), `round ${k}: ${JSON.stringify(pair)}`).toHaveLength(1);
    }
    // Most rounds really overlapped, or the test would prove nothing.
    expect(raced).toBeGreaterThan(rounds * 0.8);
  }, 60_000);

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
