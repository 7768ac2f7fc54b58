/**
 * Each trader's or operator's wallet, held in the core only.
 *
 * The secret (a BIP-39 phrase's entropy, or one private key) is stored only as an ethers scrypt
 * keystore under the user's wallet password, encrypted and decrypted in a worker thread. Unlocking
 * keeps the decrypted key in this process's memory until the wallet is locked by hand, goes idle
 * (`UnlockPolicy.idleMs` without signing, on the core's clock) or the terminal stops; nothing of it
 * is ever logged, answered or audited. A new phrase is shown once and held in memory until the user
 * types back the words asked for; only then is the wallet stored.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { getAddress, HDNodeWallet, isError, LangEn, Mnemonic, Wallet } from 'ethers';
import type { AccountView, PendingPhraseView, WalletStatusView } from '../../src-shared/contract/chain';
import { fail } from '../../src-shared/domain/errors';
import type { ChainRepo } from './chain-repo';
import { decryptKeystore, encryptKeystore, type KeystoreSecret } from './keystore';
import { afterWrongPassword, isIdle, lockedOutUntil, NO_ATTEMPTS, type Attempts, type UnlockPolicy } from './unlock-policy';

/** The account level of BIP-44 for Ethereum; account i is its child i. */
export const HD_BASE_PATH = "m/44'/60'/0'/0";
const PHRASE_WORDS = 12;
const ASKED_WORDS = 3;
const PENDING_MS = 10 * 60_000;
const PHRASE_LENGTHS = new Set([12, 15, 18, 21, 24]);

interface Pending {
  userId: number;
  phrase: string;
  ask: number[];
  expiresAt: number;
}

interface Unlocked {
  secret: KeystoreSecret;
  /** The mnemonic's account-level node, for deriving account keys; null for an imported key. */
  root: HDNodeWallet | null;
  lastUsed: number;
}

export interface WalletOptions {
  policy: UnlockPolicy;
  /** scrypt's cost for new keystores (ethers' default 2^17, about a second); tests may lower it. */
  scryptN: number;
}

/** A checksummed address, or the reason it is not one (the field named for the screen). */
export function checkedAddress(raw: string, field: string): string {
  try {
    return getAddress(raw);
  } catch (err) {
    if (isError(err, 'INVALID_ARGUMENT') && /checksum/i.test(err.shortMessage)) {
      fail('BAD_INPUT', `${field}: the address ${raw} has a wrong checksum (a mistyped letter's case?).`, { field, reason: 'ADDRESS_CHECKSUM', params: { field } });
    }
    return fail('BAD_INPUT', `${field}: ${raw} is not an address.`, { field, reason: 'ADDRESS_INVALID', params: { field } });
  }
}

/** The phrase's words, or the reason it is not a valid English BIP-39 phrase (never quoting a word). */
function checkedPhrase(raw: string): Mnemonic {
  const words = raw.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (!PHRASE_LENGTHS.has(words.length)) {
    fail('BAD_INPUT', `A recovery phrase has 12, 15, 18, 21 or 24 words, not ${words.length}.`, { field: 'secretPhrase', reason: 'MNEMONIC_LENGTH', params: { count: words.length } });
  }
  const list = LangEn.wordlist();
  const unknown = words.findIndex((w) => list.getWordIndex(w) < 0);
  if (unknown >= 0) fail('BAD_INPUT', `Word ${unknown + 1} of the phrase is not a BIP-39 word.`, { field: 'secretPhrase', reason: 'MNEMONIC_WORD', params: { position: unknown + 1 } });
  const phrase = words.join(' ');
  if (!Mnemonic.isValidMnemonic(phrase)) fail('BAD_INPUT', 'The recovery phrase fails its checksum: a word is wrong or out of order.', { field: 'secretPhrase', reason: 'MNEMONIC_CHECKSUM' });
  return Mnemonic.fromPhrase(phrase);
}

export class WalletService {
  private readonly pending = new Map<string, Pending>();
  private readonly unlocked = new Map<number, Unlocked>();
  private readonly attempts = new Map<number, Attempts>();
  /** Users whose unlock is decrypting now: a second one waits for nothing and is refused. */
  private readonly busy = new Set<number>();

  constructor(
    private readonly repo: ChainRepo,
    private readonly options: WalletOptions,
  ) {}

