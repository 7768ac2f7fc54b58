import type { SettlementView } from '../../../src-shared/contract/devices';
import type { Recorder } from '../../api/recorder';
import type { Db } from '../../store/database';
import type { DeviceRegistry } from '../registry/registry';
import type { DeviceSettings } from '../registry/settings';
import { energyInInterval, intervalStartOf, type CounterPoint } from './settlement';
import type { CounterReading, TelemetryStore } from '../telemetry/telemetry-store';
import { DAY_MS } from '../telemetry/units';

export interface SettlementPolicy {
  intervalMs: number;
  thresholdWh: number;
  /** Wait after an interval ends so late readings (and the first reading after the end) can arrive. */
  graceMs: number;
  /** Intervals older than this are not settled any more: raw readings are gone. */
  maxBackfillMs: number;
}

/** The admin's settlement settings in the units the job uses; nothing older than raw retention is settled. */
export function settlementPolicyOf(settings: DeviceSettings): SettlementPolicy {
  const s = settings.settlement;
  return {
    intervalMs: s.intervalMin * 60_000,
    thresholdWh: s.thresholdWh,
    graceMs: s.graceS * 1000,
    maxBackfillMs: settings.retention.rawDays * DAY_MS,
  };
}

/** A site's net energy of one settled interval, in the order the records were written (`seq`), for another domain's feed. */
export interface MeteredRecord {
  /** Increases with every record written; a reader keeps the last one it took. */
  seq: number;
  intervalStart: number;
  intervalEnd: number;
  site: string;
  importWh: number;
  exportWh: number;
  /** export − import: positive is net export. */
  netWh: number;
  complete: boolean;
}

export interface SettlementQuery {
  from: number;
  to: number;
  site?: string | undefined;
  scope: 'device' | 'site' | 'all';
  limit: number;
}

/** How far before/after an interval a neighbouring reading may be and still be interpolated from. */
const INTERPOLATION_REACH_MS = 6 * 3_600_000;

interface SettlementRow {
  interval_start: number;
  interval_end: number;
  scope: 'device' | 'site';
  site: string;
  device_key: string;
  device_id: number | null;
  import_wh: number;
  export_wh: number;
  net_wh: number;
  readings: number;
  complete: number;
  computed_at: number;
}

function toView(row: SettlementRow): SettlementView {
  return {
    intervalStart: row.interval_start,
    intervalEnd: row.interval_end,
    scope: row.scope,
    site: row.site,
    deviceId: row.device_id,
    device: row.scope === 'device' ? row.device_key : null,
    importWh: row.import_wh,
    exportWh: row.export_wh,
    netWh: row.net_wh,
    readings: row.readings,
    complete: row.complete === 1,
    computedAt: row.computed_at,
  };
}

const points = (readings: readonly CounterReading[], key: 'importWh' | 'exportWh'): CounterPoint[] =>
  readings.flatMap((r) => (r[key] === null ? [] : [{ ts: r.ts, value: r[key] }]));

/**
 * Settles closed intervals: per device and per site, import and export energy from the counters and
 * net = export − import. Each interval is computed once; its rows and a run marker are written in one
 * transaction and the UNIQUE keys make a second attempt a no-op, so the records are a stable feed for
 * a settlement backend. Rows with |net| below the threshold are not written.
 */
export class SettlementJob {
  private readonly stmts;

  constructor(
    db: Db,
    private readonly deps: { store: TelemetryStore; registry: DeviceRegistry; recorder: Recorder },
  ) {
    this.stmts = {
      lastRun: db.prepare('SELECT MAX(interval_end) FROM device_settlement_runs WHERE interval_end - interval_start = ?').pluck(),
      insertRun: db.prepare('INSERT OR IGNORE INTO device_settlement_runs (interval_start, interval_end, computed_at, rows) VALUES (?, ?, ?, ?)'),
      insertRow: db.prepare(`INSERT OR IGNORE INTO device_settlements (interval_start, interval_end, scope, site, device_key, device_id,
          import_wh, export_wh, net_wh, readings, complete, computed_at)
        VALUES (@intervalStart, @intervalEnd, @scope, @site, @deviceKey, @deviceId, @importWh, @exportWh, @netWh, @readings, @complete, @computedAt)`),
      list: db.prepare(`SELECT * FROM device_settlements WHERE interval_start >= @from AND interval_start < @to
          AND (@site IS NULL OR site = @site) AND (@scope = 'all' OR scope = @scope)
        ORDER BY interval_start, scope, site, device_key LIMIT @limit`),
      // Rows are only ever inserted, one writer at a time, so the rowid is their commit order.
      sitesAfter: db.prepare(`SELECT rowid AS seq, interval_start AS intervalStart, interval_end AS intervalEnd, site,
          import_wh AS importWh, export_wh AS exportWh, net_wh AS netWh, complete
        FROM device_settlements WHERE scope = 'site' AND rowid > ? ORDER BY rowid LIMIT ?`),
    };
  }

