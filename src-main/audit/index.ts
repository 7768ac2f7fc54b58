import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { EventLog } from '../store/event-log';

/** The audit domain: the one gap-free event log, read newest first by administrators. */
export function createAudit(deps: { log: EventLog; recorder: Recorder }): { domain: Domain<'audit'> } {
  return {
    domain: defineDomain('audit', {
      handlers: {
        'audit.list': (input, ctx) => {
          // Refusals wait for their batch; whoever reads the trail sees every one made before.
          deps.recorder.flushRefusals(ctx.now);
          return deps.log.list(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit);
        },
      },
    }),
  };
}