  status(userId: number, now: number): WalletStatusView {
    const wallet = this.repo.wallet(userId);
    const open = this.unlocked.get(userId);
    return {
      kind: wallet?.kind ?? null,
      unlocked: open !== undefined,
      idleLockAtMs: open ? open.lastUsed + this.options.policy.idleMs : null,
      lockedOutUntilMs: lockedOutUntil(this.attempts.get(userId) ?? NO_ATTEMPTS, now),
    };
  }

  private refuseSecondWallet(userId: number): void {
    if (this.repo.wallet(userId)) fail('CONFLICT', 'You have a wallet already; add accounts to it instead.', { reason: 'WALLET_EXISTS' });
  }

  /** A fresh phrase (128 bits of entropy from the OS), kept in memory until confirmed or expired. */
  create(userId: number, now: number): PendingPhraseView {
    this.refuseSecondWallet(userId);
    for (const [id, p] of this.pending) if (p.userId === userId || p.expiresAt <= now) this.pending.delete(id);
    const phrase = Mnemonic.fromEntropy(randomBytes(16)).phrase;
    const ask = new Set<number>();
    while (ask.size < ASKED_WORDS) ask.add(randomInt(PHRASE_WORDS));
    const pendingId = randomUUID();
    const entry = { userId, phrase, ask: [...ask].sort((a, b) => a - b), expiresAt: now + PENDING_MS };
    this.pending.set(pendingId, entry);
    return { pendingId, words: phrase.split(' '), ask: entry.ask, expiresAtMs: entry.expiresAt };
  }

  /** Checks the typed-back words; the phrase as confirmed, or a refusal naming nothing of it. */
  takeConfirmed(userId: number, pendingId: string, typed: ReadonlyArray<{ index: number; word: string }>, now: number): Mnemonic {
    const entry = this.pending.get(pendingId);
    if (!entry || entry.userId !== userId || entry.expiresAt <= now) {
      fail('NOT_FOUND', 'This recovery phrase is no longer waiting for confirmation; create the wallet again.', { reason: 'PHRASE_EXPIRED' });
    }
    const words = entry.phrase.split(' ');
    const given = new Map(typed.map((t) => [t.index, t.word]));
    const right = entry.ask.every((i) => given.get(i) === words[i]);
    if (!right || given.size !== entry.ask.length) {
      fail('BAD_INPUT', 'The words typed back do not match the phrase shown.', { field: 'secretWords', reason: 'PHRASE_WORDS_WRONG' });
    }
    this.pending.delete(pendingId);
    return Mnemonic.fromPhrase(entry.phrase);
  }

  /** Encrypts and stores a phrase's wallet with its first account; the caller commits the change. */
  async sealMnemonic(userId: number, mnemonic: Mnemonic, password: string): Promise<{ keystore: string; xpub: string; first: string }> {
    const root = HDNodeWallet.fromMnemonic(mnemonic, HD_BASE_PATH);
    const first = root.deriveChild(0);
    const keystore = await encryptKeystore(
      { address: first.address, privateKey: first.privateKey, mnemonic: { entropy: mnemonic.entropy, path: `${HD_BASE_PATH}/0` } },
      password,
      this.options.scryptN,
    );
    this.refuseSecondWallet(userId);
    return { keystore, xpub: root.neuter().extendedKey, first: first.address };
  }

  async sealKey(userId: number, privateKey: string, password: string): Promise<{ keystore: string; address: string }> {
    const hex = privateKey.startsWith('0x') ? privateKey : `0x${privateKey}`;
    let wallet: Wallet;
    try {
      if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new Error('shape');
      wallet = new Wallet(hex);
    } catch {
      return fail('BAD_INPUT', 'This is not a private key (64 hexadecimal digits within the curve order).', { field: 'privateKey', reason: 'PRIVATE_KEY_INVALID' });
    }
    const keystore = await encryptKeystore({ address: wallet.address, privateKey: wallet.privateKey, mnemonic: null }, password, this.options.scryptN);
    this.refuseSecondWallet(userId);
    return { keystore, address: wallet.address };
  }

  parsePhrase(raw: string): Mnemonic {
    return checkedPhrase(raw);
  }

