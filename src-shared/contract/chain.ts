import { z } from 'zod';
import type { Role } from '../domain/schemas';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event } from './kit';

/**
 * The chain domain: each trader's or operator's wallet (kept in the core only, as an encrypted
 * keystore under the user's wallet password), its accounts and their token balances, and the
 * administrator's network settings (RPC, chain id, confirmations, fee caps, contract addresses).
 *
 * Amounts cross the wire as decimal strings of integer base units (wei, ETK milli-units, EUR token
 * micro-units): they exceed what a JSON number holds exactly. Secret inputs are named so that the
 * router's refusal summary redacts them (`password`, `secretPhrase`, `secretWords`, `privateKey`).
 */

/** Who holds a wallet and may sign with it. */
export const WALLET_ROLES: readonly Role[] = ['trader', 'operator'];

export type WalletKind = 'mnemonic' | 'key';
export type AccountKind = 'hd' | 'key' | 'watch';

export interface WalletStatusView {
  /** null while the user has no wallet (watch-only addresses need none). */
  kind: WalletKind | null;
  unlocked: boolean;
  /** When an unused unlocked wallet locks itself again; null while locked. */
  idleLockAtMs: number | null;
  /** Until when unlocking is refused after too many wrong passwords; null when it is not. */
  lockedOutUntilMs: number | null;
}

export interface AccountView {
  id: number;
  label: string;
  /** EIP-55 checksummed. */
  address: string;
  kind: AccountKind;
  /** The HD index under m/44'/60'/0'/0 for a mnemonic's accounts, else null. */
  hdIndex: number | null;
  /** The account the user's local-market trades settle from and to. */
  settlement: boolean;
}

/** A freshly generated phrase, shown once; the wallet exists only after `chain.wallet.confirm`. */
export interface PendingPhraseView {
  pendingId: string;
  words: string[];
  /** The positions (0-based) of the words the user is asked to type back. */
  ask: number[];
  expiresAtMs: number;
}

export interface AccountBalanceView {
  accountId: number;
  address: string;
  /** Native coin, wei. */
  native: string;
  /** Energy token (ETK), milli-units (Wh); null when no energy token is configured. */
  energy: string | null;
  /** Payment token, micro-units; null when none is configured. */
  payment: string | null;
}

export interface BalancesView {
  chainId: number;
  /** Decimals of the tokens as the contracts state them, for formatting. */
  energyDecimals: number;
  paymentDecimals: number;
  paymentSymbol: string;
  accounts: AccountBalanceView[];
}

