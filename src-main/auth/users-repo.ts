import type { Role, UserView } from '../../src-shared/domain/schemas';
import type { Db } from '../store/database';

/** The name is taken: two creations of one name raced, and the UNIQUE index decided. */
export class UsernameTakenError extends Error {}

/**
 * A disabled account keeps its hash behind this prefix: no password verifies against it (the scheme
 * is not scrypt), and enabling the account strips it, so the owner's password works again.
 */
const DISABLED_PREFIX = 'disabled$';

export function disabledHash(hash: string): string {
  return hash.startsWith(DISABLED_PREFIX) ? hash : `${DISABLED_PREFIX}${hash}`;
}

export function enabledHash(hash: string): string {
  return hash.startsWith(DISABLED_PREFIX) ? hash.slice(DISABLED_PREFIX.length) : hash;
}

/** The terminal's own participants hold a hash no password scheme made: they never sign in. */
export function isSystemHash(hash: string): boolean {
  return !enabledHash(hash).startsWith('scrypt$');
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  last_login_at: number | null;
  totp_enrolled: number;
}

export interface UserRecord extends Omit<UserView, 'disabled' | 'system'> {
  passwordHash: string;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    failedLogins: row.failed_logins,
    lastLoginAt: row.last_login_at,
    totpEnrolled: row.totp_enrolled === 1,
  };
}

export function toView(user: UserRecord): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    lockedUntil: user.lockedUntil,
    disabled: user.passwordHash.startsWith(DISABLED_PREFIX),
    system: isSystemHash(user.passwordHash),
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
    failedLogins: user.failedLogins,
    totpEnrolled: user.totpEnrolled,
  };
}

/** An administrator who can sign in: neither disabled nor one of the terminal's own participants. */
export function isActiveAdmin(user: UserRecord): boolean {
  return user.role === 'admin' && !user.passwordHash.startsWith(DISABLED_PREFIX) && !isSystemHash(user.passwordHash);
}

export class UsersRepo {
  private readonly byName;
  private readonly byId;
  private readonly all;
  private readonly countAll;
  private readonly insert;
  private readonly setFailures;
  private readonly reserve;
  private readonly setRoleStmt;
  private readonly setHash;
  private readonly signedIn;

  constructor(db: Db) {
    const columns = 'users.*, EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = users.id AND t.confirmed_at IS NOT NULL) AS totp_enrolled';
    this.byName = db.prepare(`SELECT ${columns} FROM users WHERE username = ?`);
    this.byId = db.prepare(`SELECT ${columns} FROM users WHERE id = ?`);
    this.all = db.prepare(`SELECT ${columns} FROM users ORDER BY id`);
    this.countAll = db.prepare('SELECT COUNT(*) FROM users').pluck();
    this.insert = db.prepare(
      'INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.setFailures = db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?');
    // One statement, so two attempts can never read the same count. A lock that has run out starts
    // the count again; the attempt that reaches the limit sets the lock for every later one.
    this.reserve = db.prepare(`
      UPDATE users SET
        failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,
        locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END) >= :max THEN :until ELSE NULL END
      WHERE id = :id AND (locked_until IS NULL OR locked_until <= :now)
      RETURNING failed_logins AS failedLogins, locked_until AS lockedUntil`);
    this.setRoleStmt = db.prepare('UPDATE users SET role = ? WHERE id = ?');
    this.setHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    this.signedIn = db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?');
  }

  count(): number {
    return this.countAll.get() as number;
  }

  findByName(username: string): UserRecord | undefined {
    const row = this.byName.get(username) as UserRow | undefined;
    return row && toRecord(row);
  }

  findById(id: number): UserRecord | undefined {
    const row = this.byId.get(id) as UserRow | undefined;
    return row && toRecord(row);
  }

  list(): UserRecord[] {
    return (this.all.all() as UserRow[]).map(toRecord);
  }

  /** Throws UsernameTakenError when the name exists, even when another creation took it a moment ago. */
  create(user: { username: string; displayName: string; role: Role; passwordHash: string; createdAt: number }): UserRecord {
    let id: number;
    try {
      id = Number(this.insert.run(user.username, user.displayName, user.role, user.passwordHash, user.createdAt).lastInsertRowid);
    } catch (err) {
      if (isUniqueViolation(err)) throw new UsernameTakenError(user.username);
      throw err;
    }
    const created = this.findById(id);
    if (!created) throw new Error('user vanished after insert');
    return created;
  }

  /**
   * Counts a failed attempt before its password check runs (a right password refunds it with
   * `clearFailures`). Null when the account is locked now: no check may run for it.
   */
  reserveAttempt(id: number, now: number, maxFailures: number, lockoutMs: number): { failedLogins: number; lockedUntil: number | null } | null {
    const row = this.reserve.get({ id, now, max: maxFailures, until: now + lockoutMs }) as { failedLogins: number; lockedUntil: number | null } | undefined;
    return row ?? null;
  }

  clearFailures(id: number): void {
    this.setFailures.run(0, null, id);
  }

  /** A good sign-in: the failures are forgiven and the time kept for the administrators' list. */
  recordSignIn(id: number, now: number): void {
    this.signedIn.run(now, id);
  }

  /** Administrators who can sign in, other than `except`: the last of them must stay. */
  otherActiveAdmins(except: number): number {
    return this.list().filter((u) => u.id !== except && isActiveAdmin(u)).length;
  }

  setRole(id: number, role: Role): void {
    this.setRoleStmt.run(role, id);
  }

  setPasswordHash(id: number, hash: string): void {
    this.setHash.run(hash, id);
  }
}
