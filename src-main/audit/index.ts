import { defineDomain, type Domain } from '../api/domain';
import type { EventLog } from '../store/event-log';

/** The audit domain: the one gap-free event log, read newest first by administrators. */
export function createAudit(deps: { log: EventLog }): { domain: Domain<'audit'> } {
  return {
    domain: defineDomain('audit', {
      handlers: {
        'audit.list': (input) => deps.log.list(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit),
      },
    }),
  };
}
