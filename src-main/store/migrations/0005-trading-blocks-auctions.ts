import type { Migration } from './migration';

/**
 * Block order legs and auction results. A block order keeps its one row in `orders` (product =
 * first leg, quantity = all legs together) so trades can name it; its legs are here. Every auction
 * the clock runs leaves one result row, written in the same transaction as the journaled auction
 * command, so a product's auction is never run twice.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0005: Migration = {
  version: 5,
  tables: { trading: ['order_legs', 'auction_results'] },
  sql: `
  CREATE TABLE order_legs (
    order_id INTEGER NOT NULL REFERENCES orders(id),
    leg INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    price INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    filled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, leg)
  ) STRICT;

  CREATE TABLE auction_results (
    id INTEGER PRIMARY KEY,
    product_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    price INTEGER,
    volume INTEGER NOT NULL,
    buy_volume INTEGER NOT NULL,
    sell_volume INTEGER NOT NULL,
    decided_by TEXT NOT NULL,
    trades INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX auction_results_product ON auction_results(product_id, id);
`,
};
