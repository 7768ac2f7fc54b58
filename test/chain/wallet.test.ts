import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet } from 'ethers';
import { EnergyToken__factory, PaymentToken__factory } from '../../src-main/chain/contracts';
import { openHarness, removeDir, withAdmin, withStore, withUser, type Client, type Harness } from '../helpers/core';
import { ANVIL_CHAIN_ID, ANVIL_MNEMONIC, startAnvil, type Anvil } from './helpers/anvil';
import { deployContracts, type Deployed } from './helpers/deploy';

/**
 * The wallet and the network settings through the real core, against a real anvil chain. Keystores
 * use a low scrypt cost here (the format and the worker are the same; only the work factor is less).
 */

const PASSWORD = 'wallet password 1';
const IDLE_MS = 60_000;
const LOCKOUT_MS = 30_000;

let anvil: Anvil;
let contracts: Deployed;
let harness: Harness;
let admin: Client;
let userCount = 0;

beforeAll(async () => {
  anvil = await startAnvil();
  contracts = await deployContracts(anvil, [anvil.signer(1).address]);
  harness = openHarness(undefined, undefined, { chain: { scryptN: 1_024, rpcTimeoutMs: 500, unlock: { idleMs: IDLE_MS, maxWrong: 3, lockoutMs: LOCKOUT_MS } } });
  admin = await withAdmin(harness);
}, 60_000);

afterAll(async () => {
  harness?.close();
  if (harness) removeDir(harness.dataDir);
  await anvil?.stop();
});

const networkInput = (over: Partial<Record<string, unknown>> = {}) => ({
  rpcUrl: anvil.url,
  chainId: ANVIL_CHAIN_ID,
  confirmations: 2,
  maxFeeGwei: 50,
  maxPriorityFeeGwei: 2,
  energyToken: contracts.energy,
  paymentToken: contracts.payment,
  settlement: contracts.settlement,
  ...over,
});

async function trader(role: 'trader' | 'operator' = 'trader'): Promise<Client> {
  return withUser(harness, admin, `${role}${++userCount}`, role);
}

/** A trader holding anvil's test mnemonic: its accounts 0 and 1 are anvil's funded ones. */
async function anvilTrader(): Promise<Client> {
  const client = await trader();
  await client.ok('chain.wallet.import', { kind: 'mnemonic', secretPhrase: ANVIL_MNEMONIC, password: PASSWORD, label: 'Main' });
  return client;
}

/** A checksummed address with every letter's case flipped: mixed case with a wrong checksum. */
function flipCase(address: string): string {
  return `0x${[...address.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')}`;
}

async function reasonOf(result: Promise<{ ok: boolean; error?: { code: string; reason?: string } }>): Promise<string> {
  const answer = await result;
  if (answer.ok) return 'ok';
  return `${answer.error?.code}:${answer.error?.reason ?? ''}`;
}

