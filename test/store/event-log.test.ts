import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { EventLog } from '../../src-main/store/event-log';
import { tempDir } from '../helpers/core';

describe('EventLog', () => {
  it('numbers events without gaps even when a transaction rolls back', () => {
    const db = openDatabase(join(tempDir(), 'log.sqlite'));
    const log = new EventLog(db, 'terminal-1');
    db.transaction(() => log.append(1, 'a', 'one', {}))();
    expect(() =>
      db.transaction(() => {
        log.append(2, 'a', 'two', {});
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    db.transaction(() => log.append(3, 'a', 'three', {}))();
    expect(log.list(Number.MAX_SAFE_INTEGER, 10).map((e) => [e.seq, e.type])).toEqual([
      [2, 'three'],
      [1, 'one'],
    ]);
  });

  it('refuses to append outside a transaction', () => {
    const db = openDatabase(join(tempDir(), 'log2.sqlite'));
    const log = new EventLog(db, 'terminal-1');
    expect(() => log.append(1, null, 'x', {})).toThrow(/inside the write transaction/);
  });

  it('stamps every event with the terminal id', () => {
    const db = openDatabase(join(tempDir(), 'log3.sqlite'));
    const log = new EventLog(db, 'terminal-xyz');
    db.transaction(() => log.append(5, 'bob', 'y', { a: 1 }))();
    expect(log.list(100, 1)[0]).toMatchObject({ terminalId: 'terminal-xyz', actor: 'bob', payload: { a: 1 }, ts: 5 });
  });
});
