import type { Db } from '../store/database';

export interface ResetRecord {
  userId: number;
  codeHash: string;
  expiresAt: number;
  usedAt: number | null;
}

/** The one pending password reset code of each account, by hash (see migration 0012). */
export class ResetsRepo {
  private readonly upsert;
  private readonly find;
  private readonly markUsed;

  constructor(db: Db) {
    this.upsert = db.prepare(`
      INSERT INTO password_resets (user_id, code_hash, created_at, expires_at, created_by, used_at) VALUES (?, ?, ?, ?, ?, NULL)
      ON CONFLICT(user_id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at,
        expires_at = excluded.expires_at, created_by = excluded.created_by, used_at = NULL`);
    this.find = db.prepare('SELECT user_id AS userId, code_hash AS codeHash, expires_at AS expiresAt, used_at AS usedAt FROM password_resets WHERE user_id = ?');
    // Conditional, so two redemptions racing on one code cannot both succeed.
    this.markUsed = db.prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL');
  }

  /** Replaces any earlier code of the account. */
  issue(userId: number, codeHash: string, now: number, expiresAt: number, issuedBy: string): void {
    this.upsert.run(userId, codeHash, now, expiresAt, issuedBy);
  }

  get(userId: number): ResetRecord | undefined {
    return this.find.get(userId) as ResetRecord | undefined;
  }

  /** False when the code was used meanwhile. */
  use(userId: number, codeHash: string, now: number): boolean {
    return this.markUsed.run(now, userId, codeHash).changes === 1;
  }
}
