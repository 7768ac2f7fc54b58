import type { DeviceType, DeviceView, LatestReading, Mapping } from '../../../src-shared/contract/devices';
import type { Db } from '../../store/database';
import { fromDc, fromPm, orNull, toPm } from '../telemetry/units';

interface DeviceRow {
  id: number;
  site: string;
  name: string;
  type: DeviceType;
  model: string;
  firmware: string;
  rated_power_w: number;
  capacity_wh: number | null;
  max_charge_w: number | null;
  max_discharge_w: number | null;
  min_soc_pm: number;
  max_soc_pm: number;
  heartbeat_s: number;
  protocol: 4 | 5;
  mapping: string | null;
  source: 'birth' | 'manual';
  enabled: number;
  online: number;
  last_seen: number | null;
  latest_ts: number | null;
  latest_power_w: number | null;
  latest_import_wh: number | null;
  latest_export_wh: number | null;
  latest_soc_pm: number | null;
  latest_temp_dc: number | null;
  created_at: number;
  updated_at: number;
}

/** The fields an operator or a birth message may set. */
export interface DeviceSpec {
  type: DeviceType;
  model: string;
  firmware: string;
  ratedPowerW: number;
  capacityWh: number | null;
  maxChargeW: number | null;
  maxDischargeW: number | null;
  minSocPct: number;
  maxSocPct: number;
  heartbeatS: number;
  protocol: 4 | 5;
  mapping: Mapping | null;
}

export type DeviceRecord = DeviceView;

/** The fields of a device that its spec sets, as a birth or an operator's edit sees them. */
export function specOf(d: DeviceRecord): DeviceSpec {
  return {
    type: d.type,
    model: d.model,
    firmware: d.firmware,
    ratedPowerW: d.ratedPowerW,
    capacityWh: d.capacityWh,
    maxChargeW: d.maxChargeW,
    maxDischargeW: d.maxDischargeW,
    minSocPct: d.minSocPct,
    maxSocPct: d.maxSocPct,
    heartbeatS: d.heartbeatS,
    protocol: d.protocol,
    mapping: d.mapping,
  };
}

