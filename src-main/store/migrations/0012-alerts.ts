import type { Migration } from './migration';

/** The alerts domain's step; the one place its number is kept (the lead renumbers at merge). */
const VERSION = 12;

/**
 * Each user's price alert rules and the alerts that fired for them, so both survive a reload and
 * follow the user to another browser. `alert_history.key` names one occurrence (a trade, an order's
 * end, a gate) so the same alert seen by two tabs is stored once; it is null for a price rule the core fired (once, by itself). Prices in 0.01 €/MWh; `params` is
 * the JSON of raw values the renderer words; times in ms since the epoch (UTC).
 *
 * Frozen once released: a change is a new numbered file.
 */
export const migration0012: Migration = {
  version: VERSION,
  tables: { alerts: ['alert_rules', 'alert_history'] },
  sql: `
  CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    product_id TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('above', 'below')),
    price INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX alert_rules_product ON alert_rules (product_id);
  CREATE INDEX alert_rules_user ON alert_rules (user_id);

  CREATE TABLE alert_history (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    key TEXT,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('price', 'fill', 'rejected', 'expired', 'gate')),
    code TEXT NOT NULL,
    params TEXT NOT NULL,
    UNIQUE (user_id, key)
  ) STRICT;
  CREATE INDEX alert_history_user_ts ON alert_history (user_id, id);
`,
};
