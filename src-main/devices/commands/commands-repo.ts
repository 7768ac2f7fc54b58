import type { CommandFailure, CommandStatus, CommandView, DeviceCommand } from '../../../src-shared/contract/devices';
import type { Db } from '../../store/database';
import { failureMessage, readFailure, storedFailure } from './command-failure';

interface CommandRow {
  id: string;
  device_id: number;
  site: string;
  device: string;
  command: string;
  status: CommandStatus;
  attempts: number;
  error: string | null;
  sent_by: string;
  created_at: number;
  updated_at: number;
  last_sent_at: number | null;
  round_trip_ms: number | null;
}

export interface CommandRecord extends CommandView {
  lastSentAt: number | null;
}

function toRecord(row: CommandRow): CommandRecord {
  const failure = readFailure(row.error);
  return {
    id: row.id,
    deviceId: row.device_id,
    site: row.site,
    device: row.device,
    command: JSON.parse(row.command) as DeviceCommand,
    status: row.status,
    attempts: row.attempts,
    error: failure && failureMessage(failure, row.attempts),
    failure,
    sentBy: row.sent_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSentAt: row.last_sent_at,
    roundTripMs: row.round_trip_ms,
  };
}

export function commandView(record: CommandRecord): CommandView {
  const { lastSentAt: _unused, ...view } = record;
  return view;
}

export class CommandsRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO device_commands (id, device_id, site, device, command, status, attempts, sent_by,
          created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`),
      sent: db.prepare('UPDATE device_commands SET attempts = attempts + 1, last_sent_at = ?, updated_at = ? WHERE id = ?'),
      finish: db.prepare(`UPDATE device_commands SET status = ?, error = ?, round_trip_ms = ?, updated_at = ?
          WHERE id = ? AND status = 'pending'`),
      one: db.prepare('SELECT * FROM device_commands WHERE id = ?'),
      pending: db.prepare("SELECT * FROM device_commands WHERE status = 'pending'"),
      list: db.prepare('SELECT * FROM device_commands ORDER BY created_at DESC, rowid DESC LIMIT ?'),
      listDevice: db.prepare('SELECT * FROM device_commands WHERE device_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    };
  }

  create(id: string, device: { id: number; site: string; name: string }, command: DeviceCommand, sentBy: string, now: number): void {
    this.stmts.insert.run(id, device.id, device.site, device.name, JSON.stringify(command), sentBy, now, now);
  }

  markSent(id: string, now: number): void {
    this.stmts.sent.run(now, now, id);
  }

  /** Only a pending command can end; a late second answer changes nothing. True when it ended now. */
  finish(id: string, status: Exclude<CommandStatus, 'pending'>, failure: CommandFailure | null, roundTripMs: number | null, now: number): boolean {
    return this.stmts.finish.run(status, storedFailure(failure), roundTripMs, now, id).changes === 1;
  }

  get(id: string): CommandRecord | undefined {
    const row = this.stmts.one.get(id) as CommandRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  pending(): CommandRecord[] {
    return (this.stmts.pending.all() as CommandRow[]).map(toRecord);
  }

  list(deviceId: number | undefined, limit: number): CommandRecord[] {
    const rows = deviceId === undefined ? this.stmts.list.all(limit) : this.stmts.listDevice.all(deviceId, limit);
    return (rows as CommandRow[]).map(toRecord);
  }
}
