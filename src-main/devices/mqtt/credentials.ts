import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import type { Db } from '../../store/database';

/**
 * Device logins for the embedded broker, stored as scrypt hashes like user passwords. A device that
 * reconnects often would cost ~100 ms of scrypt each time, so a successful check is remembered (as a
 * SHA-256 of the password, never the password) until the credential changes.
 */
export class DeviceCredentials {
  private readonly stmts;
  private readonly verified = new Map<string, string>();

  constructor(db: Db) {
    this.stmts = {
      byName: db.prepare('SELECT device_id, password_hash FROM device_credentials WHERE username = ?'),
      removeDevice: db.prepare('DELETE FROM device_credentials WHERE device_id = ?'),
      insert: db.prepare('INSERT INTO device_credentials (username, device_id, password_hash) VALUES (?, ?, ?)'),
    };
  }

  hash(password: string): Promise<string> {
    return hashPassword(password);
  }

  /** Replaces the device's login (null removes it); must run inside the caller's transaction. */
  set(deviceId: number, username: string, passwordHash: string | null): void {
    this.stmts.removeDevice.run(deviceId);
    if (passwordHash !== null) this.stmts.insert.run(username, deviceId, passwordHash);
    this.verified.clear();
  }

  /** The device id behind a valid login, null otherwise. */
  async check(username: string, password: string): Promise<number | null> {
    const row = this.stmts.byName.get(username) as { device_id: number; password_hash: string } | undefined;
    if (!row) return null;
    const digest = createHash('sha256').update(password).digest('base64');
    if (this.verified.get(username) === `${row.password_hash}:${digest}`) return row.device_id;
    if (!(await verifyPassword(password, row.password_hash))) return null;
    this.verified.set(username, `${row.password_hash}:${digest}`);
    return row.device_id;
  }
}
