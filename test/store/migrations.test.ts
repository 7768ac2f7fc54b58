import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { openDatabase, type Db } from '../../src-main/store/database';
import { removeDir, tempDir } from '../helpers/core';

/**
 * The text of every released step, by hash. A step is never edited once released: a database that
 * already ran it would not run it again, so an edit makes new and old installs disagree. A new
 * step appends a line here; an edited one fails this test.
 */
const RELEASED = [
  'acc85d31cd76cefa25b3c5ab8dc6a946ed88f858f62bfb5bae0d50d99ae4b0df',
  '764aff9dd688ed84878d4b7321437e3b6b5f90e359a498ecb61abc21267d27a7',
  '9fe252b8f73eaabd21d24f1a76e3e3a4e24f854bb717cfd57f3f7e19dabd22d9',
  '018a2220277ce8cc7d2eddddddf0908e46280aa93e6d908bf40e1e365696b0ba',
  'ec561802b758b88dd4ede52aa15d3e16c7aa3e894964f3ccc47f9ab843f197aa',
  '48a79b851569d62a1e54c00ff8a4656b70686be324ce20fed68a125724ed521b',
  'c0be489c156cacae35f80fca58f0d917ee5881ef54b0a99f4d09a2f9f6990193',
  '852c3d3b4cb51c04f048e1616fd9f471eed031dd38de87f0ba144f7f201df0b3',
  '7f43f6f6c545fcc47a8719916639cef84feef83f39f61199fc83372e6e725afa',
  '3f594f9c7270eada4486da41cff3c6cef8562294cec48db9182733a33fc95fbc',
  '64cbd4191b6a68fb47b27017b6418e0278a7fb9d742f0eab3f8aa19135f003cb',
  'c23a987a0bded7da9108cd5b1f0d17adc3800afd83e4265c22413fd37b4bfb81',
  '1499b649c707e09064b6abb2cb4e99b6c58b45b5ccfa0eed9d052ab605be8336',
  'f4ea331cde70d184b1b0203d9becb2e0e1e9a75dad26465e5cb849f4d56efaf6',
];

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  if (dir) removeDir(dir);
  dir = undefined;
});

describe('migrations', () => {
  it('keeps every released step exactly as it was released', () => {
    const hashes = MIGRATIONS.slice(0, RELEASED.length).map((m) => createHash('sha256').update(m.sql).digest('hex'));
    expect(hashes).toEqual(RELEASED);
  });

  it('lists every table the steps create under exactly one owner', () => {
    dir = tempDir();
    db = openDatabase(join(dir, 'griddesk.sqlite'));
    const created = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).sort();
    const dropped = new Set(MIGRATIONS.flatMap((m) => m.dropped ?? []));
    const owned = MIGRATIONS.flatMap((m) => Object.values(m.tables).flat()).filter((t) => !dropped.has(t)).sort();
    expect(owned).toEqual(created);
  });
});
