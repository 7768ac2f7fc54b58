import type { Reading } from './types';
import { MINUTE_MS, QUARTER_MS } from './units';

/** One bucket's running sums, as stored in device_telemetry_1m / _15m (see schema.ts). */
export interface Aggregate {
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

const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number): number | null =>
  a === null ? b : b === null ? a : f(a, b);

export function upsertSql(table: string): string {
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

export function accumulate(into: Map<string, Aggregate>, r: Reading, size: number): void {
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

/** A quarter of one device whose aggregates may lag its raw rows: `deviceId:quarterStart`. */
export type DirtyQuarter = string;

/**
 * Aggregate deltas of readings already committed as raw rows but not yet added to the 1-minute and
 * 15-minute tables. Folding them in costs one B-tree page per device and table whatever the number
 * of readings, so doing it for each device about once a second instead of on every 50 ms flush
 * removes most of the write work at high rates. Until then the raw rows are the truth: the quarters they touch are
 * recorded durably (`dirtyToPersist`), and a crash is repaired by recomputing those quarters.
 */
export class PendingAggregates {
  private minute = new Map<string, Aggregate>();
  private quarter = new Map<string, Aggregate>();
  /** Quarters recorded as dirty in the database: always a superset of the quarters pending here. */
  private persisted = new Set<DirtyQuarter>();

  add(r: Reading): void {
    accumulate(this.minute, r, MINUTE_MS);
    accumulate(this.quarter, r, QUARTER_MS);
  }

  get size(): number {
    return this.quarter.size;
  }

  /**
   * The dirty set to store when some pending quarter is not yet recorded, else null: with live data,
   * once after each aggregate write (about once a second), some 20 bytes per active device.
   */
  dirtyToPersist(): DirtyQuarter[] | null {
    let missing = false;
    for (const key of this.quarter.keys()) {
      if (!this.persisted.has(key)) {
        missing = true;
        break;
      }
    }
    if (!missing) return null;
    // Rewritten as exactly what is pending now, which also forgets quarters written since.
    this.persisted = new Set(this.quarter.keys());
    return [...this.persisted];
  }

  /** After everything pending was written: the recorded set may be cleared; true if it held any. */
  forgetPersisted(): boolean {
    const had = this.persisted.size > 0;
    this.persisted = new Set();
    return had;
  }

  /** Hands over what is pending (of the selected devices, else all); the recorded set stays a superset. */
  take(select?: (deviceId: number) => boolean): { minute: Aggregate[]; quarter: Aggregate[] } {
    if (!select) {
      const taken = { minute: [...this.minute.values()], quarter: [...this.quarter.values()] };
      this.minute = new Map();
      this.quarter = new Map();
      return taken;
    }
    return { minute: takeFrom(this.minute, select), quarter: takeFrom(this.quarter, select) };
  }
}

function takeFrom(from: Map<string, Aggregate>, select: (deviceId: number) => boolean): Aggregate[] {
  const taken: Aggregate[] = [];
  for (const [key, agg] of from) {
    if (!select(agg.deviceId)) continue;
    taken.push(agg);
    from.delete(key);
  }
  return taken;
}

/** Sums of a set of raw readings per bucket, for recomputing buckets from scratch. */
export function aggregateAll(readings: readonly Reading[], size: number): Aggregate[] {
  const into = new Map<string, Aggregate>();
  for (const r of readings) accumulate(into, r, size);
  return [...into.values()];
}
