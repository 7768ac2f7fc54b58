import type { Migration } from './migration';

/** The market rules and risk defaults step; the one place its number is kept (the index requires version = position). */
const VERSION = 24;

/**
 * Two terminal-wide settings an administrator edits in the settings console.
 *
 * `trading_market_rules` is the history of each market area's rules (tick, lot, price band, largest
 * order, gate closure, opening hour): a row applies to the area's delivery days from `effective_from`
 * (yyyy-MM-dd on the area's clock) until a later row. A change may only start on a delivery day
 * whose products are not yet listed, so every listed product keeps the rules it opened with, and a
 * restart lists each day exactly as before. An area without a row trades by the built-in rules.
 *
 * `risk_defaults` holds the fat-finger thresholds and the limits a trader has when nothing is set
 * for them (their own guard, their book's limits): JSON objects parsed by the risk domain's
 * schemas on read, an empty object meaning the built-in defaults (guard) and no limits (limits).
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0024: Migration = {
  version: VERSION,
  tables: { trading: ['trading_market_rules'], risk: ['risk_defaults'] },
  sql: `
  CREATE TABLE trading_market_rules (
    area TEXT NOT NULL,
    effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    tick_size INTEGER NOT NULL CHECK (tick_size > 0),
    lot_size INTEGER NOT NULL CHECK (lot_size > 0),
    min_price INTEGER NOT NULL,
    max_price INTEGER NOT NULL CHECK (max_price > min_price),
    max_quantity INTEGER NOT NULL CHECK (max_quantity >= lot_size),
    gate_closure_minutes INTEGER NOT NULL CHECK (gate_closure_minutes >= 0),
    open_hour_day_before INTEGER NOT NULL CHECK (open_hour_day_before BETWEEN 0 AND 23),
    set_at INTEGER NOT NULL,
    set_by TEXT,
    PRIMARY KEY (area, effective_from)
  ) STRICT;

  CREATE TABLE risk_defaults (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    guard TEXT NOT NULL,
    limits TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;
  `,
};