export interface NetworkView {
  rpcUrl: string;
  chainId: number;
  confirmations: number;
  /** EIP-1559 caps, in gwei. */
  maxFeeGwei: number;
  maxPriorityFeeGwei: number;
  energyToken: string | null;
  paymentToken: string | null;
  settlement: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

export type SettlementStatus = 'queued' | 'pending' | 'mined' | 'confirmed' | 'failed';

export interface SettlementBatchView {
  id: number;
  txHash: string;
  status: 'sent' | 'mined' | 'confirmed' | 'failed';
  blockNumber: number | null;
  /** A failed batch's decoded revert (e.g. "TradeAlreadySettled(12)"). */
  error: string | null;
  createdAt: number;
  trades: number;
}

/**
 * The catch-up with the settlement contract's events: blocks `fromBlock` to `toBlock` (the head less
 * the confirmations) are read, up to `scannedTo` so far. Null before the first one.
 */
export interface CatchUpView {
  fromBlock: number;
  toBlock: number;
  scannedTo: number;
  running: boolean;
}

export interface SettlementQueueView {
  counts: Record<SettlementStatus, number>;
  /** The newest batches, newest first. */
  batches: SettlementBatchView[];
  catchUp: CatchUpView | null;
}

export interface SettlementRunView {
  /** The batches this run signed and sent. */
  sent: Array<{ batchId: number; txHash: string; trades: number }>;
  /** Trades found settled on chain already: marked settled, not sent again. */
  alreadySettled: number[];
  /** Trades left queued because a side has no settlement account. */
  waitingForAccount: number;
  /** Trades held back before sending: a side lacks the tokens or the allowance (their settlement's `error` names which, with the figures). */
  shortOfFunds: number[];
}

/**
 * One local-market trade's settlement, for the blotter: queued (waiting for a batch; `error` then
 * names why the last try did not settle it, e.g. a revert code or a short balance), pending (in a
 * sent batch), mined (in a block, not yet deep enough), confirmed (settled), failed.
 */
export interface TradeSettlementView {
  tradeId: number;
  status: SettlementStatus;
  /** The batch transaction carrying it, once it is in one. */
  txHash: string | null;
  blockNumber: number | null;
  /** A code, never prose: a decoded revert ("ERC20InsufficientAllowance(0x…, 0, 100000)"), "replaced", or a pre-check's code. */
  error: string | null;
}

/**
 * Metered settlement on chain: each site's net energy of a settled interval (the devices domain's
 * records) is minted (net export) or burnt (net import) as energy tokens for the site owner's
 * settlement account, once per interval id.
 */
export type MeteredStatus = 'queued' | 'pending' | 'mined' | 'confirmed';

/**
 * Why an interval is still queued, or how it ended; the screens word each code with its params.
 * NO_SITE_OWNER / SEVERAL_SITE_OWNERS: no one, or more than one user, is assigned to the site;
 * NO_SETTLEMENT_ACCOUNT: the owner has no settlement account; INSUFFICIENT_ENERGY: a burn needs
 * more tokens than the owner holds ({need}, {have}); REVERTS: the token refuses it ({error});
 * REPLACED: another transaction took its nonce; SETTLED_BEFORE: the chain had the interval already.
 */
export type MeteredReason = 'NO_SITE_OWNER' | 'SEVERAL_SITE_OWNERS' | 'NO_SETTLEMENT_ACCOUNT' | 'INSUFFICIENT_ENERGY' | 'REVERTS' | 'REPLACED' | 'SETTLED_BEFORE';

export interface MeteredIntervalView {
  /** The bytes32 the energy token records the interval under. */
  intervalId: string;
  site: string;
  intervalStart: number;
  intervalEnd: number;
  /** Wh (= ETK milli-units): positive is minted, negative burnt. */
  netWh: number;
  action: 'mint' | 'burn';
  status: MeteredStatus;
  ownerAddress: string | null;
  txHash: string | null;
  blockNumber: number | null;
  reason: MeteredReason | null;
  reasonParams: Record<string, string | number> | null;
  updatedAt: number;
}

export interface MeteredQueueView {
  counts: Record<MeteredStatus, number>;
  /** The newest intervals, newest first. */
  intervals: MeteredIntervalView[];
}

export interface MeteredRunView {
  sent: Array<{ intervalId: string; txHash: string; action: 'mint' | 'burn' }>;
  /** Intervals the chain had settled already: marked confirmed, nothing sent. */
  settledBefore: number;
  /** Intervals left queued (see their reason). */
  waiting: number;
}

const empty = z.object({}).strict();
const Password = z.string().min(8).max(256);
const Label = z.string().trim().min(1).max(40);
/** Checked for its EIP-55 checksum by the core, which names a bad one. */
const Address = z.string().trim().regex(/^0x[0-9a-fA-F]{40}$/);
const OptionalAddress = Address.nullable();
const AccountId = z.number().int().positive();

export const NetworkInputSchema = z
  .object({
    rpcUrl: z.url({ protocol: /^https?$/ }).max(512),
    chainId: z.number().int().positive().max(2 ** 48),
    confirmations: z.number().int().min(0).max(1_000),
    maxFeeGwei: z.number().int().min(1).max(100_000),
    maxPriorityFeeGwei: z.number().int().min(0).max(100_000),
    energyToken: OptionalAddress,
    paymentToken: OptionalAddress,
    settlement: OptionalAddress,
  })
  .strict();
export type NetworkInput = z.infer<typeof NetworkInputSchema>;

const access = WALLET_ROLES;

/** The metered queue's calls, joined into chainCalls. */
const meteredCalls = {
  /** The metered intervals' queue for minting and burning, and its newest intervals. */
  'chain.metered.status': call<MeteredQueueView>()({ input: empty, access: 'session', mutates: false }),
  /**
   * Signs and sends queued intervals in order, one mint or burn each, from the caller's settlement
   * account (which needs the energy token's settler role and an unlocked wallet).
   */
  'chain.metered.run': call<MeteredRunView>()({ input: z.object({ max: z.number().int().min(1).max(500).default(100) }).strict(), access: WALLET_ROLES, mutates: true }),
  /** Follows the sent intervals now (mined, confirmed, reorged, replaced), as the core's timer does. */
  'chain.metered.track': call<MeteredQueueView>()({ input: empty, access: WALLET_ROLES, mutates: true }),
} as const;

export const chainCalls = defineCalls('chain', {
  ...meteredCalls,
  'chain.wallet.status': call<WalletStatusView>()({ input: empty, access, mutates: false }),
  /** Generates a 12-word phrase held in memory until confirmed; nothing is stored yet. */
  'chain.wallet.create': call<PendingPhraseView>()({ input: empty, access, mutates: true }),
  /** The asked words typed back; stores the wallet encrypted under `password` and its first account. */
  'chain.wallet.confirm': call<WalletStatusView>()({
    input: z
      .object({
        pendingId: z.string().min(1).max(64),
        secretWords: z.array(z.object({ index: z.number().int().min(0).max(23), word: z.string().trim().toLowerCase().max(16) }).strict()).min(1).max(24),
        password: Password,
        label: Label,
      })
      .strict(),
    access,
    mutates: true,
  }),
  'chain.wallet.import': call<WalletStatusView>()({
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('mnemonic'), secretPhrase: z.string().max(400), password: Password, label: Label }).strict(),
      z.object({ kind: z.literal('key'), privateKey: z.string().trim().max(80), password: Password, label: Label }).strict(),
    ]),
    access,
    mutates: true,
  }),
  'chain.wallet.unlock': call<WalletStatusView>()({ input: z.object({ password: z.string().max(256) }).strict(), access, mutates: true }),
  'chain.wallet.lock': call<WalletStatusView>()({ input: empty, access, mutates: true }),
  'chain.accounts.list': call<AccountView[]>()({ input: empty, access, mutates: false }),
  /** The mnemonic's next HD account (derived from its public key: no unlock needed). */
  'chain.accounts.add': call<AccountView>()({ input: z.object({ label: Label }).strict(), access, mutates: true }),
  'chain.accounts.watch': call<AccountView>()({ input: z.object({ address: Address, label: Label }).strict(), access, mutates: true }),
  'chain.accounts.setSettlement': call<AccountView[]>()({ input: z.object({ accountId: AccountId }).strict(), access, mutates: true }),
  'chain.balances': call<BalancesView>()({ input: empty, access, mutates: false }),
  /**
   * Signs and sends, from one of the caller's own accounts, the two approvals that let the
   * settlement contract move its energy and payment tokens. Needs the unlocked wallet.
   */
  'chain.approve': call<{ txHashes: string[] }>()({ input: z.object({ accountId: AccountId }).strict(), access, mutates: true }),
  /** The queue of local-market trades for on-chain settlement, and its latest batches. */
  'chain.settlement.status': call<SettlementQueueView>()({ input: empty, access: 'session', mutates: false }),
  /**
   * Sends queued trades in batches (one Settlement transaction each), signed by the caller's
   * settlement account, which needs the contract's settler role and an unlocked wallet.
   */
  'chain.settlement.run': call<SettlementRunView>()({
    input: z.object({ batchSize: z.number().int().min(1).max(200).default(100), maxBatches: z.number().int().min(1).max(100).default(10) }).strict(),
    access,
    mutates: true,
  }),
  /** The settlement of the caller's own local-market trades among `tradeIds`; others' and unqueued ones are left out. */
  'chain.settlement.trades': call<TradeSettlementView[]>()({
    input: z.object({ tradeIds: z.array(z.number().int().positive()).max(1_000) }).strict(),
    access: 'session',
    mutates: false,
  }),
  /** Follows the open batches now (mined, confirmed, failed, or dropped by a reorg), as the core's timer does. */
  'chain.settlement.track': call<SettlementQueueView>()({ input: empty, access, mutates: true }),
  'chain.network.get': call<NetworkView | null>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** Checked against the node before it is stored: its chain id, and code at every contract address. */
  'chain.network.set': call<NetworkView>()({ input: NetworkInputSchema, access: ADMIN_ROLES, mutates: true }),
});

export const chainEvents = defineEvents('chain', {
  /** The owner's wallet changed state (unlocked, locked by hand or by idle time, created). */
  'chain.wallet': event<WalletStatusView>(),
  /** Settlement of trades changed (queued, sent, mined, settled, failed, back after a reorg): to the trades' seller and buyer. */
  'chain.settlement.changed': event<{ trades: TradeSettlementView[] }>(),
  /** The settlement queue's counts and batches after any change, to everyone who may run settlement (no trade's parties in it). */
  'chain.settlement.queue': event<SettlementQueueView>(),
  /** The catch-up's progress, while it is more than a thousand blocks behind: to everyone signed in. */
  'chain.settlement.catchUp': event<CatchUpView>(),
});
