import type { TelemetryPoint, TelemetryResolution } from '../../src-shared/contract-devices';
import type { Db } from '../store/database';
import { DAY_MS, fromDc, fromDv, fromMhz, fromPm, MINUTE_MS, orNull, QUARTER_MS } from './units';

/** One reading in store units (see schema.ts); null = the device did not report that metric. */
export interface Reading {
  deviceId: number;
  ts: number;
  powerW: number | null;
  importWh: number | null;
  exportWh: number | null;
  voltageDv: number | null;
  frequencyMhz: number | null;
  socPm: number | null;
  tempDc: number | null;
  skewed: boolean;
}

interface Aggregate {
  deviceId: number;
  bucket: number;
  n: number;
  powerN: number;
  powerSum: number;
  powerMin: number | null;
  powerMax: number | null;
  voltageN: number;
  voltageSum: number;
  freqN: number;
  freqSum: number;
  socN: number;
  socSum: number;
  tempN: number;
  tempSum: number;
  countersTs: number | null;
  importWh: number | null;
  exportWh: number | null;
}

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
const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number): number | null =>
  a === null ? b : b === null ? a : f(a, b);

function upsertSql(table: string): string {
  // SET expressions read the row as it was before the update, so each line merges old and new.
  return `INSERT INTO ${table} (device_id, bucket, n, power_n, power_sum, power_min, power_max, voltage_n, voltage_sum,
      freq_n, freq_sum, soc_n, soc_sum, temp_n, temp_sum, counters_ts, import_wh, export_wh)
    VALUES (@deviceId, @bucket, @n, @powerN, @powerSum, @powerMin, @powerMax, @voltageN, @voltageSum, @freqN, @freqSum,
      @socN, @socSum, @tempN, @tempSum, @countersTs, @importWh, @exportWh)
    ON CONFLICT (device_id, bucket) DO UPDATE SET
      n = n + excluded.n,
      power_n = power_n + excluded.power_n,
      power_sum = power_sum + excluded.power_sum,
      power_min = MIN(COALESCE(power_min, excluded.power_min), COALESCE(excluded.power_min, power_min)),
      power_max = MAX(COALESCE(power_max, excluded.power_max), COALESCE(excluded.power_max, power_max)),
      voltage_n = voltage_n + excluded.voltage_n, voltage_sum = voltage_sum + excluded.voltage_sum,
      freq_n = freq_n + excluded.freq_n, freq_sum = freq_sum + excluded.freq_sum,
      soc_n = soc_n + excluded.soc_n, soc_sum = soc_sum + excluded.soc_sum,
      temp_n = temp_n + excluded.temp_n, temp_sum = temp_sum + excluded.temp_sum,
      import_wh = CASE WHEN excluded.counters_ts >= COALESCE(counters_ts, 0) THEN COALESCE(excluded.import_wh, import_wh) ELSE import_wh END,
      export_wh = CASE WHEN excluded.counters_ts >= COALESCE(counters_ts, 0) THEN COALESCE(excluded.export_wh, export_wh) ELSE export_wh END,
      counters_ts = MAX(COALESCE(counters_ts, excluded.counters_ts), COALESCE(excluded.counters_ts, counters_ts))`;
}

/**
 * Raw readings plus 1-minute and 15-minute aggregates kept up to date at ingest (so downsampling is
 * never a separate pass that can fall behind), and pruned by age per resolution.
 */
export class TelemetryStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insertRaw: db.prepare(`INSERT OR IGNORE INTO device_telemetry
          (device_id, ts, power_w, import_wh, export_wh, voltage_dv, frequency_mhz, soc_pm, temp_dc, skewed)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
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
    };
  }

  /**
   * Stores readings; must run inside the caller's transaction. A reading whose (device, ts) is already
   * stored is a QoS 1 redelivery and is skipped before it can reach an aggregate. Returns the new ones.
   */
  insert(readings: readonly Reading[]): Reading[] {
    const fresh: Reading[] = [];
    const minute = new Map<string, Aggregate>();
    const quarter = new Map<string, Aggregate>();
    // In key order: consecutive inserts land on the same B-tree pages while they are hot.
    const ordered = [...readings].sort((a, b) => a.deviceId - b.deviceId || a.ts - b.ts);
    for (const r of ordered) {
      const info = this.stmts.insertRaw.run(
        r.deviceId, r.ts, r.powerW, r.importWh, r.exportWh, r.voltageDv, r.frequencyMhz, r.socPm, r.tempDc, r.skewed ? 1 : 0,
      );
      if (info.changes === 0) continue;
      fresh.push(r);
      accumulate(minute, r, MINUTE_MS);
      accumulate(quarter, r, QUARTER_MS);
    }
    for (const agg of minute.values()) this.stmts.upsert1m.run(agg);
    for (const agg of quarter.values()) this.stmts.upsert15m.run(agg);
    return fresh;
  }

  query(deviceId: number, from: number, to: number, resolution: TelemetryResolution, limit: number): TelemetryPoint[] {
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

function accumulate(into: Map<string, Aggregate>, r: Reading, size: number): void {
  const bucket = r.ts - (r.ts % size);
  const key = `${r.deviceId}:${bucket}`;
  let agg = into.get(key);
  if (!agg) {
    agg = {
      deviceId: r.deviceId, bucket, n: 0, powerN: 0, powerSum: 0, powerMin: null, powerMax: null, voltageN: 0,
      voltageSum: 0, freqN: 0, freqSum: 0, socN: 0, socSum: 0, tempN: 0, tempSum: 0, countersTs: null, importWh: null,
      exportWh: null,
    };
    into.set(key, agg);
  }
  agg.n++;
  if (r.powerW !== null) {
    agg.powerN++;
    agg.powerSum += r.powerW;
    agg.powerMin = pick(agg.powerMin, r.powerW, Math.min);
    agg.powerMax = pick(agg.powerMax, r.powerW, Math.max);
  }
  if (r.voltageDv !== null) {
    agg.voltageN++;
    agg.voltageSum += r.voltageDv;
  }
  if (r.frequencyMhz !== null) {
    agg.freqN++;
    agg.freqSum += r.frequencyMhz;
  }
  if (r.socPm !== null) {
    agg.socN++;
    agg.socSum += r.socPm;
  }
  if (r.tempDc !== null) {
    agg.tempN++;
    agg.tempSum += r.tempDc;
  }
  if ((r.importWh !== null || r.exportWh !== null) && (agg.countersTs === null || r.ts >= agg.countersTs)) {
    agg.countersTs = r.ts;
    agg.importWh = r.importWh ?? agg.importWh;
    agg.exportWh = r.exportWh ?? agg.exportWh;
  }
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