  /** Settles every interval that closed (plus grace) and has not been settled; returns how many. */
  settleDue(now: number, policy: SettlementPolicy): number {
    const lastClosedEnd = intervalStartOf(now - policy.graceMs, policy.intervalMs);
    const lastRun = this.stmts.lastRun.get(policy.intervalMs) as number | null;
    // A first run settles only the latest interval; later runs catch up on what they missed.
    let start = lastRun ?? lastClosedEnd - policy.intervalMs;
    start = Math.max(start, intervalStartOf(now - policy.maxBackfillMs, policy.intervalMs));
    let settled = 0;
    for (; start + policy.intervalMs <= lastClosedEnd; start += policy.intervalMs) {
      this.settle(start, start + policy.intervalMs, now, policy.thresholdWh);
      settled++;
    }
    return settled;
  }

  settle(from: number, to: number, now: number, thresholdWh: number): SettlementView[] {
    const rows: SettlementView[] = [];
    const sites = new Map<string, { importWh: number; exportWh: number; readings: number; complete: boolean }>();
    for (const device of this.deps.registry.all()) {
      const readings = this.deps.store.counterReadings(device.id, from, to, INTERPOLATION_REACH_MS);
      if (readings.length === 0) continue;
      const imp = energyInInterval(points(readings, 'importWh'), from, to);
      const exp = energyInInterval(points(readings, 'exportWh'), from, to);
      const site = sites.get(device.site) ?? { importWh: 0, exportWh: 0, readings: 0, complete: true };
      site.importWh += imp.wh;
      site.exportWh += exp.wh;
      site.readings += Math.max(imp.readingsInside, exp.readingsInside);
      const complete = (imp.complete || points(readings, 'importWh').length === 0) && (exp.complete || points(readings, 'exportWh').length === 0);
      site.complete &&= complete;
      sites.set(device.site, site);
      rows.push(this.row(from, to, now, 'device', device.site, device.name, device.id, imp.wh, exp.wh, Math.max(imp.readingsInside, exp.readingsInside), complete));
    }
    for (const [name, s] of sites) rows.push(this.row(from, to, now, 'site', name, '', null, s.importWh, s.exportWh, s.readings, s.complete));
    const kept = rows.filter((r) => Math.abs(r.netWh) >= thresholdWh && (r.importWh > 0 || r.exportWh > 0 || thresholdWh === 0));
    const netBySite = Object.fromEntries([...sites.keys()].map((s) => [s, kept.find((r) => r.scope === 'site' && r.site === s)?.netWh ?? 0]));
    this.deps.recorder.commit(now, null, (log, publish) => {
      // Settled before (the run marker exists): nothing is written, logged or told a second time.
      if (this.stmts.insertRun.run(from, to, now, kept.length).changes === 0) return;
      for (const r of kept) {
        this.stmts.insertRow.run({ ...r, deviceKey: r.device ?? '', complete: r.complete ? 1 : 0 });
      }
      log('devices.settlement', { intervalStart: from, intervalEnd: to, rows: kept.length, sites: netBySite });
      publish('devices.settlement', { intervalStart: from, intervalEnd: to, rows: kept.length }, 'all');
    });
    return kept;
  }

  list(input: SettlementQuery): SettlementView[] {
    const rows = this.stmts.list.all({ from: input.from, to: input.to, site: input.site ?? null, scope: input.scope, limit: input.limit });
    return (rows as SettlementRow[]).map(toView);
  }

  /** Site records written after `afterSeq`, oldest first. */
  siteRecordsAfter(afterSeq: number, limit: number): MeteredRecord[] {
    return (this.stmts.sitesAfter.all(afterSeq, limit) as Array<Omit<MeteredRecord, 'complete'> & { complete: number }>).map((r) => ({ ...r, complete: r.complete === 1 }));
  }

  private row(
    from: number, to: number, now: number, scope: 'device' | 'site', site: string, device: string, deviceId: number | null,
    importWh: number, exportWh: number, readings: number, complete: boolean,
  ): SettlementView {
    const imp = Math.round(importWh);
    const exp = Math.round(exportWh);
    return {
      intervalStart: from, intervalEnd: to, scope, site, deviceId, device: scope === 'device' ? device : null,
      importWh: imp, exportWh: exp, netWh: exp - imp, readings, complete, computedAt: now,
    };
  }
}
