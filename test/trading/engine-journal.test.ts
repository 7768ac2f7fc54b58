import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src-main/engine';
import { EngineJournal } from '../../src-main/trading/engine-journal';
import { openDatabase } from '../../src-main/store/database';
import { EventLog } from '../../src-main/store/event-log';
import { tempDir } from '../helpers/core';

const cancel = (seq: number): Command => ({ type: 'cancel', seq, ts: 1_000 + seq, orderId: seq, owner: 1 });

describe('engine journal', () => {
  it('packs consecutive commands into shared rows, keeps the gap-free seq with other writers, and reads back every command in order', () => {
    const db = openDatabase(join(tempDir(), 'j.sqlite'));
    const log = new EventLog(db, 't');
    const journal = new EngineJournal(db, 't');
    db.transaction(() => {
      journal.forget();
      for (let i = 1; i <= 70; i++) journal.appendCommand(5, 'ann', cancel(i));
      // Another actor starts a new row; an audit entry closes the open one first, keeping the order.
      journal.appendCommand(6, 'tom', cancel(71));
      journal.append(7, 'tom', 'order.cancelled', { orderId: 71 });
      journal.appendCommand(8, 'tom', cancel(72));
      // A writer that reads MAX(seq) sees everything buffered once the journal synced.
      journal.sync();
      log.append(9, 'system', 'other', {});
      journal.forget();
      journal.appendCommand(10, 'tom', cancel(73));
      journal.sync();
    })();
    const rows = db.prepare('SELECT seq, actor, type FROM events ORDER BY seq').all() as Array<{ seq: number; actor: string; type: string }>;
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.map((r) => `${r.actor}:${r.type}`)).toEqual([
      'ann:engine.cmd',
      'ann:engine.cmd',
      'ann:engine.cmd',
      'tom:engine.cmd',
      'tom:order.cancelled',
      'tom:engine.cmd',
      'system:other',
      'tom:engine.cmd',
    ]);
    const commands = [...journal.commandsAfter(0)];
    expect(commands.map((c) => c.command)).toEqual(Array.from({ length: 73 }, (_, i) => cancel(i + 1)));
    expect([...journal.commandsAfter(3)].map((c) => c.command.seq)).toEqual([71, 72, 73]);
  });

  it('writes nothing of a rolled-back transaction and counts from the disk again after it', () => {
    const db = openDatabase(join(tempDir(), 'j.sqlite'));
    const journal = new EngineJournal(db, 't');
    expect(() =>
      db.transaction(() => {
        journal.forget();
        journal.appendCommand(1, null, cancel(1));
        journal.sync();
        throw new Error('write failed');
      })(),
    ).toThrow('write failed');
    journal.forget();
    db.transaction(() => {
      journal.appendCommand(2, null, cancel(2));
      journal.sync();
    })();
    expect(db.prepare('SELECT seq FROM events').pluck().all()).toEqual([1]);
    expect([...journal.commandsAfter(0)].map((c) => c.command)).toEqual([cancel(2)]);
  });
});
