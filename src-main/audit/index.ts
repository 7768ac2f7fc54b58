import type { AuditVerdict } from '../../src-shared/contract/audit';
import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import { loadOrCreateCheckpointKey } from './checkpoint-key';
import { CheckpointSigner, storedCheckpoints, verifyTrail } from './checkpoints';
import { deskDay, listTrail, trailCsv, trailFacets } from './trail-query';

export { CHECKPOINT_KEY_FILE } from './checkpoint-key';

export interface AuditOptions {
  /** A checkpoint is signed once this many entries were written since the last (checked each tick). */
  checkpointEvery: number;
}

const DEFAULTS: AuditOptions = { checkpointEvery: 1_000 };

export interface Audit {
  domain: Domain<'audit'>;
  /** Signs a checkpoint of the head now (the core's checkpoint(), and before it stops). */
  checkpoint(now: number): void;
  /** The last audit.verify since the terminal started and when it ran (the health screen shows it); null before one. */
  lastVerify(): { verdict: AuditVerdict; at: number } | null;
}

/**
 * The audit domain: the one gap-free event log, read newest first by administrators, its hash
 * chain checked and its head signed in checkpoints that can be exported off the machine.
 */
export function createAudit(deps: { db: Db; log: EventLog; recorder: Recorder; dataDir: string; clock: Clock; options?: Partial<AuditOptions> }): Audit {
  const options = { ...DEFAULTS, ...deps.options };
  const terminalId = deps.log.terminalId;
  const signer = new CheckpointSigner(deps.db, terminalId, loadOrCreateCheckpointKey(deps.dataDir), deps.clock.now());
  const checkpoint = (now: number) => {
    deps.recorder.flushRefusals(now);
    signer.sign(now);
  };
  let lastVerify: { verdict: AuditVerdict; at: number } | null = null;
  return {
    checkpoint,
    lastVerify: () => lastVerify,
    domain: defineDomain('audit', {
      handlers: {
        'audit.list': (input, ctx) => {
          // Refusals wait for their batch; whoever reads the trail sees every one made before.
          deps.recorder.flushRefusals(ctx.now);
          return listTrail(deps.db, input, input.beforeSeq, input.limit);
        },
        'audit.facets': (_input, ctx) => {
          deps.recorder.flushRefusals(ctx.now);
          return trailFacets(deps.db);
        },
        'audit.export': (input, ctx) => {
          deps.recorder.flushRefusals(ctx.now);
          const { csv, rows } = trailCsv(deps.db, input, input.maxRows);
          const { maxRows: _maxRows, ...filter } = input;
          // Who took a copy of the trail, and of which part, is itself on the trail (after the rows it copied).
          ctx.commit((log) => log('audit.exported', { ...filter, rows }));
          return { filename: `griddesk-audit-${terminalId.slice(0, 8)}-${deskDay(ctx.now)}.csv`, csv, rows };
        },
        'audit.verify': async (input, ctx) => {
          deps.recorder.flushRefusals(ctx.now);
          const verdict = await verifyTrail(deps.db, terminalId, ctx.now, input.checkpoints, { yieldBetweenPages: true });
          lastVerify = { verdict, at: ctx.now };
          return verdict;
        },
        'audit.checkpoints.export': (_input, ctx) => {
          checkpoint(ctx.now);
          return storedCheckpoints(deps.db, terminalId, ctx.now);
        },
      },
      tick: () => {
        if (signer.unsigned() >= options.checkpointEvery) signer.sign(deps.clock.now());
      },
    }),
  };
}
