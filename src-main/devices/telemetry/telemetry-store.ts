import type { LatestReading, TelemetryPoint, TelemetryResolution } from '../../../src-shared/contract/devices';
import type { Db } from '../../store/database';
import { aggregateAll, PendingAggregates, upsertSql, type DirtyQuarter } from './aggregates';
import type { Reading } from './types';
import { DAY_MS, fromDc, fromDv, fromMhz, fromPm, MINUTE_MS, orNull, QUARTER_MS } from './units';

interface RawRow {
  ts: number;
  power_w: number | null;
  import_wh: number | null;
  export_wh: number | null;
  voltage_dv: number | null;
  frequency_mhz: number | null;
  soc_pm: number | null;
  temp_dc: number | null;
  skewed: number;
}

interface AggRow {
  bucket: number;
  n: number;
  power_n: number;
  power_sum: number;
  power_min: number | null;
  power_max: number | null;
  voltage_n: number;
  voltage_sum: number;
  freq_n: number;
  freq_sum: number;
  soc_n: number;
  soc_sum: number;
  temp_n: number;
  temp_sum: number;
  import_wh: number | null;
  export_wh: number | null;
}

export interface Retention {
  rawDays: number;
  minuteDays: number;
  quarterDays: number;
}

const mean = (sum: number, n: number): number | null => (n === 0 ? null : sum / n);
/**
 * Raw readings plus 1-minute and 15-minute aggregates kept up to date at ingest (so downsampling is
 * never a separate pass that can fall behind), and pruned by age per resolution.
 */
export class TelemetryStore {
  private readonly stmts;
  private readonly pending = new PendingAggregates();

