import type { LatestReading } from '../../../src-shared/contract/devices';
import type { Recorder } from '../../api/recorder';
import type { Db } from '../../store/database';
import type { Counters } from '../mqtt/counters';
import { latestAfter, type DeviceRegistry } from '../registry/registry';
import type { TelemetryStore } from './telemetry-store';
import type { Reading } from './types';
import { fromDc, fromPm, orNull } from './units';

export interface IngestOptions {
  /** Longest a reading waits before it is written. */
  flushMs: number;
  /** Shortest wait: under light load readings are written this soon (see `nextDelayMs`). */
  minFlushMs: number;
  /** A batch this large is written at once, without waiting for the timer. */
  batchSize: number;
  /**
   * How often each device's aggregates and latest values are written; raw rows are written on every
   * flush. Each of those writes costs a page per device, so once a second instead of twenty times.
   */
  aggregateEveryMs: number;
  /** Checkpoint the WAL once per round of aggregate writes (off for in-memory databases, which have none). */
  checkpoint: boolean;
}

/** Devices are written in this many slices per aggregateEveryMs (see IngestQueue.write). */
const SLICES = 10;

/**
 * The wait before the next write is this many times the last write's duration (within minFlushMs
 * and flushMs), so writing takes at most about a fifth of the event loop. A write costs about a page
 * per device whatever its size: light load gets small, prompt writes; heavy load gets bigger ones.
 */
const WAIT_PER_WRITE_MS = 4;

export function flushDelayAfter(writeMs: number, options: Pick<IngestOptions, 'minFlushMs' | 'flushMs'>): number {
  return Math.min(options.flushMs, Math.max(options.minFlushMs, writeMs * WAIT_PER_WRITE_MS));
}

/** A reading stamped with when it arrived, so latency can be measured end to end. */
export interface QueuedReading extends Reading {
  receivedAt: number;
}

export type StoredListener = (fresh: readonly QueuedReading[], committedAt: number) => void;

/**
 * Batches readings into one transaction per flush: one fsync per 50 ms instead of one per message
 * is what makes tens of thousands of messages a second possible on SQLite. Runs on the event loop,
 * so a flush never overlaps another. Each flush that stored something tells every screen the
 * devices' newest values (`devices.live`) once it has committed.
 */