  /** The address of the mnemonic's account `index`, from the stored public key alone. */
  deriveAddress(userId: number, index: number): string {
    const wallet = this.repo.wallet(userId);
    if (!wallet?.xpub) fail('CONFLICT', 'Only a wallet made from a recovery phrase has further accounts.', { reason: 'WALLET_NOT_HD' });
    return HDNodeWallet.fromExtendedKey(wallet.xpub).deriveChild(index).address;
  }

  /**
   * Decrypts the keystore (in the worker) and keeps it open. A wrong password is said to be wrong and
   * nothing more, and counts toward a short lockout.
   */
  async unlock(userId: number, password: string, now: number): Promise<void> {
    const wallet = this.repo.wallet(userId);
    if (!wallet) fail('NOT_FOUND', 'You have no wallet to unlock.', { reason: 'NO_WALLET' });
    const attempts = this.attempts.get(userId) ?? NO_ATTEMPTS;
    const until = lockedOutUntil(attempts, now);
    if (until !== null) fail('ACCOUNT_LOCKED', 'Too many wrong wallet passwords; try again later.', { reason: 'WALLET_LOCKED_OUT', params: { untilMs: until } });
    if (this.busy.has(userId)) fail('CONFLICT', 'The wallet is being unlocked already.', { reason: 'WALLET_UNLOCKING' });
    this.busy.add(userId);
    let secret: KeystoreSecret | 'wrong';
    try {
      secret = await decryptKeystore(wallet.keystore, password);
    } finally {
      this.busy.delete(userId);
    }
    if (secret === 'wrong') {
      this.attempts.set(userId, afterWrongPassword(attempts, now, this.options.policy));
      fail('INVALID_CREDENTIALS', 'The wallet password is wrong.', { field: 'password', reason: 'WALLET_PASSWORD_WRONG' });
    }
    this.attempts.delete(userId);
    const root = secret.mnemonic ? HDNodeWallet.fromMnemonic(Mnemonic.fromEntropy(secret.mnemonic.entropy), HD_BASE_PATH) : null;
    this.unlocked.set(userId, { secret, root, lastUsed: now });
  }

  /** True when it was unlocked. */
  lock(userId: number): boolean {
    return this.unlocked.delete(userId);
  }

  /** Locks every wallet idle by `now`; the users whose wallet it locked. */
  sweep(now: number): number[] {
    const locked: number[] = [];
    for (const [userId, open] of this.unlocked) {
      if (isIdle(open.lastUsed, now, this.options.policy)) {
        this.unlocked.delete(userId);
        locked.push(userId);
      }
    }
    return locked;
  }

  /**
   * The key of an account of a wallet its owner has unlocked, for the terminal's own upkeep (a stuck
   * settlement's replacement); null while it is locked. Unlike signingKey this is not the owner's
   * use: it never keeps the wallet from locking itself when idle.
   */
  unlockedKey(userId: number, account: AccountView, now: number): Wallet | null {
    const open = this.unlocked.get(userId);
    if (account.kind === 'watch' || !open || isIdle(open.lastUsed, now, this.options.policy)) return null;
    const key = account.kind === 'hd' && open.root ? open.root.deriveChild(account.hdIndex ?? 0).privateKey : open.secret.privateKey;
    const wallet = new Wallet(key);
    return wallet.address === account.address ? wallet : null;
  }

  /** The key of one of the user's own accounts, for signing now; signing counts as use. */
  signingKey(userId: number, account: AccountView, now: number): Wallet {
    if (account.kind === 'watch') fail('REJECTED', 'A watch-only address cannot sign.', { reason: 'WATCH_ONLY' });
    const open = this.unlocked.get(userId);
    if (!open || isIdle(open.lastUsed, now, this.options.policy)) {
      this.unlocked.delete(userId);
      fail('REJECTED', 'Unlock your wallet first.', { reason: 'WALLET_LOCKED' });
    }
    open.lastUsed = now;
    const key = account.kind === 'hd' && open.root ? open.root.deriveChild(account.hdIndex ?? 0).privateKey : open.secret.privateKey;
    const wallet = new Wallet(key);
    if (wallet.address !== account.address) fail('CONFLICT', 'This account does not belong to the unlocked wallet.', { reason: 'ACCOUNT_NOT_IN_WALLET' });
    return wallet;
  }
}
