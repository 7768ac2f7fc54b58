import type { PartialHandlers } from '../api/context';
import type { EventLog } from '../store/event-log';

export function auditHandlers(log: EventLog): PartialHandlers<'audit.list'> {
  return {
    'audit.list': (input) => log.list(input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit),
  };
}
