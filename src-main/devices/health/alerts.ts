import type { AlertActionResult, AlertKind, AlertView } from '../../../src-shared/contract/devices';
import { fail } from '../../../src-shared/domain/errors';
import type { LogFn } from '../../api/context';
import type { Recorder } from '../../api/recorder';
import type { Db } from '../../store/database';
import type { Commit } from '../commit';

interface AlertRow {
  id: number;
  device_id: number;
  site: string;
  device: string;
  kind: AlertKind;
  message: string;
  raised_at: number;
  cleared_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  note: string | null;
  cleared_by: string | null;
}

const toView = (r: AlertRow): AlertView => ({
  id: r.id,
  deviceId: r.device_id,
  site: r.site,
  device: r.device,
  kind: r.kind,
  message: r.message,
  raisedAt: r.raised_at,
  clearedAt: r.cleared_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  note: r.note,
  clearedBy: r.cleared_by,
});

/** What an operator does to alerts by hand, and who did it. */
export interface AlertAction {
  alertIds: readonly number[];
  by: string;
  /** Empty or absent = no note (an acknowledgement keeps none; a clear keeps the earlier note). */
  note: string | undefined;
  now: number;
}

/**
 * Open alerts are unique per device and kind (a partial unique index): raising an open alert again
 * changes nothing and logs nothing, so checks can run every tick without flooding the log.
 */
export class Alerts {
  private readonly stmts;
  /** Open alerts in memory: health checks ask "is it open?" far more often than anything changes. */
  private readonly open = new Set<string>();

  constructor(
    db: Db,
    private readonly deps: { recorder: Recorder },
  ) {
    this.stmts = {
      raise: db.prepare(`INSERT OR IGNORE INTO device_alerts (device_id, site, device, kind, message, raised_at)
          VALUES (?, ?, ?, ?, ?, ?) RETURNING *`),
      clear: db.prepare('UPDATE device_alerts SET cleared_at = ? WHERE device_id = ? AND kind = ? AND cleared_at IS NULL RETURNING *'),
      openAll: db.prepare('SELECT device_id, kind FROM device_alerts WHERE cleared_at IS NULL'),
      list: db.prepare('SELECT * FROM device_alerts ORDER BY raised_at DESC, id DESC LIMIT ?'),
      listOpen: db.prepare('SELECT * FROM device_alerts WHERE cleared_at IS NULL ORDER BY raised_at DESC, id DESC LIMIT ?'),
      byIds: db.prepare('SELECT * FROM device_alerts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id'),
      acknowledge: db.prepare(`UPDATE device_alerts SET acknowledged_at = ?, acknowledged_by = ?, note = ?
          WHERE id = ? AND cleared_at IS NULL AND acknowledged_at IS NULL RETURNING *`),
      clearByHand: db.prepare(`UPDATE device_alerts SET cleared_at = ?, cleared_by = ?, note = COALESCE(?, note)
          WHERE id = ? AND cleared_at IS NULL RETURNING *`),
    };
    for (const row of this.stmts.openAll.all() as Array<{ device_id: number; kind: string }>) this.open.add(`${row.device_id}:${row.kind}`);
  }

  isOpen(deviceId: number, kind: AlertKind): boolean {
    return this.open.has(`${deviceId}:${kind}`);
  }

  raise(device: { id: number; site: string; name: string }, kind: AlertKind, message: string, now: number): void {
    if (this.isOpen(device.id, kind)) return;
    this.deps.recorder.commit(now, null, (log, publish) => {
      // Ignored by the open-alert index when one is open already: then nothing is logged or told.
      const row = this.stmts.raise.get(device.id, device.site, device.name, kind, message, now) as AlertRow | undefined;
      if (!row) return;
      log('devices.alert.raised', { deviceId: device.id, kind, message });
      publish('devices.alert', toView(row), 'all');
    });
    this.open.add(`${device.id}:${kind}`);
  }

  /** The condition ended: the system closes the alert (cleared_by stays null). */
  clear(deviceId: number, kind: AlertKind, now: number): void {
    if (!this.isOpen(deviceId, kind)) return;
    this.deps.recorder.commit(now, null, (log, publish) => {
      const row = this.stmts.clear.get(now, deviceId, kind) as AlertRow | undefined;
      if (!row) return;
      log('devices.alert.cleared', { deviceId, kind });
      publish('devices.alert', toView(row), 'all');
    });
    this.open.delete(`${deviceId}:${kind}`);
  }

  /**
   * An operator has seen the alerts. They stay open until their condition ends; acknowledging one
   * already acknowledged (or already closed) changes nothing and says so.
   */
  acknowledge(action: AlertAction, commit: Commit): AlertActionResult {
    const note = action.note ? action.note : null;
    return this.byHand(action, commit, (row, log) => {
      if (row.cleared_at !== null) return 'already_cleared';
      if (row.acknowledged_at !== null) return 'already_acknowledged';
      const updated = this.stmts.acknowledge.get(action.now, action.by, note, row.id) as AlertRow;
      log('devices.alert.acknowledged', { alertId: row.id, deviceId: row.device_id, kind: row.kind, note });
      return updated;
    });
  }

  /**
   * An operator closes alerts by hand (after fixing the device). This does not silence the fault:
   * the alert leaves the open set, so if the condition still holds the next health check raises a
   * new alert for it.
   */
  clearByHand(action: AlertAction, commit: Commit): AlertActionResult {
    const note = action.note ? action.note : null;
    const result = this.byHand(action, commit, (row, log) => {
      if (row.cleared_at !== null) return 'already_cleared';
      const updated = this.stmts.clearByHand.get(action.now, action.by, note, row.id) as AlertRow;
      log('devices.alert.cleared', { alertId: row.id, deviceId: row.device_id, kind: row.kind, byHand: true, note });
      return updated;
    });
    for (const view of result.changed) this.open.delete(`${view.deviceId}:${view.kind}`);
    return result;
  }

  /**
   * Loads every named alert in one transaction, refuses the whole request if any id is unknown
   * (nothing is written), applies `change` to each, and tells every screen about the changed ones
   * once that transaction has committed.
   */
  private byHand(
    action: AlertAction,
    commit: Commit,
    change: (row: AlertRow, log: LogFn) => AlertRow | AlertActionResult['unchanged'][number]['reason'],
  ): AlertActionResult {
    const ids = [...new Set(action.alertIds)];
    return commit((log, publish): AlertActionResult => {
      const rows = this.stmts.byIds.all(JSON.stringify(ids)) as AlertRow[];
      const known = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        const named = missing.length === 1 ? `There is no alert ${missing[0]}` : `There are no alerts ${missing.join(', ')}`;
        fail('NOT_FOUND', `${named}; nothing was changed.`, { field: 'alertIds', reason: 'NO_SUCH_ALERTS', params: { alertIds: missing.join(', ') } });
      }
      const out: AlertActionResult = { changed: [], unchanged: [] };
      for (const row of rows) {
        const outcome = change(row, log);
        if (typeof outcome === 'string') out.unchanged.push({ id: row.id, reason: outcome });
        else out.changed.push(toView(outcome));
      }
      for (const view of out.changed) publish('devices.alert', view, 'all');
      return out;
    });
  }

  list(activeOnly: boolean, limit: number): AlertView[] {
    return ((activeOnly ? this.stmts.listOpen : this.stmts.list).all(limit) as AlertRow[]).map(toView);
  }
}
