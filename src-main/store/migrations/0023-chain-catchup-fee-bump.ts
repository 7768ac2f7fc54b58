import type { Migration } from './migration';

/** The chain catch-up and fee bump step; the one place its number is kept (the index requires version = position). */
const VERSION = 23;

/**
 * Following the Settlement contract's events, and replacing stuck settlement transactions.
 *
 * `chain_event_cursor` is, per settlement contract address, the last block whose `TradeSettled`
 * logs have been read: on start and on each tracking pass the terminal reads on from there, so a
 * trade settled while it was down (it crashed after sending, or another terminal's queue sent it)
 * is marked settled without being sent again. The settled transaction and block of such a trade are
 * kept on its row (`settled_tx`, `settled_block`): it may belong to no batch this terminal knows.
 *
 * `chain_batch_txs` is every transaction signed for a batch: the first, and each replacement with
 * the same nonce and higher fees sent when it was stuck. One of them at most is mined; the others
 * are `replaced` (with the hash that replaced them, or none when a transaction that is not ours
 * took the nonce). `sent_block` is the head when it was sent (null for the batches sent before this
 * step), `sent_at` the time: together they say when a transaction counts as stuck. The batch row
 * keeps the hash and bytes of the transaction that is current (or won).
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0023: Migration = {
  version: VERSION,
  tables: { chain: ['chain_event_cursor', 'chain_batch_txs'] },
  sql: `
  CREATE TABLE chain_event_cursor (
    settlement TEXT PRIMARY KEY,
    last_block INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE chain_batch_txs (
    tx_hash TEXT PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES chain_batches(id),
    raw_tx TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'mined', 'replaced')),
    replaced_by TEXT,
    sent_at INTEGER NOT NULL,
    sent_block INTEGER
  ) STRICT;
  CREATE INDEX chain_batch_txs_batch ON chain_batch_txs(batch_id);
  INSERT INTO chain_batch_txs (tx_hash, batch_id, raw_tx, status, sent_at)
    SELECT tx_hash, id, raw_tx, CASE status WHEN 'sent' THEN 'sent' ELSE 'mined' END, created_at FROM chain_batches WHERE status IN ('sent', 'mined');
  ALTER TABLE chain_settlements ADD COLUMN settled_tx TEXT;
  ALTER TABLE chain_settlements ADD COLUMN settled_block INTEGER;
  `,
};
