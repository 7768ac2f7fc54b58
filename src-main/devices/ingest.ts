import type { LatestReading } from '../../src-shared/contract-devices';
import type { Db } from '../store/database';
import type { Counters } from './counters';
import type { DeviceRegistry } from './registry';
import type { Reading, TelemetryStore } from './telemetry-store';
import { fromDc, fromPm, orNull } from './units';

export interface IngestOptions {
  /** Longest a reading waits before it is written. */
  flushMs: number;
  /** A batch this large is written at once, without waiting for the timer. */
  batchSize: number;
}

/** A reading stamped with when it arrived, so latency can be measured end to end. */
export interface QueuedReading extends Reading {
  receivedAt: number;
}

export type StoredListener = (fresh: readonly QueuedReading[], committedAt: number) => void;

/**
 * Batches readings into one transaction per flush: one fsync per 50 ms instead of one per message
 * is what makes tens of thousands of messages a second possible on SQLite. Runs on the event loop,
 * so a flush never overlaps another.
 */
export class IngestQueue {
  private pending: QueuedReading[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<StoredListener>();

  constructor(
    private readonly deps: {
      db: Db;
      store: TelemetryStore;
      registry: DeviceRegistry;
      counters: Counters;
      now: () => number;
    },
    private readonly options: IngestOptions,
  ) {}

  push(reading: QueuedReading): void {
    this.pending.push(reading);
    if (this.pending.length >= this.options.batchSize) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get queued(): number {
    return this.pending.length;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const latest = new Map<number, LatestReading>();
    const seen = this.deps.now();
    const fresh = this.deps.db.transaction(() => {
      const stored = this.deps.store.insert(batch) as QueuedReading[];
      for (const r of stored) {
        const previous = latest.get(r.deviceId);
        if (!previous || previous.ts <= r.ts) latest.set(r.deviceId, merge(previous, r));
      }
      for (const [id, reading] of latest) this.deps.registry.writeLatest(id, reading, seen);
      return stored;
    })();
    this.deps.registry.applyLatest(latest, seen);
    this.deps.counters.add('stored', fresh.length);
    this.deps.counters.add('duplicate', batch.length - fresh.length);
    const committedAt = this.deps.now();
    for (const listener of this.listeners) listener(fresh, committedAt);
  }

  close(): void {
    this.flush();
    clearTimeout(this.timer);
  }
}

/** The newest reading wins, but a metric it lacks keeps the previous value. */
function merge(previous: LatestReading | undefined, r: Reading): LatestReading {
  return {
    ts: r.ts,
    powerW: r.powerW ?? previous?.powerW ?? null,
    importWh: r.importWh ?? previous?.importWh ?? null,
    exportWh: r.exportWh ?? previous?.exportWh ?? null,
    socPct: orNull(r.socPm, fromPm) ?? previous?.socPct ?? null,
    temperatureC: orNull(r.tempDc, fromDc) ?? previous?.temperatureC ?? null,
  };
}