/** A local HTTP server playing a broken node. */
async function fakeNode(answer: ((res: ServerResponse) => void) | null): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => answer?.(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('creating a wallet', () => {
  it('shows a 12-word phrase once and stores the wallet only after the asked words come back right', async () => {
    const client = await trader();
    const pending = await client.ok('chain.wallet.create', {});
    expect(pending.words).toHaveLength(12);
    expect(new Set(pending.ask).size).toBe(3);
    const wrong = pending.ask.map((index) => ({ index, word: pending.words[(index + 1) % 12] === pending.words[index] ? 'zoo' : pending.words[(index + 1) % 12]! }));
    expect(await reasonOf(client.call('chain.wallet.confirm', { pendingId: pending.pendingId, secretWords: wrong, password: PASSWORD, label: 'Main' }))).toBe('BAD_INPUT:PHRASE_WORDS_WRONG');
    expect((await client.ok('chain.wallet.status', {})).kind).toBeNull();

    const right = pending.ask.map((index) => ({ index, word: pending.words[index]! }));
    const status = await client.ok('chain.wallet.confirm', { pendingId: pending.pendingId, secretWords: right, password: PASSWORD, label: 'Main' });
    expect(status).toMatchObject({ kind: 'mnemonic', unlocked: false });
    const [account] = await client.ok('chain.accounts.list', {});
    expect(account).toMatchObject({ kind: 'hd', hdIndex: 0, settlement: true, label: 'Main' });
    // The phrase is the one shown: its account 0 is the stored account.
    expect(account!.address).toBe(Wallet.fromPhrase(pending.words.join(' ')).address);
  });

  it('keeps the key only as an encrypted keystore and never writes the phrase or password to the audit trail', async () => {
    const client = await trader();
    const pending = await client.ok('chain.wallet.create', {});
    const secretWords = pending.ask.map((index) => ({ index, word: pending.words[index]! }));
    await client.ok('chain.wallet.confirm', { pendingId: pending.pendingId, secretWords, password: PASSWORD, label: 'Main' });
    // A refused import with a real key and phrase must not put them in the trail either.
    const key = Wallet.fromPhrase(pending.words.join(' ')).privateKey;
    await client.call('chain.wallet.import', { kind: 'key', privateKey: key, password: PASSWORD, label: 'Again' });
    await client.call('chain.wallet.import', { kind: 'mnemonic', secretPhrase: pending.words.join(' '), password: PASSWORD, label: 'Again' });
    harness.core.checkpoint();
    const { keystore, trail } = withStore(harness, (db) => ({
      keystore: db.prepare('SELECT keystore FROM chain_wallets ORDER BY created_at DESC LIMIT 1').pluck().get() as string,
      trail: (db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n'),
    }));
    // Sealed at rest by the terminal's key (keystore-at-rest.test.ts); inside is the password-encrypted keystore.
    expect(keystore.startsWith('enc:v1:')).toBe(true);
    const phrase = pending.words.join(' ');
    for (const secret of [phrase, key, key.slice(2), PASSWORD]) {
      expect(keystore.includes(secret)).toBe(false);
      expect(trail.includes(secret)).toBe(false);
    }
    // What is recorded is which account was made.
    expect(trail).toContain(Wallet.fromPhrase(phrase).address);
  });

  it('refuses a second wallet for the same user', async () => {
    const client = await anvilTrader();
    expect(await reasonOf(client.call('chain.wallet.create', {}))).toBe('CONFLICT:WALLET_EXISTS');
  });
});

describe('importing', () => {
  it('names a phrase with a bad checksum, an unknown word and a wrong length apart', async () => {
    const client = await trader();
    const imp = (secretPhrase: string) => reasonOf(client.call('chain.wallet.import', { kind: 'mnemonic', secretPhrase, password: PASSWORD, label: 'Main' }));
    expect(await imp('test test test test test test test test test test test test')).toBe('BAD_INPUT:MNEMONIC_CHECKSUM');
    expect(await imp('test test test test test test test test test test test junkk')).toBe('BAD_INPUT:MNEMONIC_WORD');
    expect(await imp('test test test junk')).toBe('BAD_INPUT:MNEMONIC_LENGTH');
    expect((await client.ok('chain.wallet.status', {})).kind).toBeNull();
  });

  it('derives the HD accounts of an imported phrase at m/44\'/60\'/0\'/0/i, further ones without unlocking', async () => {
    const client = await anvilTrader();
    const second = await client.ok('chain.accounts.add', { label: 'Second' });
    expect(second).toMatchObject({ hdIndex: 1, address: anvil.signer(1).address, settlement: false });
    const accounts = await client.ok('chain.accounts.list', {});
    expect(accounts.map((a) => a.address)).toEqual([anvil.signer(0).address, anvil.signer(1).address]);
  });

  it('imports a private key as one account, refuses a malformed one, and has no further HD accounts', async () => {
    const client = await trader();
    expect(await reasonOf(client.call('chain.wallet.import', { kind: 'key', privateKey: '0x1234', password: PASSWORD, label: 'Key' }))).toBe('BAD_INPUT:PRIVATE_KEY_INVALID');
    const key = anvil.signer(5);
    await client.ok('chain.wallet.import', { kind: 'key', privateKey: key.privateKey, password: PASSWORD, label: 'Key' });
    expect((await client.ok('chain.accounts.list', {}))[0]).toMatchObject({ kind: 'key', address: key.address, settlement: true });
    expect(await reasonOf(client.call('chain.accounts.add', { label: 'More' }))).toBe('CONFLICT:WALLET_NOT_HD');
  });

  it('adds a watch-only address, checksummed; refuses one with a bad checksum', async () => {
    const client = await trader();
    const address = anvil.signer(7).address;
    expect(await reasonOf(client.call('chain.accounts.watch', { address: flipCase(address), label: 'Bad' }))).toBe('BAD_INPUT:ADDRESS_CHECKSUM');
    const watched = await client.ok('chain.accounts.watch', { address: address.toLowerCase(), label: 'Neighbour' });
    expect(watched).toMatchObject({ kind: 'watch', address, settlement: true });
  });
});

describe('unlocking', () => {
  it('says only that a wrong password is wrong, and locks unlocking out after three', async () => {
    const client = await anvilTrader();
    const wrong = () => client.call('chain.wallet.unlock', { password: 'not the password' });
    const first = await wrong();
    expect(first).toEqual({ ok: false, error: { code: 'INVALID_CREDENTIALS', message: 'The wallet password is wrong.', field: 'password', reason: 'WALLET_PASSWORD_WRONG' } });
    await wrong();
    await wrong();
    // Locked out: even the right password is refused until the lockout ends.
    expect(await reasonOf(client.call('chain.wallet.unlock', { password: PASSWORD }))).toBe('ACCOUNT_LOCKED:WALLET_LOCKED_OUT');
    harness.clock.advance(LOCKOUT_MS);
    expect(await client.ok('chain.wallet.unlock', { password: PASSWORD })).toMatchObject({ unlocked: true });
  });

  it('locks an unlocked wallet that stays unused for the idle time, and tells the owner', async () => {
    const client = await anvilTrader();
    await client.ok('chain.wallet.unlock', { password: PASSWORD });
    harness.clock.advance(IDLE_MS - 1);
    await harness.core.tick('trading');
    expect((await client.ok('chain.wallet.status', {})).unlocked).toBe(true);
    harness.clock.advance(1);
    await harness.core.tick('trading');
    expect(client.eventsOf('chain.wallet').at(-1)).toMatchObject({ unlocked: false });
    expect(await reasonOf(client.call('chain.approve', { accountId: (await client.ok('chain.accounts.list', {}))[0]!.id }))).toBe('REJECTED:WALLET_LOCKED');
  });

  it('lets only traders and operators hold a wallet', async () => {
    const viewer = await withUser(harness, admin, `viewer${++userCount}`, 'viewer');
    expect(await reasonOf(viewer.call('chain.wallet.create', {}))).toBe('FORBIDDEN:');
    expect(await reasonOf(admin.call('chain.wallet.status', {}))).toBe('FORBIDDEN:');
    const operator = await trader('operator');
    expect(await reasonOf(operator.call('chain.wallet.status', {}))).toBe('ok');
  });
});

describe('network settings', () => {
  it('are an administrator\'s: a trader may not set them', async () => {
    const client = await trader();
    expect(await reasonOf(client.call('chain.network.set', networkInput()))).toBe('FORBIDDEN:');
  });

  it('refuse a chain id the node does not have, and a contract address with no code', async () => {
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ chainId: 1 })))).toBe('REJECTED:CHAIN_ID_MISMATCH');
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ settlement: anvil.signer(9).address })))).toBe('REJECTED:NO_CONTRACT_CODE');
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ energyToken: flipCase(contracts.energy) })))).toBe('BAD_INPUT:ADDRESS_CHECKSUM');
  });

  it('tell a node that is not there, one that answers garbage and one that never answers apart', async () => {
    const gone = await fakeNode(null);
    await gone.close();
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ rpcUrl: gone.url })))).toBe('REJECTED:RPC_UNREACHABLE');
    const garbage = await fakeNode((res) => res.end('<html>not a node</html>'));
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ rpcUrl: garbage.url })))).toBe('REJECTED:RPC_GARBAGE');
    await garbage.close();
    const silent = await fakeNode(null);
    expect(await reasonOf(admin.call('chain.network.set', networkInput({ rpcUrl: silent.url })))).toBe('REJECTED:RPC_TIMEOUT');
    await silent.close();
  });

  it('are stored once the node checks out, and audited without the URL\'s path', async () => {
    const view = await admin.ok('chain.network.set', networkInput({ rpcUrl: `${anvil.url}/?apikey=some-api-key` }));
    expect(view).toMatchObject({ chainId: ANVIL_CHAIN_ID, confirmations: 2, settlement: contracts.settlement });
    expect(await admin.ok('chain.network.get', {})).toMatchObject({ rpcUrl: `${anvil.url}/?apikey=some-api-key` });
    harness.core.checkpoint();
    const trail = withStore(harness, (db) => (db.prepare("SELECT payload FROM events WHERE type = 'chain.network.set'").pluck().all() as string[]).join('\n'));
    expect(trail).not.toContain('some-api-key');
    await admin.ok('chain.network.set', networkInput());
  });
});

