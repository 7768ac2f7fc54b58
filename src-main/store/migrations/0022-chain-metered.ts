import type { Migration } from './migration';

/** The metered settlement step; the one place its number is kept (the index requires version = position). */
const VERSION = 22;

/**
 * The chain domain's queue of metered intervals to mint or burn.
 *
 * `chain_metered_cursor` is the last devices settlement record (its sequence number) taken into the
 * queue: the records are the devices domain's, so after a restart the queue picks up from here.
 * `chain_metered` is one row per site and interval, keyed by the interval id the energy token
 * records on chain (a second mint or burn of an id reverts). A row's transaction is signed and
 * stored, with its raw bytes, before it is broadcast, so a crash between the two only means the
 * same bytes go out again, never a second transaction for the same interval. `reason` is a code the
 * screens word (with `reason_params`), never English text.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0022: Migration = {
  version: VERSION,
  tables: { chain: ['chain_metered_cursor', 'chain_metered'] },
  sql: `
  CREATE TABLE chain_metered_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE chain_metered (
    interval_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    site TEXT NOT NULL,
    interval_start INTEGER NOT NULL,
    interval_end INTEGER NOT NULL,
    net_wh INTEGER NOT NULL CHECK (net_wh <> 0),
    status TEXT NOT NULL CHECK (status IN ('queued', 'pending', 'mined', 'confirmed')),
    owner_address TEXT,
    tx_hash TEXT UNIQUE,
    raw_tx TEXT,
    sender TEXT,
    nonce INTEGER,
    block_number INTEGER,
    reason TEXT,
    reason_params TEXT,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX chain_metered_status ON chain_metered(status, seq);
  `,
};
