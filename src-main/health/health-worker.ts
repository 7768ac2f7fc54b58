/**
 * Worker-thread entry of a database check or backup. It opens the terminal's database on a
 * connection of its own, read-only: in WAL mode a reader sees one consistent snapshot and neither
 * waits for the core's writes nor holds them up, so trading goes on while a check of a large file
 * runs for seconds.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export type HealthJob =
  | { kind: 'integrity'; file: string; nativeBinding?: string }
  | { kind: 'backup'; file: string; target: string; nativeBinding?: string };

export type HealthWorkerMessage =
  | { type: 'integrity'; problems: string[]; foreignKeyProblems: number }
  | { type: 'backup'; pages: number; problems: string[] }
  | { type: 'error'; message: string };

/** integrity_check stops listing after this many; the count is what the screen shows. */
const MAX_PROBLEMS = 50;

type Conn = Database.Database;

function open(file: string, nativeBinding: string | undefined, readonly: boolean): Conn {
  return new Database(file, { readonly, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}

/** 'ok' alone means sound; anything else is one problem per row in SQLite's words. */
function integrityProblems(db: Conn): string[] {
  const rows = db.pragma(`integrity_check(${MAX_PROBLEMS})`) as Array<{ integrity_check: string }>;
  const messages = rows.map((row) => row.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** A page too damaged to read makes SQLite throw instead of listing; that is a problem found, not a failed check. */
function checkSoundness(db: Conn): { problems: string[]; foreignKeyProblems: number } {
  try {
    return { problems: integrityProblems(db), foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length };
  } catch (err) {
    return { problems: [err instanceof Error ? err.message : String(err)], foreignKeyProblems: 0 };
  }
}

async function run(job: HealthJob): Promise<HealthWorkerMessage> {
  if (job.kind === 'integrity') {
    const db = open(job.file, job.nativeBinding, true);
    try {
      return { type: 'integrity', ...checkSoundness(db) };
    } finally {
      db.close();
    }
  }
  const source = open(job.file, job.nativeBinding, true);
  let pages: number;
  try {
    // The whole file in one step: a step is one read transaction, so the copy is one snapshot and
    // a write by the core between small steps cannot make the backup start over again and again.
    const result = await source.backup(job.target, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
    pages = result.totalPages;
  } finally {
    source.close();
  }
  // A copy is only worth keeping if it opens and checks sound; as one file with no -wal beside it,
  // it can be moved or restored as it is.
  const copy = open(job.target, job.nativeBinding, false);
  try {
    copy.pragma('journal_mode = DELETE');
    return { type: 'backup', pages, problems: checkSoundness(copy).problems };
  } finally {
    copy.close();
  }
}

run(workerData as HealthJob).then(
  (message) => parentPort?.postMessage(message),
  (err: unknown) => parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies HealthWorkerMessage),
);
