import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { EventLog } from '../../src-main/store/event-log';
import { GroupCommitter } from '../../src-main/store/group-commit';
import { tempDir } from '../helpers/core';

function setup() {
  const db = openDatabase(join(tempDir(), 'gc.sqlite'));
  return { db, log: new EventLog(db, 't') };
}

describe('GroupCommitter', () => {
  it('commits work submitted together in one batch and answers only after the commit', async () => {
    const { db, log } = setup();
    const committer = new GroupCommitter(db);
    const seenByOtherReader: number[] = [];
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        committer.submit(() => {
          log.append(n, null, 'x', { n });
          return n;
        }).then((value) => {
          seenByOtherReader.push(db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number);
          return value;
        }),
      ),
    );
    expect(results).toEqual([1, 2, 3]);
    expect(committer.committedBatches).toBe(1);
    expect(seenByOtherReader).toEqual([3, 3, 3]);
  });

  it('rolls back only the item that failed', async () => {
    const { db, log } = setup();
    const committer = new GroupCommitter(db);
    const ok = committer.submit(() => log.append(1, null, 'kept', {}));
    const bad = committer.submit(() => {
      log.append(2, null, 'dropped', {});
      throw new Error('refused');
    });
    const after = committer.submit(() => log.append(3, null, 'kept too', {}));
    await expect(bad).rejects.toThrow('refused');
    await Promise.all([ok, after]);
    expect(log.list(100, 10).map((e) => e.type)).toEqual(['kept too', 'kept']);
  });

  it('rejects every caller and reports it when the batch cannot commit', async () => {
    const { db, log } = setup();
    let reported = 0;
    const committer = new GroupCommitter(db, 4096, () => reported++);
    db.close();
    await expect(committer.submit(() => log.append(1, null, 'x', {}))).rejects.toThrow();
    expect(reported).toBe(1);
  });
});
