import type { SyncErrorCode } from '../../src-shared/contract/sync';
import type { SyncError } from '../../src-shared/contract/sync-wire';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { EventLog } from '../store/event-log';
import type { CentralApplier } from './central-apply';
import { SyncClient, type Answer } from './sync-client';
import type { SyncRepo } from './sync-repo';

export interface SyncProgress {
  from: number;
  to: number;
  done: number;
}

type Stop = { code: SyncErrorCode; seq: number | null };

/** A server refusal as the code the terminal shows; `gap` never gets here (the loop resends). */
function stopOf(refusal: SyncError): Stop {
  switch (refusal.code) {
    case 'conflict':
    case 'chain_broken':
      return { code: refusal.code, seq: refusal.seq ?? null };
    case 'unauthorised':
    case 'revoked':
    case 'forbidden':
    case 'unavailable':
      return { code: refusal.code, seq: null };
    case 'code_used':
      return { code: 'code_invalid', seq: null };
    default:
      return { code: 'bad_answer', seq: null };
  }
}

function failed<T>(answer: Answer<T>): Stop | null {
  if (answer.ok) return null;
  return 'failure' in answer ? { code: answer.failure, seq: null } : stopOf(answer.refusal);
}

/**
 * One sync attempt at a time: pull what is published centrally, then push the event log in batches
 * from the last acknowledged sequence until the server holds the head. Every acknowledgement is
 * stored as it comes, so an interruption anywhere (the server gone mid-batch, the terminal closed)
 * resumes from what the server confirmed; a batch the server stored but whose answer was lost is
 * sent again and skipped there as a replay. A gap is answered by resending from the sequence the
 * server expects; a conflict or a broken chain stops the loop and is shown and logged, never
 * resolved here. No timer of its own: the core's tick (or `sync.now`) starts an attempt.
 */
export class SyncLoop {
  private running: Promise<void> | null = null;
  private progressNow: SyncProgress | null = null;

  constructor(
    private readonly deps: {
      repo: SyncRepo;
      log: EventLog;
      recorder: Recorder;
      clock: Clock;
      applier: CentralApplier;
      batchSize: number;
      /** After each stored batch and at the end of an attempt: the status went out of date. */
      changed: () => void;
    },
  ) {}

  get progress(): SyncProgress | null {
    return this.progressNow;
  }

  /** Starts an attempt, or answers the one already running. */
  run(): Promise<void> {
    this.running ??= this.attempt().finally(() => {
      this.running = null;
      this.progressNow = null;
      this.deps.changed();
    });
    return this.running;
  }

  /** Resolves once no attempt is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async attempt(): Promise<void> {
    const { repo, recorder, clock } = this.deps;
    const link = repo.link();
    if (!link) return;
    const client = new SyncClient(link.serverUrl);
    const previous = link.lastError;
    let recovered = false;
    const recover = () => {
      // Back in touch after a failure: on record once, and that entry goes up with this attempt.
      if (previous === null || recovered) return;
      recovered = true;
      recorder.commit(clock.now(), 'system', (append) => append('sync.recovered', { after: previous.code }));
    };

    const stop = await this.pull(client, link.token, link.pullCursor, recover) ?? await this.push(client, link.token, link.ackedSeq, recover);
    repo.attempted(clock.now(), stop);
    if (stop && (previous === null || previous.code !== stop.code || previous.seq !== stop.seq)) {
      // Logged when the reason changes, not at every retry: a day offline is one entry, not thousands.
      recorder.commit(clock.now(), 'system', (append) => append(stop.code === 'conflict' ? 'sync.conflict' : 'sync.failed', { code: stop.code, seq: stop.seq }));
    }
  }

  private async pull(client: SyncClient, token: string, cursor: string, recover: () => void): Promise<Stop | null> {
    const answer = await client.pull(token, cursor);
    if (!answer.ok) return failed(answer);
    recover();
    const { items } = answer.value;
    const { repo, applier, recorder, clock } = this.deps;
    repo.pulled(items, answer.value.cursor, clock.now());
    if (items.length === 0) return null;
    const outcomes: Array<Record<string, unknown>> = [];
    for (const item of items) {
      // The server's version wins for what it publishes: applied through the owning domain, which audits it.
      const outcome = await applier.apply(item, clock.now());
      repo.outcome(item.kind, item.key, item.version, outcome.applied, outcome.refusal);
      outcomes.push({ kind: item.kind, key: item.key, version: item.version, withdrawn: item.value === null, ...outcome });
    }
    recorder.commit(clock.now(), 'system', (append) => append('sync.pulled', { items: outcomes }));
    return null;
  }

  private async push(client: SyncClient, token: string, fromAcked: number, recover: () => void): Promise<Stop | null> {
    const { repo, log, batchSize, terminalId } = { ...this.deps, terminalId: this.deps.log.terminalId };
    let acked = fromAcked;
    this.progressNow = { from: acked, to: log.head(), done: acked };
    let lastGap = -1;
    while (acked < log.head()) {
      const events = log.chainedAfter(acked, batchSize);
      const answer = await client.push(token, terminalId, events);
      if (answer.ok) {
        if (answer.value.acked > log.head()) return { code: 'server_ahead', seq: answer.value.acked };
        recover();
        acked = answer.value.acked;
        lastGap = -1;
      } else if ('refusal' in answer && answer.refusal.code === 'gap' && answer.refusal.expected !== undefined) {
        const expected = answer.refusal.expected;
        if (expected - 1 > log.head()) return { code: 'server_ahead', seq: expected - 1 };
        // The same gap twice running is not progress: stop rather than spin.
        if (expected === lastGap) return { code: 'bad_answer', seq: expected };
        lastGap = expected;
        acked = expected - 1;
      } else {
        return failed(answer);
      }
      repo.acked(acked);
      this.progressNow = { from: this.progressNow.from, to: Math.max(this.progressNow.to, log.head()), done: acked };
      this.deps.changed();
    }
    return null;
  }
}
