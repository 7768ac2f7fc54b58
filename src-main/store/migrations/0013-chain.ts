import type { Migration } from './migration';

/** The chain domain's step; the one place its number is kept (the lead renumbers at merge). */
const VERSION = 13;

/**
 * The chain domain's wallets, accounts and network settings.
 *
 * `chain_wallets` holds one secret wallet per user, only as an ethers scrypt JSON keystore encrypted
 * under the user's wallet password (never the key in clear), and for a mnemonic the extended public
 * key of m/44'/60'/0'/0, so further accounts are derived without unlocking. `chain_accounts` are
 * the user's addresses: HD accounts of the mnemonic, the one account of an imported key, or
 * watch-only addresses. `chain_network` is the one network the terminal settles on.
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0013: Migration = {
  version: VERSION,
  tables: { chain: ['chain_wallets', 'chain_accounts', 'chain_network'] },
  sql: `
  CREATE TABLE chain_wallets (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mnemonic', 'key')),
    keystore TEXT NOT NULL,
    xpub TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE chain_accounts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    address TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hd', 'key', 'watch')),
    hd_index INTEGER,
    settlement INTEGER NOT NULL DEFAULT 0 CHECK (settlement IN (0, 1)),
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, address)
  ) STRICT;
  CREATE UNIQUE INDEX chain_accounts_one_settlement ON chain_accounts(user_id) WHERE settlement = 1;
  CREATE TABLE chain_network (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rpc_url TEXT NOT NULL,
    chain_id INTEGER NOT NULL,
    confirmations INTEGER NOT NULL,
    max_fee_gwei INTEGER NOT NULL,
    max_priority_fee_gwei INTEGER NOT NULL,
    energy_token TEXT,
    payment_token TEXT,
    settlement TEXT,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  ) STRICT;
  `,
};
