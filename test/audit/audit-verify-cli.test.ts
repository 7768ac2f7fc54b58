/**
 * `npm run audit:verify` on real data folders: a trail the terminal wrote, then changed on disk the
 * way someone holding the file could.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chainHash, fieldsOf, GENESIS_HASH, type EventRow } from '../../src-main/store/event-chain';
import { removeDir, tempDir, withStore } from '../helpers/core';
import { auditVerify, tamper, terminalWithHistory } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function history(): Promise<{ dataDir: string; head: number }> {
  const made = await terminalWithHistory();
  dirs.push(made.dataDir);
  return made;
}

describe('npm run audit:verify', () => {
  it('exits 0 on a trail the terminal wrote, checked up to its last entry and its checkpoint', async () => {
    const { dataDir, head } = await history();
    const run = auditVerify(['--data', dataDir]);
    expect(run.status).toBe(0);
    expect(run.verdict).toMatchObject({ ok: true, checkedTo: head });
    expect(run.verdict.checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('reports an edited row at its seq', async () => {
    const { dataDir } = await history();
    tamper(dataDir, (db) => db.prepare("UPDATE events SET payload = json_set(payload, '$.value', 'edited') WHERE seq = (SELECT MAX(seq) FROM events WHERE type = 'prefs.set')").run());
    const edited = withStore({ dataDir }, (db) => db.prepare("SELECT MAX(seq) FROM events WHERE type = 'prefs.set'").pluck().get() as number);
    const run = auditVerify(['--data', dataDir]);
    expect(run.status).toBe(1);
    expect(run.verdict).toMatchObject({ ok: false, checkedTo: edited - 1, firstBad: { seq: edited, reason: 'edited' } });
    expect(run.output).toContain(`entry ${edited} is edited`);
  });

  it('reports an edited actor the same way: every column but the hashes is covered', async () => {
    const { dataDir } = await history();
    tamper(dataDir, (db) => db.prepare("UPDATE events SET actor = 'someone-else' WHERE seq = 2").run());
    expect(auditVerify(['--data', dataDir]).verdict.firstBad).toEqual({ seq: 2, reason: 'edited' });
  });

  it('reports a deleted row at the seq that is missing', async () => {
    const { dataDir } = await history();
    tamper(dataDir, (db) => db.prepare('DELETE FROM events WHERE seq = 3').run());
    const run = auditVerify(['--data', dataDir]);
    expect(run.status).toBe(1);
    expect(run.verdict.firstBad).toEqual({ seq: 3, reason: 'deleted' });
  });

  it('reports two rows that swapped places as reordered', async () => {
    const { dataDir } = await history();
    tamper(dataDir, (db) => {
      db.prepare('UPDATE events SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE events SET seq = 3 WHERE seq = 4').run();
      db.prepare('UPDATE events SET seq = 4 WHERE seq = -1').run();
    });
    expect(auditVerify(['--data', dataDir]).verdict.firstBad).toEqual({ seq: 3, reason: 'reordered' });
  });

  it('reports entries cut off the end after the last checkpoint as truncated', async () => {
    const { dataDir, head } = await history();
    tamper(dataDir, (db) => db.prepare('DELETE FROM events WHERE seq > ?').run(head - 2));
    const run = auditVerify(['--data', dataDir]);
    expect(run.status).toBe(1);
    expect(run.verdict).toMatchObject({ checkedTo: head - 2, firstBad: { seq: head - 1, reason: 'truncated' } });
  });

  it('reports a checkpoint whose signature does not verify', async () => {
    const { dataDir } = await history();
    tamper(dataDir, (db) => db.prepare("UPDATE audit_checkpoints SET ts = ts + 1").run());
    expect(auditVerify(['--data', dataDir]).verdict.firstBad?.reason).toBe('bad_checkpoint');
  });

  it('catches a rewrite of the whole chain, checkpoints and keys included, with checkpoints exported before it', async () => {
    const { dataDir, head } = await history();
    const exported = join(tempDir(), 'checkpoints.json');
    expect(auditVerify(['--data', dataDir, '--export', exported]).status).toBe(0);
    tamper(dataDir, (db) => {
      db.prepare("UPDATE events SET payload = '{\"forged\":true}' WHERE seq = 4").run();
      // Everything the file itself holds is recomputed: hashes from the edit on, checkpoints gone.
      const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as EventRow[];
      let prev = GENESIS_HASH;
      const update = db.prepare('UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?');
      for (const row of rows) {
        const hash = chainHash(prev, fieldsOf(row));
        update.run(prev, hash, row.seq);
        prev = hash;
      }
      db.exec('DELETE FROM audit_checkpoints; DELETE FROM audit_keys;');
    });
    // The known limit (docs/audit-trail.md): the file alone now looks intact.
    expect(auditVerify(['--data', dataDir]).verdict).toMatchObject({ ok: true, checkedTo: head });
    const run = auditVerify(['--data', dataDir, '--checkpoints', exported]);
    expect(run.status).toBe(1);
    expect(run.verdict.firstBad).toEqual({ seq: head, reason: 'rewritten' });
  });

  it('exports the checkpoints with the public key that verifies them, and keeps the private key 0600', async () => {
    const { dataDir } = await history();
    const exported = join(tempDir(), 'checkpoints.json');
    auditVerify(['--data', dataDir, '--export', exported]);
    const file = JSON.parse(readFileSync(exported, 'utf8')) as { keys: Array<{ publicKey: string }>; checkpoints: unknown[] };
    expect(file.keys[0]?.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(file.checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(statSync(join(dataDir, 'audit-checkpoint.key')).mode & 0o777).toBe(0o600);
  });

  it('exits 2 with a message when there is no database to check', () => {
    const run = auditVerify(['--data', tempDir()]);
    expect(run.status).toBe(2);
    expect(run.output).toMatch(/no GridDesk database/);
  });
});
