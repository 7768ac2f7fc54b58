/**
 * `npm run audit:verify -- --data DIR [--checkpoints FILE] [--export FILE]`
 *
 * Checks a terminal's audit trail without changing it (the database is opened read-only, so it may
 * run while the terminal does): the hash chain of the event log from its first row, and the log
 * against every signed checkpoint, those in the database (under the keys stored there) and those of
 * an exported file (under the file's own keys: a file kept off the machine is what catches a rewrite
 * by someone who held the data folder). `--export FILE` writes the database's checkpoints in that
 * form. Human-readable lines first; the LAST line is one JSON object.
 *
 * Exit 0: intact. 1: the first bad seq and why (edited, deleted, reordered, unchained, truncated,
 * rewritten, bad_checkpoint). 2: it could not be checked (usage, no database, unreadable file).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ExportedCheckpointsSchema, type ExportedCheckpoints } from '../src-shared/contract/audit';
import { storedCheckpoints, verifyTrail } from '../src-main/audit/checkpoints';

const USAGE = 'Usage: npm run audit:verify -- --data DIR [--checkpoints EXPORTED.json] [--export OUT.json]';

class Unverifiable extends Error {}

function readExported(file: string): ExportedCheckpoints {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Unverifiable(`Cannot read the checkpoints file ${file}: ${(err as Error).message}`);
  }
  const parsed = ExportedCheckpointsSchema.safeParse(json);
  if (!parsed.success) throw new Unverifiable(`${file} is not a GridDesk checkpoints export: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { data: { type: 'string' }, checkpoints: { type: 'string' }, export: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new Unverifiable(`${(err as Error).message}\n${USAGE}`);
  }
  if (!values.data) throw new Unverifiable(USAGE);
  // npm runs scripts from the package folder; relative paths are meant from where it was typed.
  const from = process.env['INIT_CWD'] ?? process.cwd();
  const file = join(resolve(from, values.data), 'griddesk.sqlite');
  if (!existsSync(file)) throw new Unverifiable(`There is no GridDesk database in ${values.data}.`);
  const exported = values.checkpoints ? readExported(resolve(from, values.checkpoints)) : undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const columns = db.prepare("SELECT name FROM pragma_table_info('events') WHERE name = 'hash'").pluck().all();
    if (columns.length === 0) throw new Unverifiable('This database has no hash chain yet: start the terminal once to migrate it.');
    const terminalId = db.prepare("SELECT value FROM meta WHERE key = 'terminal_id'").pluck().get() as string | undefined;
    if (!terminalId) throw new Unverifiable('This database has no terminal id.');
    if (exported && exported.terminalId !== terminalId) console.log(`The checkpoints file is of terminal ${exported.terminalId}, this database of ${terminalId}.`);
    if (values.export) {
      writeFileSync(resolve(from, values.export), `${JSON.stringify(storedCheckpoints(db, terminalId, Date.now()), null, 2)}\n`);
      console.log(`Checkpoints written to ${values.export}; keep that file off this machine.`);
    }
    const verdict = await verifyTrail(db, terminalId, Date.now(), exported);
    if (verdict.ok) console.log(`Audit trail intact up to entry ${verdict.checkedTo} (${verdict.checkpoints} signed checkpoint(s) checked).`);
    else console.log(`Audit trail NOT intact: entry ${verdict.firstBad?.seq} is ${verdict.firstBad?.reason}; intact up to entry ${verdict.checkedTo}.`);
    console.log(JSON.stringify(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Unverifiable ? err.message : err);
    console.log(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    process.exit(2);
  },
);
