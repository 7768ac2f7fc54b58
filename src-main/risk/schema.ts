/**
 * Risk tables, appended as one migration. Money in money units (0.00001 €), prices in 0.01 €/MWh,
 * times in ms since the epoch.
 *
 * Positions are not stored: they are a function of the trades table (FIFO replay at start), so a
 * stored copy could only disagree with it. What is stored is what trades cannot tell: limits,
 * cash movements, the fee schedule (with its history, so a replay charges each trade the fee in
 * force when it traded), portfolio membership, the desk kill flag and a reference price history.
 *
 * The price history table is no longer risk's: a later migration (marketdata/prices/migration.ts)
 * moved its rows into market data's one price table and dropped it. This text stays as released.
 */
export const RISK_SCHEMA_SQL = `
  CREATE TABLE risk_limits (
    scope TEXT NOT NULL CHECK (scope IN ('user','portfolio')),
    scope_id TEXT NOT NULL,
    limits TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (scope, scope_id)
  ) STRICT;

  CREATE TABLE risk_cash_moves (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('deposit','withdrawal')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    ts INTEGER NOT NULL,
    actor TEXT
  ) STRICT;
  CREATE INDEX risk_cash_moves_user ON risk_cash_moves(user_id, id);

  CREATE TABLE risk_fee_schedule (
    from_ts INTEGER PRIMARY KEY,
    fee_per_mwh INTEGER NOT NULL CHECK (fee_per_mwh >= 0)
  ) STRICT;

  CREATE TABLE risk_portfolio_members (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    portfolio TEXT NOT NULL
  ) STRICT;

  CREATE TABLE risk_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE risk_price_history (
    area TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min IN (15, 60)),
    price INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (area, start_ms, duration_min)
  ) STRICT, WITHOUT ROWID;
`;
