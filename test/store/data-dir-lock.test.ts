import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../../src-main/store/data-dir-lock';
import { tempDir } from '../helpers/core';

describe('lockDataDir', () => {
  it('refuses a folder locked by a live process', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dir, 'griddesk.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrowError(DataDirBusyError);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'griddesk.lock'), '999999');
    const release = lockDataDir(dir);
    expect(typeof release).toBe('function');
    release();
  });

  it('can be taken again after release', () => {
    const dir = tempDir();
    lockDataDir(dir)();
    lockDataDir(dir)();
  });
});

describe('lockDataDir within one process', () => {
  it('refuses a second lock on a folder this process already holds', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrowError(DataDirBusyError);
    release();
  });
});