export class IngestQueue {
  private pending: QueuedReading[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Writes deferred aggregates when readings stop arriving, so they never wait for the next one. */
  private deferredTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<StoredListener>();
  /** Newest values per device since the devices table was last written (the registry has them already). */
  private latest = new Map<number, LatestReading>();
  private latestSeen = 0;
  /** Monotonic, not the domain clock: this paces disk writes, it does not stamp data. */
  private lastSliceWrite = performance.now();
  private slice = 0;
  private nextDelayMs: number;

  constructor(
    private readonly deps: {
      db: Db;
      recorder: Recorder;
      store: TelemetryStore;
      registry: DeviceRegistry;
      counters: Counters;
      now: () => number;
    },
    private readonly options: IngestOptions,
  ) {
    this.nextDelayMs = options.minFlushMs;
  }

  push(reading: QueuedReading): void {
    this.pending.push(reading);
    if (this.pending.length >= this.options.batchSize) this.write(false);
    else this.timer ??= setTimeout(() => this.write(false), this.nextDelayMs);
  }

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Writes everything queued, aggregates and latest values included. */
  flush(): void {
    this.write(true);
  }

  private write(complete: boolean): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 && !(complete && this.hasDeferred())) return;
    // A slice of the devices (id modulo SLICES) gets its aggregates and latest values written every
    // aggregateEveryMs / SLICES, so each device is written about once per aggregateEveryMs, in
    // small steps instead of one write of all devices that would stall ingest once a second.
    const sliceDue = performance.now() - this.lastSliceWrite >= this.options.aggregateEveryMs / SLICES;
    const slice = this.slice;
    const select = complete ? undefined : sliceDue ? (id: number) => id % SLICES === slice : null;
    const batch = this.pending;
    this.pending = [];
    const fresh = new Map<number, LatestReading>();
    const seen = this.deps.now();
    const written: number[] = [];
    const writeStarted = performance.now();
    // Nothing here goes to the event log: readings are data, not changes anyone made.
    const stored = this.deps.recorder.commit(seen, null, (_log, publish) => {
      const stored = this.deps.store.insert(batch) as QueuedReading[];
      for (const r of stored) {
        const previous = fresh.get(r.deviceId);
        if (!previous || previous.ts <= r.ts) fresh.set(r.deviceId, merge(previous, r));
      }
      for (const [id, reading] of fresh) {
        const deferred = this.latest.get(id);
        // Late readings (buffered through an outage) must not replace newer values.
        if (!deferred || deferred.ts <= reading.ts) this.latest.set(id, overlay(deferred, reading));
      }
      if (fresh.size > 0) this.latestSeen = seen;
      if (select !== null) {
        this.deps.store.writeAggregates(select);
        for (const [id, reading] of this.latest) {
          if (select && !select(id)) continue;
          this.deps.registry.writeLatest(id, reading, this.latestSeen);
          written.push(id);
        }
      }
      if (fresh.size > 0) publish('devices.live', { readings: this.liveAfter(fresh) }, 'all');
      return stored;
    });
    this.nextDelayMs = flushDelayAfter(performance.now() - writeStarted, this.options);
    for (const id of written) this.latest.delete(id);
    if (select !== null) {
      this.lastSliceWrite = performance.now();
      this.slice = complete ? 0 : (slice + 1) % SLICES;
      // Once a round: copies the pages of the last second to the database file; PASSIVE never waits.
      if (this.options.checkpoint && this.slice === 0) this.deps.db.pragma('wal_checkpoint(PASSIVE)');
    }
    // Once readings stop, whatever is still deferred is written after aggregateEveryMs of quiet.
    clearTimeout(this.deferredTimer);
    this.deferredTimer = this.hasDeferred()
      ? setTimeout(() => {
          this.deferredTimer = undefined;
          this.write(true);
        }, this.options.aggregateEveryMs)
      : undefined;
    this.deps.registry.applyLatest(fresh, seen);
    this.deps.counters.add('stored', stored.length);
    this.deps.counters.add('duplicate', batch.length - stored.length);
    const committedAt = this.deps.now();
    for (const listener of this.listeners) listener(stored, committedAt);
  }

  /** What the registry's copy will hold for these devices once `applyLatest` has run after the commit. */
  private liveAfter(fresh: ReadonlyMap<number, LatestReading>): Array<LatestReading & { deviceId: number }> {
    return [...fresh].flatMap(([id, reading]) => {
      const device = this.deps.registry.byId(id);
      return device ? [{ deviceId: id, ...latestAfter(device.latest, reading) }] : [];
    });
  }

  /**
   * A crash may leave aggregates and latest values behind committed raw rows: the store recomputes
   * the aggregates (see TelemetryStore.recover) and each touched device gets its newest stored
   * reading back. Returns the ids of the devices touched.
   */
  recover(): number[] {
    const touched = this.deps.store.recover();
    const latest = new Map<number, LatestReading>();
    for (const id of touched) {
      const newest = this.deps.store.newest(id);
      if (newest) latest.set(id, newest);
    }
    if (latest.size === 0) return touched;
    // A repair, not a change anyone made: nothing for the event log.
    this.deps.db.transaction(() => {
      for (const [id, reading] of latest) this.deps.registry.writeLatest(id, reading, reading.ts);
    })();
    for (const [id, reading] of latest) this.deps.registry.applyLatest(new Map([[id, reading]]), reading.ts);
    return touched;
  }

  private hasDeferred(): boolean {
    return this.latest.size > 0 || this.deps.store.pendingAggregates > 0;
  }

  close(): void {
    this.flush();
    clearTimeout(this.timer);
    clearTimeout(this.deferredTimer);
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

function overlay(previous: LatestReading | undefined, next: LatestReading): LatestReading {
  return {
    ts: next.ts,
    powerW: next.powerW ?? previous?.powerW ?? null,
    importWh: next.importWh ?? previous?.importWh ?? null,
    exportWh: next.exportWh ?? previous?.exportWh ?? null,
    socPct: next.socPct ?? previous?.socPct ?? null,
    temperatureC: next.temperatureC ?? previous?.temperatureC ?? null,
  };
}
