import type { Change } from '../api/context';

/**
 * One write transaction with its log entries, publishing its events after the commit: the router's
 * `ctx.commit` for a call (entries under the caller's name), or the shared Recorder's for a change
 * no call made (see `Recorder.commit`).
 */
export type Commit = <T>(change: Change<T>) => T;

/** Who a change is logged under when a device made it itself (a birth, a last will, a command answer). */
export const deviceActor = (site: string, name: string): string => `mqtt:${site}/${name}`;
