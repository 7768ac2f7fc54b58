import type { Migration } from './migration';

/**
 * The blotter keeps what happened to an order.
 *
 * `orders` gains what the blotter shows of an order beyond its price and quantity: the iceberg's peak
 * (`display_quantity`), whether it is all-or-none, and the parameters of its reason as JSON
 * (`reason_params`, e.g. the clearing price of the auction that left it unfilled), so the screen
 * words the reason in the user's language.
 *
 * `order_refusals` holds each user's most recent refused orders (the core keeps a bounded number per
 * user): what was asked, and the refusal's code, reason, parameters and field, never its English text.
 * `legs` is the number of products of a refused block order (0 for a single order), the first and
 * last of them `product_id` and `last_product_id`.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0015: Migration = {
  version: 15,
  tables: { trading: ['order_refusals'] },
  sql: `
  ALTER TABLE orders ADD COLUMN display_quantity INTEGER;
  ALTER TABLE orders ADD COLUMN all_or_none INTEGER NOT NULL DEFAULT 0 CHECK (all_or_none IN (0, 1));
  ALTER TABLE orders ADD COLUMN reason_params TEXT;

  CREATE TABLE order_refusals (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    ts INTEGER NOT NULL,
    client_order_id TEXT,
    product_id TEXT NOT NULL,
    last_product_id TEXT,
    legs INTEGER NOT NULL DEFAULT 0,
    side TEXT NOT NULL CHECK (side IN ('buy','sell')),
    type TEXT NOT NULL,
    time_in_force TEXT NOT NULL,
    price INTEGER,
    stop_price INTEGER,
    quantity INTEGER NOT NULL,
    display_quantity INTEGER,
    all_or_none INTEGER NOT NULL CHECK (all_or_none IN (0, 1)),
    code TEXT NOT NULL,
    reason TEXT,
    params TEXT,
    field TEXT
  ) STRICT;
  CREATE INDEX order_refusals_user ON order_refusals(user_id, id);
`,
};
