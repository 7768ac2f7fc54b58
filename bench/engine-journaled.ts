/**
 * The mixed flow with the journal on, as the terminal runs it: each command is applied to the
 * engine and appended to the SQLite event log (WAL, synchronous=FULL) through the group committer;
 * an operation counts as acknowledged only when the promise of its batch resolves, i.e. after the
 * commit. Throughput is acknowledged operations per second of wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchingEngine } from '../src-main/engine';
import { ENGINE_COMMAND } from '../src-main/orders/engine-journal';
import { openDatabase } from '../src-main/store/database';
import { EventLog } from '../src-main/store/event-log';
import { GroupCommitter } from '../src-main/store/group-commit';
import { BENCH_PRODUCT, toCommand, type Workload } from './engine-workloads';

export async function journaledThroughput(workload: Workload, batch = 4_096): Promise<{ opsPerSec: number; acknowledged: number; batches: number; journaled: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-bench-journal-'));
  const db = openDatabase(join(dir, 'journal.sqlite'));
  try {
    const log = new EventLog(db, 'bench');
    const committer = new GroupCommitter(db, batch);
    const engine = new MatchingEngine();
    engine.addProduct(BENCH_PRODUCT);
    let seq = 0;
    for (let i = 0; i < workload.prefill.length; i++) engine.apply(toCommand(workload.prefill, i, ++seq), () => {});

    let acknowledged = 0;
    const ack = () => {
      acknowledged++;
    };
    const { ops } = workload;
    const t0 = process.hrtime.bigint();
    let inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < ops.length; i++) {
      const command = toCommand(ops, i, ++seq);
      inFlight.push(
        committer
          .submit(() => {
            let changed = false;
            engine.apply(command, (event) => {
              if (event.type !== 'rejected') changed = true;
            });
            if (changed) log.append(command.ts, null, ENGINE_COMMAND, command);
          })
          .then(ack),
      );
      // The committer flushes every `batch` submissions; wait for those acks before going on, as a
      // client waiting for its acknowledgements would.
      if (inFlight.length === batch) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    committer.flush();
    await Promise.all(inFlight);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const journaled = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    return { opsPerSec: acknowledged / seconds, acknowledged, batches: committer.committedBatches, journaled };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
