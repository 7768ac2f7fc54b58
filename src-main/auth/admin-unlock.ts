import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hashToken, newToken } from './sessions-repo';

/**
 * The administrator's way in when guessers keep the account locked: whoever can write into the data
 * folder (the operator at the machine that hosts the terminal, as for the first-run link) issues a
 * one-time link with `npm run serve -- --unlock-admin --data DIR`. The file holds only the token's
 * hash; the running terminal reads it when the link is used, so issuing needs no second process
 * on the database and no signal (which Windows lacks).
 */
const FILE = 'admin-unlock.json';

const UnlockFileSchema = z.object({ tokenHash: z.string().min(20).max(128), expiresAt: z.number().int() }).strict();

/** Writes a fresh one-time token (replacing any earlier one) and returns it. */
export function issueAdminUnlock(dataDir: string, now: number, validForMs: number): string {
  const token = newToken();
  const file = join(dataDir, FILE);
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, JSON.stringify({ tokenHash: hashToken(token), expiresAt: now + validForMs }), { mode: 0o600 });
  renameSync(staging, file);
  return token;
}

function read(file: string): z.infer<typeof UnlockFileSchema> | null {
  try {
    const parsed = UnlockFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class AdminUnlock {
  constructor(private readonly dataDir: string | null) {}

  /** Whether `token` is the pending one and still valid; the pending token is burnt either way it matches. */
  take(token: string, now: number): boolean {
    if (!this.dataDir) return false;
    const file = join(this.dataDir, FILE);
    const pending = read(file);
    if (!pending) return false;
    const expected = Buffer.from(pending.tokenHash);
    const given = Buffer.from(hashToken(token));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    rmSync(file, { force: true });
    return pending.expiresAt > now;
  }
}
