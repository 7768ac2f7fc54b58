import type { Migration } from './migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-devices';
import { migration0003 } from './0003-marketdata';
import { migration0004 } from './0004-risk';
import { migration0005 } from './0005-trading-blocks-auctions';
import { migration0006 } from './0006-trades-aggressor';
import { migration0007 } from './0007-device-alert-actions';
import { migration0008 } from './0008-user-sites';
import { migration0009 } from './0009-one-price-store';
import { migration0010 } from './0010-audit-chain';
import { migration0011 } from './0011-auction-prices-and-drivers';
import { migration0012 } from './0012-alerts';
import { migration0013 } from './0013-chain';
import { migration0014 } from './0014-chain-settlement';
import { migration0015 } from './0015-blotter-details';
import { migration0016 } from './0016-auth-lifecycle';
import { migration0017 } from './0017-auth-2fa';
import { migration0018 } from './0018-auth-password-policy';
import { migration0019 } from './0019-sync';
import { migration0020 } from './0020-chain-trade-ids';
import { migration0021 } from './0021-terminal-settings';
import { migration0022 } from './0022-chain-metered';
import { migration0023 } from './0023-chain-catchup-fee-bump';
import { migration0024 } from './0024-market-rules-risk-defaults';
import { migration0025 } from './0025-updates';

export type { Migration, TableOwner } from './migration';

/**
 * The schema, one numbered, frozen file per step, owned by the store: domains do not hold
 * migration text (editing a domain constant would silently rewrite a released step). A change to
 * the schema is a new file appended here; `test/store/migrations.test.ts` pins every released step's
 * text by its hash.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
  migration0023,
  migration0024,
  migration0025,
];

MIGRATIONS.forEach((migration, index) => {
  if (migration.version !== index + 1) throw new Error(`Migration ${index + 1} is numbered ${migration.version}.`);
});

export const SCHEMA_VERSION = MIGRATIONS.length;