function toRecord(row: DeviceRow): DeviceRecord {
  const latest: LatestReading | null =
    row.latest_ts === null
      ? null
      : {
          ts: row.latest_ts,
          powerW: row.latest_power_w,
          importWh: row.latest_import_wh,
          exportWh: row.latest_export_wh,
          socPct: orNull(row.latest_soc_pm, fromPm),
          temperatureC: orNull(row.latest_temp_dc, fromDc),
        };
  return {
    id: row.id,
    site: row.site,
    name: row.name,
    type: row.type,
    model: row.model,
    firmware: row.firmware,
    ratedPowerW: row.rated_power_w,
    capacityWh: row.capacity_wh,
    maxChargeW: row.max_charge_w,
    maxDischargeW: row.max_discharge_w,
    minSocPct: fromPm(row.min_soc_pm),
    maxSocPct: fromPm(row.max_soc_pm),
    heartbeatS: row.heartbeat_s,
    protocol: row.protocol,
    mapping: row.mapping === null ? null : (JSON.parse(row.mapping) as Mapping),
    source: row.source,
    enabled: row.enabled === 1,
    online: row.online === 1,
    lastSeen: row.last_seen,
    latest,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A device's newest values once `reading` is applied: the newer reading wins, a metric it lacks keeps
 * its value, and a late reading (older than what is known) changes nothing.
 */
export function latestAfter(before: LatestReading | null, reading: LatestReading): LatestReading {
  if (before !== null && before.ts > reading.ts) return before;
  return {
    ts: reading.ts,
    powerW: reading.powerW ?? before?.powerW ?? null,
    importWh: reading.importWh ?? before?.importWh ?? null,
    exportWh: reading.exportWh ?? before?.exportWh ?? null,
    socPct: reading.socPct ?? before?.socPct ?? null,
    temperatureC: reading.temperatureC ?? before?.temperatureC ?? null,
  };
}

/**
 * Devices in SQLite with an in-memory copy: the ingest path looks a device up for every message and
 * must not query for it. Every write goes to the table first and then reloads the copy from it, so
 * the copy never holds what was not stored.
 */
export class DeviceRegistry {
  private readonly byIdMap = new Map<number, DeviceRecord>();
  private readonly byKeyMap = new Map<string, DeviceRecord>();
  private mappedIndex = new Map<string, number[]>();
  private readonly stmts;
  private unsavedSeen = new Map<number, number>();

  constructor(private readonly db: Db) {
    this.stmts = {
      all: db.prepare('SELECT * FROM devices ORDER BY site, name'),
      one: db.prepare('SELECT * FROM devices WHERE id = ?'),
      insert: db.prepare(`INSERT INTO devices (site, name, type, model, firmware, rated_power_w, capacity_wh, max_charge_w,
          max_discharge_w, min_soc_pm, max_soc_pm, heartbeat_s, protocol, mapping, source, enabled, online, last_seen,
          created_at, updated_at)
        VALUES (@site, @name, @type, @model, @firmware, @ratedPowerW, @capacityWh, @maxChargeW, @maxDischargeW, @minSocPm,
          @maxSocPm, @heartbeatS, @protocol, @mapping, @source, 1, @online, @lastSeen, @now, @now)`),
      update: db.prepare(`UPDATE devices SET type = @type, model = @model, firmware = @firmware, rated_power_w = @ratedPowerW,
          capacity_wh = @capacityWh, max_charge_w = @maxChargeW, max_discharge_w = @maxDischargeW, min_soc_pm = @minSocPm,
          max_soc_pm = @maxSocPm, heartbeat_s = @heartbeatS, protocol = @protocol, mapping = @mapping, updated_at = @now
        WHERE id = @id`),
      enabled: db.prepare('UPDATE devices SET enabled = ?, updated_at = ? WHERE id = ?'),
      online: db.prepare('UPDATE devices SET online = ?, last_seen = MAX(COALESCE(last_seen, 0), ?), updated_at = ? WHERE id = ?'),
      seen: db.prepare('UPDATE devices SET last_seen = MAX(COALESCE(last_seen, 0), ?) WHERE id = ?'),
      latest: db.prepare(`UPDATE devices SET latest_ts = @ts, latest_power_w = COALESCE(@powerW, latest_power_w),
          latest_import_wh = COALESCE(@importWh, latest_import_wh), latest_export_wh = COALESCE(@exportWh, latest_export_wh),
          latest_soc_pm = COALESCE(@socPm, latest_soc_pm), latest_temp_dc = COALESCE(@tempDc, latest_temp_dc),
          last_seen = MAX(COALESCE(last_seen, 0), @seen)
        WHERE id = @id AND (latest_ts IS NULL OR latest_ts <= @ts)`),
      remove: db.prepare('DELETE FROM devices WHERE id = ?'),
      removeRaw: db.prepare('DELETE FROM device_telemetry WHERE device_id = ?'),
      remove1m: db.prepare('DELETE FROM device_telemetry_1m WHERE device_id = ?'),
      remove15m: db.prepare('DELETE FROM device_telemetry_15m WHERE device_id = ?'),
    };
    for (const row of this.stmts.all.all() as DeviceRow[]) this.cache(toRecord(row));
    this.reindexMapped();
  }

  all(): DeviceRecord[] {
    return [...this.byIdMap.values()];
  }

  byId(id: number): DeviceRecord | undefined {
    return this.byIdMap.get(id);
  }

  byKey(site: string, name: string): DeviceRecord | undefined {
    return this.byKeyMap.get(`${site}/${name}`);
  }

  /** Devices whose mapping reads `topic`. */
  mappedOn(topic: string): readonly DeviceRecord[] {
    const ids = this.mappedIndex.get(topic) ?? [];
    return ids.flatMap((id) => this.byIdMap.get(id) ?? []);
  }

  mappedTopics(): string[] {
    return [...this.mappedIndex.keys()];
  }

  insert(site: string, name: string, spec: DeviceSpec, source: 'birth' | 'manual', now: number, online: boolean): DeviceRecord {
    const info = this.stmts.insert.run({
      ...this.specParams(spec),
      site,
      name,
      source,
      online: online ? 1 : 0,
      lastSeen: online ? now : null,
      now,
    });
    return this.reload(Number(info.lastInsertRowid));
  }

  update(id: number, spec: DeviceSpec, now: number): DeviceRecord {
    this.stmts.update.run({ ...this.specParams(spec), id, now });
    return this.reload(id);
  }

  setEnabled(id: number, enabled: boolean, now: number): DeviceRecord {
    this.stmts.enabled.run(enabled ? 1 : 0, now, id);
    return this.reload(id);
  }

  setOnline(id: number, online: boolean, now: number): DeviceRecord {
    this.stmts.online.run(online ? 1 : 0, now, now, id);
    return this.reload(id);
  }

  /** Must run inside the ingest transaction; the in-memory copy is refreshed by `refreshLatest` after commit. */
  writeLatest(id: number, latest: LatestReading, seen: number): void {
    this.stmts.latest.run({
      id,
      ts: latest.ts,
      powerW: latest.powerW,
      importWh: latest.importWh,
      exportWh: latest.exportWh,
      socPm: orNull(latest.socPct, toPm),
      tempDc: latest.temperatureC === null ? null : Math.round(latest.temperatureC * 10),
      seen,
    });
  }

  /**
   * A heartbeat: the time is kept in memory at once (health checks read it there) and written with
   * `saveSeen`. A write per heartbeat was its own transaction, a commit per message.
   */
  markSeen(id: number, now: number): void {
    const record = this.byIdMap.get(id);
    if (!record) return;
    if ((record.lastSeen ?? 0) < now) record.lastSeen = now;
    this.unsavedSeen.set(id, Math.max(now, this.unsavedSeen.get(id) ?? 0));
  }

  /** Writes the heartbeats noted since the last call, in one transaction. */
  saveSeen(): void {
    if (this.unsavedSeen.size === 0) return;
    const seen = this.unsavedSeen;
    this.unsavedSeen = new Map();
    this.db.transaction(() => {
      for (const [id, at] of seen) this.stmts.seen.run(at, id);
    })();
  }

  /** After the ingest transaction committed: mirrors `writeLatest` without reading the rows back. */
  applyLatest(latest: ReadonlyMap<number, LatestReading>, seen: number): void {
    for (const [id, reading] of latest) {
      const record = this.byIdMap.get(id);
      if (!record) continue;
      record.latest = latestAfter(record.latest, reading);
      if ((record.lastSeen ?? 0) < seen) record.lastSeen = seen;
    }
  }

  /** Deletes the device and its telemetry; commands, alerts and settlements stay as history. */
  remove(id: number): void {
    this.stmts.removeRaw.run(id);
    this.stmts.remove1m.run(id);
    this.stmts.remove15m.run(id);
    this.stmts.remove.run(id);
    const record = this.byIdMap.get(id);
    this.byIdMap.delete(id);
    if (record) this.byKeyMap.delete(`${record.site}/${record.name}`);
    this.reindexMapped();
  }

  private specParams(spec: DeviceSpec) {
    return {
      type: spec.type,
      model: spec.model,
      firmware: spec.firmware,
      ratedPowerW: spec.ratedPowerW,
      capacityWh: spec.capacityWh,
      maxChargeW: spec.maxChargeW,
      maxDischargeW: spec.maxDischargeW,
      minSocPm: toPm(spec.minSocPct),
      maxSocPm: toPm(spec.maxSocPct),
      heartbeatS: spec.heartbeatS,
      protocol: spec.protocol,
      mapping: spec.mapping === null ? null : JSON.stringify(spec.mapping),
    };
  }

  private reload(id: number): DeviceRecord {
    const row = this.stmts.one.get(id) as DeviceRow | undefined;
    if (!row) throw new Error(`device ${id} vanished`);
    const record = toRecord(row);
    const previous = this.byIdMap.get(id);
    this.cache(record);
    if (JSON.stringify(previous?.mapping ?? null) !== JSON.stringify(record.mapping)) this.reindexMapped();
    return record;
  }

  private cache(record: DeviceRecord): void {
    this.byIdMap.set(record.id, record);
    this.byKeyMap.set(`${record.site}/${record.name}`, record);
  }

  private reindexMapped(): void {
    const index = new Map<string, number[]>();
    for (const record of this.byIdMap.values()) {
      for (const entry of record.mapping?.entries ?? []) {
        const list = index.get(entry.topic) ?? [];
        if (!list.includes(record.id)) list.push(record.id);
        index.set(entry.topic, list);
      }
    }
    this.mappedIndex = index;
  }
}
