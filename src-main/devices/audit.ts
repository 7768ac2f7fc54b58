import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';

/**
 * For changes that no call made (a birth, a last will, a command answer, a settled interval): the
 * change and its event-log record commit in one transaction, like `ctx.commit` does for calls.
 * `actor` names the source, e.g. `mqtt:site/device`; null for the terminal's own jobs.
 */
export type RecordChange = <T>(
  ts: number,
  actor: string | null,
  type: string,
  payload: unknown,
  change: () => T,
  /** When given, the record is written only if the change says something changed. */
  changed?: (result: T) => boolean,
) => T;

export function recorder(db: Db, log: EventLog): RecordChange {
  return (ts, actor, type, payload, change, changed) =>
    db.transaction(() => {
      const result = change();
      if (!changed || changed(result)) log.append(ts, actor, type, payload);
      return result;
    })();
}

export const deviceActor = (site: string, name: string): string => `mqtt:${site}/${name}`;
