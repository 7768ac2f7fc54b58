import { DEVICES_SCHEMA_SQL } from '../devices/schema';
import { PRICES_MIGRATION_SQL } from '../marketdata/prices/migration';
import { MARKETDATA_SCHEMA_SQL } from '../marketdata/schema';
import { RISK_SCHEMA_SQL } from '../risk/schema';
import { TRADING_SCHEMA_SQL } from '../trading/schema';

/**
 * Versioned schema. Each entry moves the database from version (index) to (index + 1); entries are
 * never edited once released — a change is a new entry — so every install reaches the same schema.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  -- The single log of state changes: audit trail, engine journal and sync source.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    actor TEXT,
    type TEXT NOT NULL,
    payload TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_type ON events(type, seq);

  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer','trader','operator','risk_manager','admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE prefs (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
  ) STRICT;

  CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    client_order_id TEXT,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    product_id TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('buy','sell')),
    type TEXT NOT NULL,
    time_in_force TEXT NOT NULL,
    price INTEGER,
    stop_price INTEGER,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    filled INTEGER NOT NULL DEFAULT 0,
    remaining INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner_id, client_order_id)
  ) STRICT;
  CREATE INDEX orders_owner ON orders(owner_id, id);

  CREATE TABLE trades (
    id INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL,
    price INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    ts INTEGER NOT NULL,
    buy_order_id INTEGER NOT NULL REFERENCES orders(id),
    sell_order_id INTEGER NOT NULL REFERENCES orders(id),
    buyer_id INTEGER NOT NULL,
    seller_id INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX trades_buyer ON trades(buyer_id, id);
  CREATE INDEX trades_seller ON trades(seller_id, id);

  CREATE TABLE engine_snapshots (
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    state TEXT NOT NULL
  ) STRICT;
  `,
  DEVICES_SCHEMA_SQL,
  MARKETDATA_SCHEMA_SQL,
  RISK_SCHEMA_SQL,
  TRADING_SCHEMA_SQL,
  // Time & sales shows which side crossed the spread; auction fills have none.
  `ALTER TABLE trades ADD COLUMN aggressor TEXT CHECK (aggressor IN ('buy','sell'));`,
  // Operators acknowledge and clear device alerts by hand; cleared_by NULL = the condition ended.
  `
  ALTER TABLE device_alerts ADD COLUMN acknowledged_at INTEGER;
  ALTER TABLE device_alerts ADD COLUMN acknowledged_by TEXT;
  ALTER TABLE device_alerts ADD COLUMN note TEXT;
  ALTER TABLE device_alerts ADD COLUMN cleared_by TEXT;
  `,
  // The site whose batteries back a user's local-market sells; no row = the user has no site.
  `
  CREATE TABLE user_sites (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    site TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;
  CREATE INDEX user_sites_site ON user_sites(site);
  `,
  // Day-ahead prices in one table, market data's, instead of one per importing domain.
  PRICES_MIGRATION_SQL,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
