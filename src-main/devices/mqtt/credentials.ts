import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/database';

/**
 * The same scrypt scheme and stored format as user passwords (`scrypt$N$r$p$salt$key`), so logins
 * stored before this module had its own copy still verify. Kept here rather than imported from the
 * auth domain, whose only public face is its index. N=2^15, r=8 costs 32 MiB and ~100 ms per hash.
 */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: SCRYPT.maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Logins the terminal issues itself carry 144 random bits, which no guessing reaches, so a salted
 * SHA-256 protects them as well as scrypt would, and a fleet of 1,000 is issued in milliseconds rather
 * than minutes of scrypt. Passwords a person chose always get scrypt.
 */
export const ISSUED_PASSWORD_BYTES = 18;

function hashIssued(password: string): string {
  const salt = randomBytes(16);
  const key = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return `sha256$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('sha256$')) {
    const [, salt, key] = stored.split('$');
    if (!salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = createHash('sha256').update(Buffer.from(salt, 'base64')).update(password, 'utf8').digest();
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The broker user name an issued login gets: the device's own topic path (unique, and what an operator
 * recognises), or its id where the path is longer than a user name may be.
 */
export function issuedUsername(device: { id: number; site: string; name: string }): string {
  const path = `${device.site}/${device.name}`;
  return path.length <= 64 ? path : `device-${device.id}`;
}

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

  /** A new random login password and its stored form (see `hashIssued`). */
  issue(): { password: string; hash: string } {
    const password = randomBytes(ISSUED_PASSWORD_BYTES).toString('base64url');
    return { password, hash: hashIssued(password) };
  }

  /** The user name that belongs to this device, if another device holds it. */
  holderOf(username: string): number | null {
    const row = this.stmts.byName.get(username) as { device_id: number } | undefined;
    return row?.device_id ?? null;
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
