/**
 * Market-data tables, appended as one migration. Prices in 0.01 €/MWh, quantities in kW, times in ms
 * since the epoch (UTC).
 *
 * Candles and per-product figures are written in the same transaction as the cursor (the last
 * trade id folded in), so after a restart the service continues from the stored state and folds in
 * only the trades committed after that cursor.
 *
 * `md_day_ahead` was replaced by `md_prices` in a later migration (prices/migration.ts); this text
 * stays as released, since migrations are never edited.
 */
export const MARKETDATA_SCHEMA_SQL = `
  CREATE TABLE md_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE md_candles (
    source TEXT NOT NULL CHECK (source IN ('trades','feed')),
    product_id TEXT NOT NULL,
    resolution TEXT NOT NULL CHECK (resolution IN ('1m','5m','15m','30m','1h','1d')),
    start INTEGER NOT NULL,
    open INTEGER NOT NULL,
    high INTEGER NOT NULL,
    low INTEGER NOT NULL,
    close INTEGER NOT NULL,
    volume INTEGER NOT NULL CHECK (volume > 0),
    trades INTEGER NOT NULL CHECK (trades > 0),
    open_ts INTEGER NOT NULL,
    close_ts INTEGER NOT NULL,
    PRIMARY KEY (source, product_id, resolution, start)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE md_stats (
    source TEXT NOT NULL CHECK (source IN ('trades','feed')),
    product_id TEXT NOT NULL,
    first_price INTEGER NOT NULL,
    last_price INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    volume INTEGER NOT NULL,
    trades INTEGER NOT NULL,
    PRIMARY KEY (source, product_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE md_day_ahead (
    area TEXT NOT NULL,
    start INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min IN (15, 60)),
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (area, start, duration_min)
  ) STRICT, WITHOUT ROWID;

  CREATE INDEX trades_product ON trades(product_id, id);
`;
