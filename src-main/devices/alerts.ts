import type { AlertKind, AlertView } from '../../src-shared/contract-devices';
import type { EventBus } from '../api/event-bus';
import type { Db } from '../store/database';
import type { RecordChange } from './audit';

interface AlertRow {
  id: number;
  device_id: number;
  site: string;
  device: string;
  kind: AlertKind;
  message: string;
  raised_at: number;
  cleared_at: number | null;
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
});

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
    private readonly deps: { record: RecordChange; bus: EventBus },
  ) {
    this.stmts = {
      raise: db.prepare(`INSERT OR IGNORE INTO device_alerts (device_id, site, device, kind, message, raised_at)
          VALUES (?, ?, ?, ?, ?, ?) RETURNING *`),
      clear: db.prepare('UPDATE device_alerts SET cleared_at = ? WHERE device_id = ? AND kind = ? AND cleared_at IS NULL RETURNING *'),
      openAll: db.prepare('SELECT device_id, kind FROM device_alerts WHERE cleared_at IS NULL'),
      list: db.prepare('SELECT * FROM device_alerts ORDER BY raised_at DESC, id DESC LIMIT ?'),
      listOpen: db.prepare('SELECT * FROM device_alerts WHERE cleared_at IS NULL ORDER BY raised_at DESC, id DESC LIMIT ?'),
    };
    for (const row of this.stmts.openAll.all() as Array<{ device_id: number; kind: string }>) this.open.add(`${row.device_id}:${row.kind}`);
  }

  isOpen(deviceId: number, kind: AlertKind): boolean {
    return this.open.has(`${deviceId}:${kind}`);
  }

  raise(device: { id: number; site: string; name: string }, kind: AlertKind, message: string, now: number): void {
    if (this.isOpen(device.id, kind)) return;
    const row = this.deps.record(now, null, 'devices.alert.raised', { deviceId: device.id, kind, message }, () =>
      this.stmts.raise.get(device.id, device.site, device.name, kind, message, now) as AlertRow | undefined,
      (r) => r !== undefined,
    );
    this.open.add(`${device.id}:${kind}`);
    if (row) this.deps.bus.publish('devices.alert', toView(row), 'all');
  }

  clear(deviceId: number, kind: AlertKind, now: number): void {
    if (!this.isOpen(deviceId, kind)) return;
    const row = this.deps.record(now, null, 'devices.alert.cleared', { deviceId, kind }, () =>
      this.stmts.clear.get(now, deviceId, kind) as AlertRow | undefined,
      (r) => r !== undefined,
    );
    this.open.delete(`${deviceId}:${kind}`);
    if (row) this.deps.bus.publish('devices.alert', toView(row), 'all');
  }

  list(activeOnly: boolean, limit: number): AlertView[] {
    return ((activeOnly ? this.stmts.listOpen : this.stmts.list).all(limit) as AlertRow[]).map(toView);
  }
}
