import { randomUUID } from 'node:crypto';
import type { Db } from './database';

/** The terminal's identity, fixed at first start: every logged event carries it for sync. */
export function terminalIdOf(db: Db): string {
  const existing = db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get() as string | undefined;
  if (existing) return existing;
  const id = randomUUID();
  db.prepare("INSERT INTO meta (key, value) VALUES ('terminal_id', ?)").run(id);
  return id;
}
