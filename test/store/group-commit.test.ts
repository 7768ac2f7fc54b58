import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { EventLog } from '../../src-main/store/event-log';
import { BatchFailedError, GroupCommitter } from '../../src-main/store/group-commit';
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

  it('with a delay, gathers work submitted over several event-loop turns into one batch', async () => {
    const { db, log } = setup();
    const committer = new GroupCommitter(db, { delayMs: 50 });
    const answers: Array<Promise<number>> = [];
    for (let n = 1; n <= 3; n++) {
      answers.push(committer.submit(() => log.append(n, null, 'x', { n })));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    expect(await Promise.all(answers)).toEqual([1, 2, 3]);
    expect(committer.committedBatches).toBe(1);
  });

  it('rolls back the whole batch when one item throws, and rejects every caller in it clearly', async () => {
    const { db, log } = setup();
    let failures = 0;
    const committer = new GroupCommitter(db, { onBatchFailure: () => failures++ });
    const kept = await committer.submit(() => log.append(1, null, 'kept', {}));
    const ok = committer.submit(() => log.append(2, null, 'lost with its batch', {}));
    const bad = committer.submit(() => {
      log.append(3, null, 'dropped', {});
      throw new Error('disk full');
    });
    const after = committer.submit(() => log.append(4, null, 'never run', {}));
    for (const p of [ok, bad, after]) {
      await expect(p).rejects.toBeInstanceOf(BatchFailedError);
      await expect(p).rejects.toThrow(/3 changes could not be stored \(disk full\); none of them took effect/);
    }
    expect(failures).toBe(1);
    expect(kept).toBe(1);
    expect(log.list(100, 10).map((e) => e.type)).toEqual(['kept']);
    // The committer goes on working after a failed batch.
    await committer.submit(() => log.append(5, null, 'next', {}));
    expect(log.list(100, 10).map((e) => e.type)).toEqual(['next', 'kept']);
  });

  it('runs the batch hooks inside the transaction, around the items', async () => {
    const { db, log } = setup();
    const seen: string[] = [];
    const committer = new GroupCommitter(db, {
      onBatchStart: () => seen.push(`start:${db.inTransaction}`),
      onBatchEnd: () => seen.push(`end:${db.inTransaction}`),
    });
    await Promise.all([1, 2].map((n) => committer.submit(() => seen.push(`item${n}`) && log.append(n, null, 'x', {}))));
    expect(seen).toEqual(['start:true', 'item1', 'item2', 'end:true']);
  });

  it('commits at once when the batch is full, before the next event-loop turn', async () => {
    const { db, log } = setup();
    const committer = new GroupCommitter(db, { maxBatch: 2 });
    const first = committer.submit(() => log.append(1, null, 'a', {}));
    void committer.submit(() => log.append(2, null, 'b', {}));
    expect(committer.committedBatches).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(2);
    await first;
  });

  it('rejects every caller and reports it when the batch cannot commit', async () => {
    const { db, log } = setup();
    let reported = 0;
    const committer = new GroupCommitter(db, { onBatchFailure: () => reported++ });
    db.close();
    await expect(committer.submit(() => log.append(1, null, 'x', {}))).rejects.toThrow();
    expect(reported).toBe(1);
  });
});
