/**
 * The one price store: the migration that moved both older tables into it, and both import calls
 * writing to it and reading from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { migration0009 } from '../../src-main/store/migrations/0009-one-price-store';
import { migration0011 } from '../../src-main/store/migrations/0011-auction-prices-and-drivers';
import type { Migration } from '../../src-main/store/migrations';
import { openHarness, removeDir, tempDir, withAdmin, type Harness } from '../helpers/core';

const H = 3_600_000;
const T = Date.UTC(2023, 6, 1);

/** A data file as the version before `step` left it. */
function fileBefore(step: Migration, fill: (db: Database.Database) => void): string {
  const file = join(tempDir(), 'before.sqlite');
  const db = new Database(file);
  const version = MIGRATIONS.indexOf(step);
  expect(version).toBeGreaterThan(0);
  for (const earlier of MIGRATIONS.slice(0, version)) db.exec(earlier.sql);
  db.pragma(`user_version = ${version}`);
  fill(db);
  db.close();
  return file;
}

/** The same file moved through `step` only, so that step's own result can be read before later ones change it. */
function migrateThrough(file: string, step: Migration): Database.Database {
  const db = new Database(file);
  db.exec(step.sql);
  return db;
}

describe('the prices migration', () => {
  it('moves every row of both tables into md_prices, the newer import winning where both hold an interval', () => {
    const file = fileBefore(migration0009, (db) => {
      const md = db.prepare('INSERT INTO md_day_ahead (area, start, duration_min, price, currency, imported_at) VALUES (?, ?, ?, ?, ?, ?)');
      const risk = db.prepare('INSERT INTO risk_price_history (area, start_ms, duration_min, price, source) VALUES (?, ?, ?, ?, ?)');
      const event = db.prepare("INSERT INTO events (terminal_id, ts, actor, type, payload) VALUES ('t', ?, 'ada', 'risk.history.import', ?)");
      // Risk imported hours 0–3 at 2 000 and quarters of hour 5 at 5 000.
      event.run(2_000, JSON.stringify({ area: 'DE', format: 'smard-csv', points: 4, from: T, to: T + 4 * H }));
      event.run(5_000, JSON.stringify({ area: 'DE', format: 'berlin-csv', points: 1, from: T + 5 * H, to: T + 5 * H + 900_000 }));
      for (let h = 0; h < 4; h++) risk.run('DE', T + h * H, 60, 100 + h, 'smard-csv');
      risk.run('DE', T + 5 * H, 15, 500, 'berlin-csv');
      md.run('DE', T + 0 * H, 60, 900, 'EUR', 1_000); // older than risk's: risk's price stays
      md.run('DE', T + 1 * H, 60, 901, 'EUR', 3_000); // newer: market data's price stays
      md.run('DE', T + 2 * H, 60, 902, 'EUR', 2_000); // same time: risk's, as the old reader preferred
      md.run('DE', T + 4 * H, 60, 904, 'EUR', 1_000); // only here
      md.run('SE4', T, 60, 7_000, 'EUR', 1_000); // another area is another interval
    });
    const db = migrateThrough(file, migration0009);
    try {
      const rows = db.prepare('SELECT area, start, duration_min, price, currency, format, source, imported_at FROM md_prices ORDER BY area, start, duration_min').all();
      expect(rows).toEqual([
        { area: 'DE', start: T, duration_min: 60, price: 100, currency: 'EUR', format: 'smard-csv', source: 'risk.history.import', imported_at: 2_000 },
        { area: 'DE', start: T + H, duration_min: 60, price: 901, currency: 'EUR', format: null, source: 'marketdata.import', imported_at: 3_000 },
        { area: 'DE', start: T + 2 * H, duration_min: 60, price: 102, currency: 'EUR', format: 'smard-csv', source: 'risk.history.import', imported_at: 2_000 },
        { area: 'DE', start: T + 3 * H, duration_min: 60, price: 103, currency: 'EUR', format: 'smard-csv', source: 'risk.history.import', imported_at: 2_000 },
        { area: 'DE', start: T + 4 * H, duration_min: 60, price: 904, currency: 'EUR', format: null, source: 'marketdata.import', imported_at: 1_000 },
        { area: 'DE', start: T + 5 * H, duration_min: 15, price: 500, currency: 'EUR', format: 'berlin-csv', source: 'risk.history.import', imported_at: 5_000 },
        { area: 'SE4', start: T, duration_min: 60, price: 7_000, currency: 'EUR', format: null, source: 'marketdata.import', imported_at: 1_000 },
      ]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('md_day_ahead', 'risk_price_history')").all();
      expect(tables).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('the auction prices migration', () => {
  it('keeps every price as the official one under the area key, the newer import winning where an EIC code and the key held one interval', () => {
    const file = fileBefore(migration0011, (db) => {
      const row = db.prepare("INSERT INTO md_prices (area, start, duration_min, price, currency, format, source, imported_at) VALUES (?, ?, 60, ?, 'EUR', 'smard-csv', 'marketdata.import', ?)");
      row.run('DE', T, 100, 1_000);
      row.run('10Y1001A1001A82H', T, 200, 2_000); // newer: its price stays, under DE
      row.run('10Y1001A1001A82H', T + H, 300, 500);
      row.run('DE-LU', T + 2 * H, 400, 500);
      row.run('10Y1001A1001A47J', T, 500, 500); // SE4's EIC code
      row.run('XX', T, 600, 500); // a code no area has stays as it was
    });
    const db = openDatabase(file);
    try {
      const rows = db.prepare('SELECT area, auction, start, price, imported_at FROM md_auction_prices ORDER BY area, start').all();
      expect(rows).toEqual([
        { area: 'DE', auction: 'official', start: T, price: 200, imported_at: 2_000 },
        { area: 'DE', auction: 'official', start: T + H, price: 300, imported_at: 500 },
        { area: 'DE', auction: 'official', start: T + 2 * H, price: 400, imported_at: 500 },
        { area: 'SE4', auction: 'official', start: T, price: 500, imported_at: 500 },
        { area: 'XX', auction: 'official', start: T, price: 600, imported_at: 500 },
      ]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'md_prices'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('both import calls share the store', () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.close();
    if (harness) removeDir(harness.dataDir);
    harness = undefined;
  });

  it("shows risk's import in marketdata.history, and counts it as replaced when market data imports the same hours", async () => {
    harness = openHarness();
    const ada = await withAdmin(harness);
    const content = readFileSync(fileURLToPath(new URL('../fixtures/market/smard-de-lu-2023-10-autumn-dst.csv', import.meta.url)), 'utf8');
    const imported = await ada.ok('risk.history.import', { area: 'DE', content });
    expect(imported).toMatchObject({ area: 'DE', format: 'smard-csv', points: 121 });
    const history = await ada.ok('marketdata.history', { area: 'DE', from: imported.fromMs, to: imported.toMs });
    expect(history.points).toHaveLength(121);
    expect(await ada.ok('marketdata.import', { format: 'csv', content })).toMatchObject({ ok: true, imported: 121, replaced: 121 });
  });
});
