import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/database';

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  expiresAt: number;
}

/** Only a hash of each token is stored, so a copied database file does not hand out sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class SessionsRepo {
  private readonly insert;
  private readonly find;
  private readonly touch;
  private readonly remove;
  private readonly removeForUser;
  private readonly ofUser;
  private readonly expiredBy;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.find = db.prepare('SELECT token_hash AS tokenHash, user_id AS userId, expires_at AS expiresAt FROM sessions WHERE token_hash = ?');
    this.touch = db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?');
    this.remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.ofUser = db.prepare('SELECT token_hash FROM sessions WHERE user_id = ?').pluck();
    this.expiredBy = db.prepare('SELECT token_hash FROM sessions WHERE expires_at <= ?').pluck();
  }

  create(tokenHash: string, userId: number, now: number, expiresAt: number): void {
    this.insert.run(tokenHash, userId, now, expiresAt);
  }

  get(tokenHash: string): SessionRecord | undefined {
    return this.find.get(tokenHash) as SessionRecord | undefined;
  }

  extend(tokenHash: string, expiresAt: number): void {
    this.touch.run(expiresAt, tokenHash);
  }

  delete(tokenHash: string): void {
    this.remove.run(tokenHash);
  }

  /** Ends every session of a user but `keep`, and returns their token hashes, so their sockets can be told. */
  deleteForUser(userId: number, keep?: string): string[] {
    const tokens = (this.ofUser.all(userId) as string[]).filter((token) => token !== keep);
    if (keep === undefined) this.removeForUser.run(userId);
    else for (const token of tokens) this.remove.run(token);
    return tokens;
  }

  /** Ends the sessions that have run out and returns their token hashes. */
  deleteExpired(now: number): string[] {
    const tokens = this.expiredBy.all(now) as string[];
    for (const token of tokens) this.remove.run(token);
    return tokens;
  }
}
