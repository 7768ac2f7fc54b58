import type { AccountKind, AccountView, NetworkInput, NetworkView, WalletKind } from '../../src-shared/contract/chain';
import type { Db } from '../store/database';
import { SecretBox } from '../store/secret-box';
import { withSecureDelete } from '../store/secure-rewrite';

/** The SecretBox purpose of a stored keystore: a sealed value of another kind never opens as one. */
const KEYSTORE = 'wallet keystore';

export interface WalletRow {
  userId: number;
  kind: WalletKind;
  keystore: string;
  xpub: string | null;
}

interface AccountRow {
  id: number;
  label: string;
  address: string;
  kind: AccountKind;
  hdIndex: number | null;
  settlement: number;
}

const toView = (row: AccountRow): AccountView => ({ ...row, settlement: row.settlement === 1 });

/**
 * The chain domain's tables: chain_wallets, chain_accounts, chain_network. A wallet's keystore is
 * encrypted under its owner's wallet password (scrypt) and, at rest, sealed again by the terminal's
 * SecretBox, whose key the desktop app keeps in the OS keychain where one is real: a copy of the
 * database alone gives a guesser nothing to work on. The wallet password still opens the keystore
 * on its own once unsealed, and the recovery phrase rebuilds it anywhere.
 */
export class ChainRepo {
  private readonly walletOf;
  private readonly insertWallet;
  private readonly accountsOf;
  private readonly accountById;
  private readonly insertAccount;
  private readonly maxHdIndex;
  private readonly clearSettlement;
  private readonly markSettlement;
  private readonly settlementOf;
  private readonly signersByAddress;
  private readonly networkRow;
  private readonly upsertNetwork;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {
    this.walletOf = db.prepare('SELECT user_id AS userId, kind, keystore, xpub FROM chain_wallets WHERE user_id = ?');
    this.insertWallet = db.prepare('INSERT INTO chain_wallets (user_id, kind, keystore, xpub, created_at) VALUES (?, ?, ?, ?, ?)');
    const columns = 'id, label, address, kind, hd_index AS hdIndex, settlement';
    this.accountsOf = db.prepare(`SELECT ${columns} FROM chain_accounts WHERE user_id = ? ORDER BY id`);
    this.accountById = db.prepare(`SELECT ${columns} FROM chain_accounts WHERE user_id = ? AND id = ?`);
    this.insertAccount = db.prepare(
      'INSERT INTO chain_accounts (user_id, label, address, kind, hd_index, settlement, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.maxHdIndex = db.prepare("SELECT MAX(hd_index) FROM chain_accounts WHERE user_id = ? AND kind = 'hd'").pluck();
    this.clearSettlement = db.prepare('UPDATE chain_accounts SET settlement = 0 WHERE user_id = ?');
    this.markSettlement = db.prepare('UPDATE chain_accounts SET settlement = 1 WHERE user_id = ? AND id = ?');
    this.settlementOf = db.prepare('SELECT address FROM chain_accounts WHERE user_id = ? AND settlement = 1').pluck();
    this.signersByAddress = db.prepare(`SELECT user_id AS userId, ${columns} FROM chain_accounts WHERE address = ? COLLATE NOCASE AND kind <> 'watch' ORDER BY id`);
    this.networkRow = db.prepare(
      `SELECT rpc_url AS rpcUrl, chain_id AS chainId, confirmations, max_fee_gwei AS maxFeeGwei, max_priority_fee_gwei AS maxPriorityFeeGwei,
              energy_token AS energyToken, payment_token AS paymentToken, settlement, updated_at AS updatedAt, updated_by AS updatedBy
         FROM chain_network WHERE id = 1`,
    );
    this.upsertNetwork = db.prepare(
      `INSERT INTO chain_network (id, rpc_url, chain_id, confirmations, max_fee_gwei, max_priority_fee_gwei, energy_token, payment_token, settlement, updated_at, updated_by)
       VALUES (1, @rpcUrl, @chainId, @confirmations, @maxFeeGwei, @maxPriorityFeeGwei, @energyToken, @paymentToken, @settlement, @updatedAt, @updatedBy)
       ON CONFLICT (id) DO UPDATE SET rpc_url = excluded.rpc_url, chain_id = excluded.chain_id, confirmations = excluded.confirmations,
         max_fee_gwei = excluded.max_fee_gwei, max_priority_fee_gwei = excluded.max_priority_fee_gwei, energy_token = excluded.energy_token,
         payment_token = excluded.payment_token, settlement = excluded.settlement, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.sealClearKeystores();
  }

  /** Keystores an older version stored as plain keystore JSON are sealed at start, over their old bytes. */
  private sealClearKeystores(): void {
    const rows = this.db.prepare('SELECT user_id AS userId, keystore FROM chain_wallets').all() as Array<{ userId: number; keystore: string }>;
    const clear = rows.filter((row) => !SecretBox.isSealed(row.keystore));
    if (clear.length === 0) return;
    const update = this.db.prepare('UPDATE chain_wallets SET keystore = ? WHERE user_id = ?');
    withSecureDelete(this.db, () => {
      for (const row of clear) update.run(this.secrets.seal(row.keystore, KEYSTORE), row.userId);
    });
  }

  wallet(userId: number): WalletRow | null {
    const row = this.walletOf.get(userId) as WalletRow | undefined;
    return row ? { ...row, keystore: this.secrets.open(row.keystore, KEYSTORE) } : null;
  }

  addWallet(row: WalletRow, now: number): void {
    this.insertWallet.run(row.userId, row.kind, this.secrets.seal(row.keystore, KEYSTORE), row.xpub, now);
  }

  accounts(userId: number): AccountView[] {
    return (this.accountsOf.all(userId) as AccountRow[]).map(toView);
  }

  account(userId: number, accountId: number): AccountView | null {
    const row = this.accountById.get(userId, accountId) as AccountRow | undefined;
    return row ? toView(row) : null;
  }

  /** The user's first account becomes the settlement account by itself. */
  addAccount(userId: number, account: { label: string; address: string; kind: AccountKind; hdIndex: number | null }, now: number): AccountView {
    const first = this.accounts(userId).length === 0;
    const id = (this.insertAccount.get(userId, account.label, account.address, account.kind, account.hdIndex, first ? 1 : 0, now) as { id: number }).id;
    return { id, ...account, settlement: first };
  }

  nextHdIndex(userId: number): number {
    const max = this.maxHdIndex.get(userId) as number | null;
    return max === null ? 0 : max + 1;
  }

  setSettlement(userId: number, accountId: number): void {
    this.clearSettlement.run(userId);
    this.markSettlement.run(userId, accountId);
  }

  /** The address a user's local-market trades settle from and to; null without one. */
  settlementAddress(userId: number): string | null {
    return (this.settlementOf.get(userId) as string | undefined) ?? null;
  }

  /** The accounts (with their owners) that can sign for `address`: a stuck batch's sender, to replace it. */
  signersOf(address: string): Array<{ userId: number; account: AccountView }> {
    return (this.signersByAddress.all(address) as Array<AccountRow & { userId: number }>).map(({ userId, ...row }) => ({ userId, account: toView(row) }));
  }

  network(): NetworkView | null {
    return (this.networkRow.get() as NetworkView | undefined) ?? null;
  }

  setNetwork(input: NetworkInput, now: number, by: string): NetworkView {
    const row = { ...input, updatedAt: now, updatedBy: by };
    this.upsertNetwork.run(row);
    return row;
  }
}