  constructor(private readonly db: Db) {
    this.stmts = {
      insertRaw: db.prepare(`INSERT OR IGNORE INTO device_telemetry
          (device_id, ts, power_w, import_wh, export_wh, voltage_dv, frequency_mhz, soc_pm, temp_dc, skewed)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      // One statement per CHUNK readings: a call into SQLite per row was a third of the insert cost.
      // RETURNING names the rows actually inserted, so redeliveries are still told apart.
      insertChunk: db
        .prepare(`INSERT INTO device_telemetry
          (device_id, ts, power_w, import_wh, export_wh, voltage_dv, frequency_mhz, soc_pm, temp_dc, skewed)
          VALUES ${new Array<string>(CHUNK).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
          ON CONFLICT DO NOTHING RETURNING device_id, ts`)
        .raw(),
      upsert1m: db.prepare(upsertSql('device_telemetry_1m')),
      upsert15m: db.prepare(upsertSql('device_telemetry_15m')),
      raw: db.prepare('SELECT * FROM device_telemetry WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?'),
      agg1m: db.prepare('SELECT * FROM device_telemetry_1m WHERE device_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?'),
      agg15m: db.prepare('SELECT * FROM device_telemetry_15m WHERE device_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?'),
      counters: db.prepare(`SELECT ts, import_wh, export_wh FROM device_telemetry
          WHERE device_id = ? AND ts >= ? AND ts <= ? AND (import_wh IS NOT NULL OR export_wh IS NOT NULL) ORDER BY ts`),
      counterBefore: db.prepare(`SELECT ts, import_wh, export_wh FROM device_telemetry
          WHERE device_id = ? AND ts < ? AND ts >= ? AND (import_wh IS NOT NULL OR export_wh IS NOT NULL) ORDER BY ts DESC LIMIT 1`),
      counterAfter: db.prepare(`SELECT ts, import_wh, export_wh FROM device_telemetry
          WHERE device_id = ? AND ts > ? AND ts <= ? AND (import_wh IS NOT NULL OR export_wh IS NOT NULL) ORDER BY ts LIMIT 1`),
      pruneRaw: db.prepare('DELETE FROM device_telemetry WHERE device_id = ? AND ts < ?'),
      prune1m: db.prepare('DELETE FROM device_telemetry_1m WHERE device_id = ? AND bucket < ?'),
      prune15m: db.prepare('DELETE FROM device_telemetry_15m WHERE device_id = ? AND bucket < ?'),
      newest: db.prepare('SELECT * FROM device_telemetry WHERE device_id = ? ORDER BY ts DESC LIMIT 1'),
      rawRange: db.prepare('SELECT * FROM device_telemetry WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts'),
      clear1m: db.prepare('DELETE FROM device_telemetry_1m WHERE device_id = ? AND bucket >= ? AND bucket < ?'),
      clear15m: db.prepare('DELETE FROM device_telemetry_15m WHERE device_id = ? AND bucket = ?'),
      readDirty: db.prepare(`SELECT value FROM device_settings WHERE key = '${DIRTY_KEY}'`).pluck(),
      writeDirty: db.prepare(`INSERT INTO device_settings (key, value) VALUES ('${DIRTY_KEY}', ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
    };
  }

  /**
   * Stores readings as raw rows; must run inside the caller's transaction. A reading whose
   * (device, ts) is already stored is a QoS 1 redelivery and is skipped before it can reach an
   * aggregate. The new ones are added to the pending aggregates (see `writeAggregates`) and returned.
   */
  insert(readings: readonly Reading[]): Reading[] {
    const fresh: Reading[] = [];
    // In key order: consecutive inserts land on the same B-tree pages while they are hot.
    const ordered = [...readings].sort((a, b) => a.deviceId - b.deviceId || a.ts - b.ts);
    let at = 0;
    const params = new Array<number | null>(CHUNK * 10);
    for (; at + CHUNK <= ordered.length; at += CHUNK) {
      for (let k = 0; k < CHUNK; k++) bind(params, k * 10, ordered[at + k]!);
      const inserted = this.stmts.insertChunk.all(...params) as Array<[number, number]>;
      const chunk = ordered.slice(at, at + CHUNK);
      for (const r of inserted.length === CHUNK ? chunk : insertedOf(chunk, inserted)) {
        fresh.push(r);
        this.pending.add(r);
      }
    }
    for (const r of ordered.slice(at)) {
      const info = this.stmts.insertRaw.run(
        r.deviceId, r.ts, r.powerW, r.importWh, r.exportWh, r.voltageDv, r.frequencyMhz, r.socPm, r.tempDc, r.skewed ? 1 : 0,
      );
      if (info.changes === 0) continue;
      fresh.push(r);
      this.pending.add(r);
    }
    const dirty = this.pending.dirtyToPersist();
    if (dirty) this.stmts.writeDirty.run(JSON.stringify(dirty));
    return fresh;
  }

  /** Readings stored as raw rows whose aggregates are not written yet (counted in quarter buckets). */
  get pendingAggregates(): number {
    return this.pending.size;
  }

  /**
   * Folds the pending deltas (of the selected devices, else all) into the 1-minute and 15-minute
   * tables; must run inside a transaction.
   */
  writeAggregates(select?: (deviceId: number) => boolean): void {
    if (this.pending.size === 0) return;
    const { minute, quarter } = this.pending.take(select);
    for (const agg of minute) this.stmts.upsert1m.run(agg);
    for (const agg of quarter) this.stmts.upsert15m.run(agg);
    // Nothing lags any more: a restart now has nothing to recompute.
    if (this.pending.size === 0 && this.pending.forgetPersisted()) this.stmts.writeDirty.run('[]');
  }

  /**
   * After a crash, aggregates may lack readings whose raw rows were committed: every quarter recorded
   * as dirty is recomputed from its raw rows (idempotent, so a quarter that was in fact complete is
   * simply rewritten). Returns the ids of the devices touched. Runs in its own transaction.
   */
  recover(): number[] {
    const value = this.stmts.readDirty.get() as string | undefined;
    if (value === undefined) return [];
    const devices = new Set<number>();
    this.db.transaction(() => {
      for (const key of parseDirty(value)) {
        const [deviceId, quarter] = key.split(':').map(Number) as [number, number];
        const rows = (this.stmts.rawRange.all(deviceId, quarter, quarter + QUARTER_MS) as RawRow[]).map((row) => readingOf(deviceId, row));
        // No raw rows left (pruned or removed): the stored aggregates are all there is.
        if (rows.length === 0) continue;
        devices.add(deviceId);
        this.stmts.clear1m.run(deviceId, quarter, quarter + QUARTER_MS);
        this.stmts.clear15m.run(deviceId, quarter);
        for (const agg of aggregateAll(rows, MINUTE_MS)) this.stmts.upsert1m.run(agg);
        for (const agg of aggregateAll(rows, QUARTER_MS)) this.stmts.upsert15m.run(agg);
      }
      this.stmts.writeDirty.run('[]');
    })();
    return [...devices];
  }

  /** The newest stored reading of a device, in the registry's units. */
  newest(deviceId: number): LatestReading | null {
    const row = this.stmts.newest.get(deviceId) as RawRow | undefined;
    if (!row) return null;
    const p = rawPoint(row);
    return { ts: p.ts, powerW: p.powerW, importWh: p.importWh, exportWh: p.exportWh, socPct: p.socPct, temperatureC: p.temperatureC };
  }

  query(deviceId: number, from: number, to: number, resolution: TelemetryResolution, limit: number): TelemetryPoint[] {
    // A query sees every committed reading: pending deltas are folded in first.
    if (resolution !== 'raw' && this.pending.size > 0) this.db.transaction(() => this.writeAggregates())();
    if (resolution === 'raw') {
      return (this.stmts.raw.all(deviceId, from, to, limit) as RawRow[]).map(rawPoint);
    }
    const stmt = resolution === '1m' ? this.stmts.agg1m : this.stmts.agg15m;
    const size = resolution === '1m' ? MINUTE_MS : QUARTER_MS;
    // A bucket that starts before `from` but overlaps it is included.
    return (stmt.all(deviceId, from - (from % size), to, limit) as AggRow[]).map(aggPoint);
  }

  /** Counter readings in [from, to] plus the nearest one on each side within `reach` ms (for interpolation). */
  counterReadings(deviceId: number, from: number, to: number, reach: number): CounterReading[] {
    const before = this.stmts.counterBefore.get(deviceId, from, from - reach) as CounterRow | undefined;
    const inside = this.stmts.counters.all(deviceId, from, to) as CounterRow[];
    const after = this.stmts.counterAfter.get(deviceId, to, to + reach) as CounterRow | undefined;
    return [...(before ? [before] : []), ...inside, ...(after ? [after] : [])].map((r) => ({
      ts: r.ts,
      importWh: r.import_wh,
      exportWh: r.export_wh,
    }));
  }

  /** Deletes by device so every delete is a range on the primary key, never a table scan. */
  prune(deviceIds: readonly number[], now: number, retention: Retention): number {
    let removed = 0;
    for (const id of deviceIds) {
      removed += this.stmts.pruneRaw.run(id, now - retention.rawDays * DAY_MS).changes;
      removed += this.stmts.prune1m.run(id, now - retention.minuteDays * DAY_MS).changes;
      removed += this.stmts.prune15m.run(id, now - retention.quarterDays * DAY_MS).changes;
    }
    return removed;
  }
}

const CHUNK = 64;

function bind(params: Array<number | null>, at: number, r: Reading): void {
  params[at] = r.deviceId;
  params[at + 1] = r.ts;
  params[at + 2] = r.powerW;
  params[at + 3] = r.importWh;
  params[at + 4] = r.exportWh;
  params[at + 5] = r.voltageDv;
  params[at + 6] = r.frequencyMhz;
  params[at + 7] = r.socPm;
  params[at + 8] = r.tempDc;
  params[at + 9] = r.skewed ? 1 : 0;
}

/**
 * The readings of a chunk that were inserted, by key (RETURNING order is unspecified). Of two equal
 * keys in one chunk only the first was inserted, so each key is handed out once.
 */
function insertedOf(chunk: readonly Reading[], inserted: ReadonlyArray<[number, number]>): Reading[] {
  const keys = new Set(inserted.map(([deviceId, ts]) => `${deviceId}:${ts}`));
  return chunk.filter((r) => keys.delete(`${r.deviceId}:${r.ts}`));
}

/** Kept in device_settings: the quarters whose aggregates may lag their raw rows (see aggregates.ts). */
const DIRTY_KEY = 'aggregates.dirty';

function parseDirty(value: string): DirtyQuarter[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string' && /^\d+:\d+$/.test(k)) : [];
  } catch {
    return [];
  }
}

function readingOf(deviceId: number, row: RawRow): Reading {
  return {
    deviceId,
    ts: row.ts,
    powerW: row.power_w,
    importWh: row.import_wh,
    exportWh: row.export_wh,
    voltageDv: row.voltage_dv,
    frequencyMhz: row.frequency_mhz,
    socPm: row.soc_pm,
    tempDc: row.temp_dc,
    skewed: row.skewed === 1,
  };
}

interface CounterRow {
  ts: number;
  import_wh: number | null;
  export_wh: number | null;
}

export interface CounterReading {
  ts: number;
  importWh: number | null;
  exportWh: number | null;
}

function rawPoint(row: RawRow): TelemetryPoint {
  return {
    ts: row.ts,
    powerW: row.power_w,
    powerMinW: row.power_w,
    powerMaxW: row.power_w,
    importWh: row.import_wh,
    exportWh: row.export_wh,
    voltageV: orNull(row.voltage_dv, fromDv),
    frequencyHz: orNull(row.frequency_mhz, fromMhz),
    socPct: orNull(row.soc_pm, fromPm),
    temperatureC: orNull(row.temp_dc, fromDc),
    count: 1,
    skewed: row.skewed === 1,
  };
}

function aggPoint(row: AggRow): TelemetryPoint {
  const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const powerMean = mean(row.power_sum, row.power_n);
  return {
    ts: row.bucket,
    powerW: powerMean === null ? null : Math.round(powerMean),
    powerMinW: row.power_min,
    powerMaxW: row.power_max,
    importWh: row.import_wh,
    exportWh: row.export_wh,
    voltageV: round1(orNull(mean(row.voltage_sum, row.voltage_n), fromDv)),
    frequencyHz: orNull(mean(row.freq_sum, row.freq_n), (v) => Math.round(v) / 1000),
    socPct: round1(orNull(mean(row.soc_sum, row.soc_n), fromPm)),
    temperatureC: round1(orNull(mean(row.temp_sum, row.temp_n), fromDc)),
    count: row.n,
    skewed: false,
  };
}

/**
 * 'auto' picks the finest resolution that is still kept for the whole range and returns a
 * reasonable number of points: raw up to 6 hours, 1-minute up to 7 days, 15-minute beyond.
 */
export function pickResolution(from: number, to: number, now: number, retention: Retention): TelemetryResolution {
  const span = to - from;
  if (span <= 6 * 60 * MINUTE_MS && from >= now - retention.rawDays * DAY_MS) return 'raw';
  if (span <= 7 * DAY_MS && from >= now - retention.minuteDays * DAY_MS) return '1m';
  return '15m';
}
