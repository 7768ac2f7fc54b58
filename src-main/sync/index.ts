import type { SyncStatusView } from '../../src-shared/contract/sync';
import { fail } from '../../src-shared/domain/errors';
import { defineDomain, type Domain } from '../api/domain';
import type { EventBus } from '../api/event-bus';
import type { Recorder } from '../api/recorder';
import type { SystemCaller } from '../api/system-caller';
import type { UsersPort } from '../auth';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { EventLog } from '../store/event-log';
import type { SecretBox } from '../store/secret-box';
import { CentralApplier } from './central-apply';
import { SyncClient } from './sync-client';
import { SyncLoop } from './sync-loop';
import { SyncRepo } from './sync-repo';

export interface SyncOptions {
  /** Start attempts from the core's tick; off for a manual clock, where tests call `sync.now`. */
  auto: boolean;
  /** Time between attempts started by the tick (ms of the injected clock). */
  intervalMs: number;
  /** Events per push (the server takes at most MAX_PUSH_EVENTS). */
  batchSize: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = { auto: true, intervalMs: 30_000, batchSize: 2_000 };

const TO_ADMINS = { userIds: [], roles: ['admin'] } as const;

/**
 * The terminal's side of hosted sync: enrolment with a one-time code (the device token sealed by
 * the SecretBox, never logged), the sync loop (sync-loop.ts), and its status for administrators.
 * Owns its tables only; the event log is read through the store's EventLog.
 */
export function createSync(deps: {
  db: Db;
  log: EventLog;
  recorder: Recorder;
  bus: EventBus;
  clock: Clock;
  secrets: () => SecretBox;
  users: UsersPort;
  system: SystemCaller;
  options?: Partial<SyncOptions>;
}): {
  domain: Domain<'sync'>;
} {
  const options = { ...DEFAULT_SYNC_OPTIONS, ...deps.options };
  const repo = new SyncRepo(deps.db, deps.secrets);
  const terminalId = deps.log.terminalId;

  const status = (): SyncStatusView => {
    const link = repo.link();
    const head = deps.log.head();
    const acked = link?.ackedSeq ?? 0;
    return {
      enrolled: link !== null,
      serverUrl: link?.serverUrl ?? null,
      orgId: link?.orgId ?? null,
      terminalId,
      ackedSeq: acked,
      head,
      pending: link ? Math.max(0, head - acked) : 0,
      lastSyncAt: link?.lastSyncAt ?? null,
      lastAttemptAt: link?.lastAttemptAt ?? null,
      lastError: link?.lastError ?? null,
      progress: loop.progress,
      items: link ? repo.items() : [],
    };
  };
  const loop: SyncLoop = new SyncLoop({
    repo,
    log: deps.log,
    recorder: deps.recorder,
    clock: deps.clock,
    applier: new CentralApplier({ users: deps.users, system: deps.system, recorder: deps.recorder }),
    batchSize: options.batchSize,
    changed: () => deps.bus.publish('sync.status', status(), TO_ADMINS),
  });

  const domain = defineDomain('sync', {
    tick: () => {
      if (!options.auto) return;
      const link = repo.link();
      if (link && deps.clock.now() - (link.lastAttemptAt ?? 0) >= options.intervalMs) void loop.run();
    },
    handlers: {
      'sync.status': () => status(),
      'sync.enrol': async (input, ctx) => {
        await loop.idle();
        const answer = await new SyncClient(input.serverUrl).enrol(input.enrolmentCode, terminalId, `GridDesk ${terminalId}`);
        if (!answer.ok) {
          const code = 'failure' in answer ? answer.failure : answer.refusal.code === 'unauthorised' || answer.refusal.code === 'code_used' ? 'code_invalid' : answer.refusal.code;
          fail('REJECTED', 'The sync server refused the enrolment.', { reason: 'SYNC_ENROL_REFUSED', params: { code } });
        }
        const { orgId, token, acked } = answer.value;
        if (acked > deps.log.head()) fail('CONFLICT', 'The sync server holds more of this terminal’s log than the terminal has.', { reason: 'SYNC_ENROL_REFUSED', params: { code: 'server_ahead' } });
        ctx.commit((log) => {
          repo.enrol(input.serverUrl, orgId, token, acked, ctx.now);
          log('sync.enrolled', { serverUrl: input.serverUrl, orgId, acked });
        });
        return status();
      },
      'sync.now': async () => {
        if (!repo.link()) fail('NOT_FOUND', 'This terminal is not enrolled with a sync server.', { reason: 'SYNC_NOT_ENROLLED' });
        await loop.run();
        return status();
      },
      'sync.unenrol': async (_input, ctx) => {
        await loop.idle();
        const link = repo.link();
        if (!link) fail('NOT_FOUND', 'This terminal is not enrolled with a sync server.', { reason: 'SYNC_NOT_ENROLLED' });
        ctx.commit((log) => {
          repo.unenrol();
          log('sync.unenrolled', { serverUrl: link.serverUrl, orgId: link.orgId, acked: link.ackedSeq });
        });
        return status();
      },
    },
  });
  return { domain };
}
