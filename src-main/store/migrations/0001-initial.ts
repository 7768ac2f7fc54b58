import type { Migration } from './migration';

/**
 * The spine: metadata, the one event log, users and sessions, preferences, orders, trades and
 * engine snapshots.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0001: Migration = {
  version: 1,
  tables: { store: ['meta', 'events'], auth: ['users', 'sessions'], prefs: ['prefs'], trading: ['orders', 'trades', 'engine_snapshots'] },
  sql: `
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
};
