import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Db } from '../store/database';
import type { SecretBox } from '../store/secret-box';
import { hashCode, newOneTimeCode, normaliseCode } from './one-time-codes';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const PERIOD_S = 30;
const PURPOSE = 'auth.totp.secret';
/** One step either side: a phone clock a little off, or a code typed as its step turns. */
const WINDOW = 1;
export const RECOVERY_CODES = 10;

export type Requirement = 'nobody' | 'admins' | 'everyone';

/** What checking a second-factor code found; `step` is consumed only by `accept`. */
export type CodeCheck = { kind: 'totp'; step: number } | { kind: 'recovery'; hash: string } | { kind: 'wrong' } | { kind: 'replayed' };

function totpOf(secretBase32: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** The time step `token` is valid for under `secretBase32` at `timestamp` (± one step), or null. */
export function totpStep(secretBase32: string, token: string, timestamp: number): number | null {
  const delta = totpOf(secretBase32, '', '').validate({ token, timestamp, window: WINDOW });
  return delta === null ? null : Math.floor(timestamp / 1000 / PERIOD_S) + delta;
}

/**
 * The accounts' second factor: TOTP secrets sealed at rest, each time step usable once (a
 * conditional update, so two sign-ins racing with one code cannot both pass), and ten recovery
 * codes stored by hash, each usable once.
 */
export class SecondFactor {
  private readonly find;
  private readonly upsertPending;
  private readonly confirmStmt;
  private readonly consumeStep;
  private readonly remove;
  private readonly removeCodes;
  private readonly insertCode;
  private readonly useCode;

  constructor(
    db: Db,
    private readonly secrets: () => SecretBox,
    private readonly issuer: string,
    /** The administrators' current requirement (auth settings). */
    private readonly requirement: () => Requirement,
  ) {
    this.find = db.prepare('SELECT secret_sealed AS sealed, confirmed_at AS confirmedAt, last_step AS lastStep FROM user_totp WHERE user_id = ?');
    this.upsertPending = db.prepare(`
      INSERT INTO user_totp (user_id, secret_sealed, created_at, confirmed_at, last_step) VALUES (?, ?, ?, NULL, NULL)
      ON CONFLICT(user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at, confirmed_at = NULL, last_step = NULL`);
    this.confirmStmt = db.prepare('UPDATE user_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL');
    this.consumeStep = db.prepare('UPDATE user_totp SET last_step = :step WHERE user_id = :id AND (last_step IS NULL OR last_step < :step)');
    this.remove = db.prepare('DELETE FROM user_totp WHERE user_id = ?');
    this.removeCodes = db.prepare('DELETE FROM recovery_codes WHERE user_id = ?');
    this.insertCode = db.prepare('INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, NULL)');
    this.useCode = db.prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL');
  }

  enrolled(userId: number): boolean {
    const row = this.find.get(userId) as { confirmedAt: number | null } | undefined;
    return row?.confirmedAt != null;
  }

  /** Whether the administrators' requirement applies to a role. */
  requiredFor(role: string): boolean {
    const requirement = this.requirement();
    return requirement === 'everyone' || (requirement === 'admins' && role === 'admin');
  }

  /** A fresh 20-byte secret, sealed and pending until its first code confirms it; replaces an unconfirmed one. */
  async begin(userId: number, username: string, now: number): Promise<{ secret: string; uri: string; qr: string; store(): void }> {
    const secret = new Secret({ size: 20 }).base32;
    const uri = totpOf(secret, username, this.issuer).toString();
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
    const sealed = this.secrets().seal(secret, PURPOSE);
    return { secret, uri, qr, store: () => void this.upsertPending.run(userId, sealed, now) };
  }

  /** The time step `code` is valid for, or null; `pending` checks the unconfirmed secret instead. */
  private stepOf(userId: number, code: string, now: number, pending: boolean): { step: number; lastStep: number | null } | null {
    const row = this.find.get(userId) as { sealed: string; confirmedAt: number | null; lastStep: number | null } | undefined;
    if (!row || (row.confirmedAt === null) !== pending) return null;
    const step = totpStep(this.secrets().open(row.sealed, PURPOSE), code, now);
    return step === null ? null : { step, lastStep: row.lastStep };
  }

  /** Confirms a pending enrolment with its first code; returns the ten recovery codes (shown once), or null for a wrong code. */
  confirm(userId: number, code: string, now: number): string[] | null {
    const found = /^\d{6}$/.test(code.trim()) ? this.stepOf(userId, code.trim(), now, true) : null;
    if (!found || this.confirmStmt.run(now, found.step, userId).changes !== 1) return null;
    this.removeCodes.run(userId);
    const codes = Array.from({ length: RECOVERY_CODES }, () => newOneTimeCode(3));
    for (const recovery of codes) this.insertCode.run(userId, hashCode(recovery));
    return codes;
  }

  /** Checks a sign-in code (six digits, or a recovery code) without using it up. */
  check(userId: number, code: string, now: number): CodeCheck {
    const typed = code.trim();
    if (/^\d{6}$/.test(typed)) {
      const found = this.stepOf(userId, typed, now, false);
      if (!found) return { kind: 'wrong' };
      if (found.lastStep !== null && found.step <= found.lastStep) return { kind: 'replayed' };
      return { kind: 'totp', step: found.step };
    }
    if (normaliseCode(typed).length !== 12) return { kind: 'wrong' };
    return { kind: 'recovery', hash: hashCode(typed) };
  }

  /** Uses up what `check` found, inside the sign-in's transaction; false when another sign-in took it first. */
  accept(userId: number, found: CodeCheck, now: number): boolean {
    if (found.kind === 'totp') return this.consumeStep.run({ step: found.step, id: userId }).changes === 1;
    if (found.kind === 'recovery') return this.useCode.run(now, userId, found.hash).changes === 1;
    return false;
  }

  /** The administrator's reset: the account signs in with its password alone until it enrols again. */
  reset(userId: number): void {
    this.remove.run(userId);
    this.removeCodes.run(userId);
  }
}
