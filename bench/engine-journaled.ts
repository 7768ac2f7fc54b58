/**
 * The mixed flow with the journal on, as the terminal journals it: each command is applied to the
 * engine and appended to the SQLite event log (WAL, synchronous=FULL) through the same EngineJournal
 * and GroupCommitter as TradingService (no savepoint per command, compact command text, consecutive
 * commands sharing a row, counted seq, multi-row INSERTs);
 * an operation counts as acknowledged only when the promise of its batch resolves, i.e. after the
 * commit. Throughput is acknowledged operations per second of wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchingEngine } from '../src-main/engine';
import { EngineJournal } from '../src-main/trading/engine-journal';
import { openDatabase } from '../src-main/store/database';
import { GroupCommitter } from '../src-main/store/group-commit';
import { BENCH_PRODUCT, toCommand, type Workload } from './engine-workloads';

export async function journaledThroughput(workload: Workload, batch = 4_096): Promise<{ opsPerSec: number; acknowledged: number; batches: number; journaled: number; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-bench-journal-'));
  const db = openDatabase(join(dir, 'journal.sqlite'));
  try {
    const journal = new EngineJournal(db, 'bench');
    const committer = new GroupCommitter(db, {
      maxBatch: batch,
      onBatchStart: () => journal.forget(),
      onBatchEnd: () => journal.sync(),
      onBatchFailure: () => journal.forget(),
    });
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
            if (changed) journal.appendCommand(command.ts, null, command);
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
    // Read back what recovery would replay: every journaled command, in order.
    let journaled = 0;
    for (const _ of journal.commandsAfter(0)) journaled++;
    const rows = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    return { opsPerSec: acknowledged / seconds, acknowledged, batches: committer.committedBatches, journaled, rows };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