describe('balances and signing', () => {
  it('reads the native coin, ETK and EUR token of every account from the chain', async () => {
    await admin.ok('chain.network.set', networkInput());
    const client = await anvilTrader();
    await client.ok('chain.accounts.add', { label: 'Second' });
    const view = await client.ok('chain.balances', {});
    expect(view).toMatchObject({ chainId: ANVIL_CHAIN_ID, energyDecimals: 3, paymentDecimals: 6 });
    const second = view.accounts[1]!;
    expect(second.address).toBe(anvil.signer(1).address);
    expect(second.energy).toBe('100000');
    expect(second.payment).toBe('1000000000');
    expect(second.native).toBe((await anvil.provider.getBalance(second.address)).toString());
    expect(view.accounts[0]!.energy).toBe('0');
  });

  it('signs the settlement approvals from an unlocked account, and refuses to sign once the node is on another chain', async () => {
    await admin.ok('chain.network.set', networkInput());
    const client = await anvilTrader();
    const account = await client.ok('chain.accounts.add', { label: 'Second' });
    await client.ok('chain.wallet.unlock', { password: PASSWORD });
    const { txHashes } = await client.ok('chain.approve', { accountId: account.id });
    expect(txHashes).toHaveLength(2);
    for (const hash of txHashes) expect((await anvil.provider.waitForTransaction(hash))?.status).toBe(1);
    const energy = EnergyToken__factory.connect(contracts.energy, anvil.provider);
    const payment = PaymentToken__factory.connect(contracts.payment, anvil.provider);
    expect(await energy.allowance(account.address, contracts.settlement)).toBe(2n ** 256n - 1n);
    expect(await payment.allowance(account.address, contracts.settlement)).toBe(2n ** 256n - 1n);

    const nonce = await anvil.provider.getTransactionCount(account.address);
    await anvil.provider.send('anvil_setChainId', [999]);
    try {
      expect(await reasonOf(client.call('chain.approve', { accountId: account.id }))).toBe('REJECTED:CHAIN_ID_MISMATCH');
      expect(await anvil.provider.getTransactionCount(account.address)).toBe(nonce);
    } finally {
      await anvil.provider.send('anvil_setChainId', [ANVIL_CHAIN_ID]);
    }
  });

  it('refuses to sign from a watch-only address', async () => {
    const client = await anvilTrader();
    await client.ok('chain.wallet.unlock', { password: PASSWORD });
    const watched = await client.ok('chain.accounts.watch', { address: anvil.signer(8).address, label: 'Watch' });
    expect(await reasonOf(client.call('chain.approve', { accountId: watched.id }))).toBe('REJECTED:WATCH_ONLY');
    expect(await reasonOf(client.call('chain.accounts.setSettlement', { accountId: watched.id }))).toBe('REJECTED:WATCH_ONLY');
  });
});
