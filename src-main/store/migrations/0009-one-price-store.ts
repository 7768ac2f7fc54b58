import type { Migration } from './migration';

/**
 * One table for imported day-ahead prices. Until this migration they were stored twice: by
 * `marketdata.import` in `md_day_ahead` and by `risk.history.import` in `risk_price_history`, and
 * the risk reader merged both. Every row of both tables moves here; where both held the same
 * interval, the newer import's price is kept. `md_day_ahead` has its import time on each row; a
 * risk row's import time is that of the latest `risk.history.import` entry in the event log whose
 * area and [from, to) cover it. On equal times the risk row is kept, as the old reader preferred it.
 *
 * Prices in 0.01 €/MWh, times in ms since the epoch (UTC). `format` is the file's format
 * (smard-csv, berlin-csv, entsoe-a44); md_day_ahead did not keep it, so its rows have none.
 * Risk imports accepted only EUR, so its rows are EUR.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0009: Migration = {
  version: 9,
  tables: { marketdata: ['md_prices'] },
  dropped: ['md_day_ahead', 'risk_price_history'],
  sql: `
  CREATE TABLE md_prices (
    area TEXT NOT NULL,
    start INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min IN (15, 60)),
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    format TEXT,
    source TEXT NOT NULL CHECK (source IN ('marketdata.import', 'risk.history.import')),
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (area, start, duration_min)
  ) STRICT, WITHOUT ROWID;

  INSERT INTO md_prices (area, start, duration_min, price, currency, format, source, imported_at)
    SELECT area, start, duration_min, price, currency, NULL, 'marketdata.import', imported_at FROM md_day_ahead;

  INSERT INTO md_prices (area, start, duration_min, price, currency, format, source, imported_at)
    SELECT h.area, h.start_ms, h.duration_min, h.price, 'EUR', h.source, 'risk.history.import',
      COALESCE(
        (SELECT MAX(e.ts) FROM events e
         WHERE e.type = 'risk.history.import'
           AND json_extract(e.payload, '$.area') = h.area
           AND h.start_ms >= json_extract(e.payload, '$.from')
           AND h.start_ms < json_extract(e.payload, '$.to')),
        0)
    FROM risk_price_history h
    WHERE true
    ON CONFLICT (area, start, duration_min) DO UPDATE SET
      price = excluded.price, currency = excluded.currency, format = excluded.format,
      source = excluded.source, imported_at = excluded.imported_at
    WHERE excluded.imported_at >= md_prices.imported_at;

  DROP TABLE md_day_ahead;
  DROP TABLE risk_price_history;
`,
};
