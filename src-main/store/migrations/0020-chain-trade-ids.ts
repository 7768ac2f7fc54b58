import type { Migration } from './migration';

/** The on-chain trade id step; the one place its number is kept (the index requires version = position). */
const VERSION = 20;

/**
 * Each queued settlement keeps the id its trade carries on chain (src-main/chain/trade-ids.ts: the
 * terminal's prefix and the local trade id, as a decimal string since it exceeds 2^53), so terminals
 * sharing one Settlement contract never collide. Trades queued before this step were sent, or may
 * already be settled, under their bare local id: they keep it, so the contract is asked about, and
 * never pays twice, the id it knows them by.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0020: Migration = {
  version: VERSION,
  tables: {},
  sql: `
  ALTER TABLE chain_settlements ADD COLUMN chain_trade_id TEXT NOT NULL DEFAULT '';
  UPDATE chain_settlements SET chain_trade_id = CAST(trade_id AS TEXT);
  CREATE UNIQUE INDEX chain_settlements_chain_trade_id ON chain_settlements(chain_trade_id);
  `,
};
