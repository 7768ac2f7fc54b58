import type { Migration } from './migration';

/** The settlement queue's step; the one place its number is kept (the lead renumbers at merge). */
const VERSION = 14;

/**
 * The on-chain settlement queue of local-market trades.
 *
 * `chain_settlement_cursor` is the last trade id taken into the queue: trades are the trading
 * domain's and stay in its store, so after a restart the queue picks up from here and loses none.
 * `chain_settlements` is each queued trade's state; `chain_batches` each settlement transaction,
 * signed and stored (with its raw bytes) before it is broadcast, so a crash between the two only
 * means the same transaction is broadcast again, never a second one for the same trades.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0014: Migration = {
  version: VERSION,
  tables: { chain: ['chain_settlement_cursor', 'chain_batches', 'chain_settlements'] },
  sql: `
  CREATE TABLE chain_settlement_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_trade_id INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE chain_batches (
    id INTEGER PRIMARY KEY,
    tx_hash TEXT NOT NULL UNIQUE,
    raw_tx TEXT NOT NULL,
    sender TEXT NOT NULL,
    nonce INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'mined', 'confirmed', 'failed')),
    block_number INTEGER,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE chain_settlements (
    trade_id INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL,
    seller_id INTEGER NOT NULL,
    buyer_id INTEGER NOT NULL,
    energy_wh INTEGER NOT NULL,
    payment_units INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'pending', 'mined', 'confirmed', 'failed')),
    batch_id INTEGER REFERENCES chain_batches(id),
    error TEXT,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX chain_settlements_status ON chain_settlements(status, trade_id);
  CREATE INDEX chain_settlements_batch ON chain_settlements(batch_id);
  `,
};
