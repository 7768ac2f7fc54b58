import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, StoreOpenError } from '../../src-main/store/database';
import { SCHEMA_VERSION } from '../../src-main/store/migrations';
import { tempDir } from '../helpers/core';

describe('openDatabase', () => {
  it('creates the schema at the current version in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'a.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it unchanged', () => {
    const file = join(tempDir(), 'newer.sqlite');
    const future = new Database(file);
    future.exec('CREATE TABLE keep (x INTEGER)');
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    future.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrowError(/newer GridDesk/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and leaves it unchanged', () => {
    const file = join(tempDir(), 'corrupt.sqlite');
    writeFileSync(file, 'this is not sqlite at all, just some bytes'.repeat(100));
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrowError(StoreOpenError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database whose pages are damaged', () => {
    const file = join(tempDir(), 'damaged.sqlite');
    const db = openDatabase(file);
    db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(500)) FROM n",
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xff, 4096 * 3, 4096 * 6);
    writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrowError(/damaged/);
  });

  it('opens an existing database again without re-running migrations', () => {
    const file = join(tempDir(), 'again.sqlite');
    const first = openDatabase(file);
    first.prepare("INSERT INTO meta (key, value) VALUES ('x', 'kept')").run();
    first.close();
    const second = openDatabase(file);
    expect(second.prepare("SELECT value FROM meta WHERE key = 'x'").pluck().get()).toBe('kept');
    second.close();
  });
});
