/**
 * The chain domain: wallets (wallet-service.ts), the network and what is read from or sent to it
 * (network-service.ts). Every change is audited with who and what, never with key material: the
 * entries name accounts by id and address, and transactions by hash.
 */
import type { WalletStatusView } from '../../src-shared/contract/chain';
import { fail } from '../../src-shared/domain/errors';
import type { CallContext, Caller } from '../api/context';
import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { TradingPort } from '../trading';
import type { DeliveryPort } from '../delivery';
import type { DevicesPort } from '../devices';
import { ChainRepo } from './chain-repo';
import { MeteredRepo } from './metered-repo';
import { MeteredService } from './metered-service';
import { NetworkService } from './network-service';
import { SettlementRepo } from './settlement-repo';
import { DEFAULT_FEE_BUMP, type FeeBumpPolicy } from './fee-bump';
import { SettlementService, type Commit, type KeyFor } from './settlement-service';
import { terminalPrefix } from './trade-ids';
import { DEFAULT_UNLOCK_POLICY, type UnlockPolicy } from './unlock-policy';
import { checkedAddress, WalletService } from './wallet-service';
import type { SecretBox } from '../store/secret-box';

export interface ChainOptions {
  unlock: UnlockPolicy;
  /** scrypt's N for new keystores: ethers' default 2^17 (about a second); tests lower it. */
  scryptN: number;
  /** How long the node has to answer one request. */
  rpcTimeoutMs: number;
  /** When an unmined settlement transaction counts as stuck and is replaced with higher fees. */
  feeBump: FeeBumpPolicy;
  /** How often the timer catches up with the settlement contract's events while no batch is open (open ones are tracked, and caught up, on every tick). */
  catchUpEveryMs: number;
}

export const DEFAULT_CHAIN_OPTIONS: ChainOptions = { unlock: DEFAULT_UNLOCK_POLICY, scryptN: 131_072, rpcTimeoutMs: 10_000, feeBump: DEFAULT_FEE_BUMP, catchUpEveryMs: 15_000 };

export interface Chain {
  domain: Domain<'chain'>;
  /** Whether the settlement network's node answers on its chain id, for the health screen. */
  reachability(timeoutMs: number): Promise<'unset' | 'reachable' | 'unreachable'>;
}

export function createChain(deps: {
  db: Db;
  /** Seals the wallets' keystores at rest (see ChainRepo). */
  secrets: SecretBox;
  recorder: Recorder;
  clock: Clock;
  trading: TradingPort;
  /** This terminal's id: its trades' on-chain ids carry it, so terminals sharing a contract never collide. */
  terminalId: string;
  /** The sites' metered energy per interval, and who owns each site: the metered mints and burns. */
  devices: Pick<DevicesPort, 'meteredAfter'>;
  delivery: DeliveryPort;
  options?: Partial<ChainOptions>;
}): Chain {
  const options = { ...DEFAULT_CHAIN_OPTIONS, ...deps.options };
  const repo = new ChainRepo(deps.db, deps.secrets);
  const wallets = new WalletService(repo, { policy: options.unlock, scryptN: options.scryptN });
  const network = new NetworkService(repo, options.rpcTimeoutMs);
  const settlementRepo = new SettlementRepo(deps.db);
  const settlement = new SettlementService(settlementRepo, repo, network, deps.trading, options.rpcTimeoutMs, terminalPrefix(deps.terminalId), options.feeBump);
  const metered = new MeteredService(new MeteredRepo(deps.db), repo, settlementRepo, network, deps.devices, deps.delivery, options.rpcTimeoutMs);
  /** Background work (the queue's intake, tracking on the timer) is recorded as the system's. */
  const systemCommit =
    (now: number): Commit =>
    (change) =>
      deps.recorder.commit(now, 'system', change);

  /**
   * For the timer's tracking: the key of a wallet its owner has unlocked that can sign for a stuck
   * batch's sender, to replace its transaction; none while every such wallet is locked.
   */
  const upkeepKey =
    (now: number): KeyFor =>
    (sender) => {
      for (const { userId, account } of repo.signersOf(sender)) {
        const key = wallets.unlockedKey(userId, account, now);
        if (key) return key;
      }
      return null;
    };
  /** For the caller's own tracking: the caller's key when it is the sender's and unlocked. */
  const callerKey =
    (ctx: CallContext<Caller>): KeyFor =>
    (sender) => {
      const account = repo.accounts(ctx.caller.userId).find((a) => a.kind !== 'watch' && a.address.toLowerCase() === sender.toLowerCase());
      return account ? wallets.unlockedKey(ctx.caller.userId, account, ctx.now) : null;
    };
  let lastCatchUpAt = Number.NEGATIVE_INFINITY;

  /** The caller's settlement account's key: it signs the batches and the metered mints and burns. */
  const settlementKey = (ctx: CallContext<Caller>) => {
    const sender = repo.accounts(ctx.caller.userId).find((a) => a.settlement);
    if (!sender) fail('REJECTED', 'You have no settlement account to sign with.', { reason: 'NO_SETTLEMENT_ACCOUNT' });
    return wallets.signingKey(ctx.caller.userId, sender, ctx.now);
  };

  /** The caller's own account `accountId`; another user's is as absent as a missing one. */
  const ownAccount = (caller: Caller, accountId: number) => {
    const account = repo.account(caller.userId, accountId);
    if (!account) fail('NOT_FOUND', `You have no account ${accountId}.`, { field: 'accountId', reason: 'NO_SUCH_ACCOUNT', params: { accountId } });
    return account;
  };

  /** Records a wallet change and tells the owner's other windows the new state. */
  const walletChanged = (ctx: CallContext<Caller>, type: string, facts: Record<string, unknown>): WalletStatusView =>
    ctx.commit((log, publish) => {
      log(type, facts);
      const status = wallets.status(ctx.caller.userId, ctx.now);
      publish('chain.wallet', status, { userIds: [ctx.caller.userId] });
      return status;
    });

  const domain = defineDomain('chain', {
    handlers: {
      'chain.wallet.status': (_input, ctx) => wallets.status(ctx.caller.userId, ctx.now),
      'chain.wallet.create': (_input, ctx) => {
        const pending = wallets.create(ctx.caller.userId, ctx.now);
        ctx.commit((log) => log('chain.wallet.phrase_shown', { asked: pending.ask.length }));
        return pending;
      },
      'chain.wallet.confirm': async (input, ctx) => {
        const mnemonic = wallets.takeConfirmed(ctx.caller.userId, input.pendingId, input.secretWords, ctx.now);
        const sealed = await wallets.sealMnemonic(ctx.caller.userId, mnemonic, input.password);
        return ctx.commit((log, publish) => {
          repo.addWallet({ userId: ctx.caller.userId, kind: 'mnemonic', keystore: sealed.keystore, xpub: sealed.xpub }, ctx.now);
          const account = repo.addAccount(ctx.caller.userId, { label: input.label, address: sealed.first, kind: 'hd', hdIndex: 0 }, ctx.now);
          log('chain.wallet.created', { kind: 'mnemonic', accountId: account.id, address: account.address });
          const status = wallets.status(ctx.caller.userId, ctx.now);
          publish('chain.wallet', status, { userIds: [ctx.caller.userId] });
          return status;
        });
      },
      'chain.wallet.import': async (input, ctx) => {
        const userId = ctx.caller.userId;
        const sealed =
          input.kind === 'mnemonic'
            ? await wallets.sealMnemonic(userId, wallets.parsePhrase(input.secretPhrase), input.password).then((s) => ({ ...s, address: s.first }))
            : await wallets.sealKey(userId, input.privateKey, input.password).then((s) => ({ ...s, xpub: null }));
        return ctx.commit((log, publish) => {
          repo.addWallet({ userId, kind: input.kind, keystore: sealed.keystore, xpub: sealed.xpub }, ctx.now);
          const account = repo.addAccount(userId, { label: input.label, address: sealed.address, kind: input.kind === 'mnemonic' ? 'hd' : 'key', hdIndex: input.kind === 'mnemonic' ? 0 : null }, ctx.now);
          log('chain.wallet.imported', { kind: input.kind, accountId: account.id, address: account.address });
          const status = wallets.status(userId, ctx.now);
          publish('chain.wallet', status, { userIds: [userId] });
          return status;
        });
      },
      'chain.wallet.unlock': async (input, ctx) => {
        await wallets.unlock(ctx.caller.userId, input.password, ctx.now);
        return walletChanged(ctx, 'chain.wallet.unlocked', {});
      },
      'chain.wallet.lock': (_input, ctx) => {
        const was = wallets.lock(ctx.caller.userId);
        return walletChanged(ctx, 'chain.wallet.locked', { by: 'user', wasUnlocked: was });
      },
      'chain.accounts.list': (_input, ctx) => repo.accounts(ctx.caller.userId),
      'chain.accounts.add': (input, ctx) => {
        const userId = ctx.caller.userId;
        return ctx.commit((log) => {
          const index = repo.nextHdIndex(userId);
          const account = repo.addAccount(userId, { label: input.label, address: wallets.deriveAddress(userId, index), kind: 'hd', hdIndex: index }, ctx.now);
          log('chain.account.added', { accountId: account.id, address: account.address, hdIndex: index });
          return account;
        });
      },
      'chain.accounts.watch': (input, ctx) => {
        const address = checkedAddress(input.address, 'address');
        const userId = ctx.caller.userId;
        return ctx.commit((log) => {
          if (repo.accounts(userId).some((a) => a.address === address)) fail('CONFLICT', `You have the address ${address} already.`, { field: 'address', reason: 'ACCOUNT_EXISTS' });
          const account = repo.addAccount(userId, { label: input.label, address, kind: 'watch', hdIndex: null }, ctx.now);
          log('chain.account.watched', { accountId: account.id, address });
          return account;
        });
      },
      'chain.accounts.setSettlement': (input, ctx) => {
        const account = ownAccount(ctx.caller, input.accountId);
        if (account.kind === 'watch') fail('REJECTED', 'A watch-only address cannot settle: it cannot sign its approvals.', { field: 'accountId', reason: 'WATCH_ONLY' });
        return ctx.commit((log) => {
          repo.setSettlement(ctx.caller.userId, account.id);
          log('chain.account.settlement_set', { accountId: account.id, address: account.address });
          return repo.accounts(ctx.caller.userId);
        });
      },
      'chain.balances': (_input, ctx) => network.balances(repo.accounts(ctx.caller.userId)),
      'chain.approve': async (input, ctx) => {
        const account = ownAccount(ctx.caller, input.accountId);
        const key = wallets.signingKey(ctx.caller.userId, account, ctx.now);
        const txHashes = await network.approveSettlement(key);
        ctx.commit((log) => log('chain.approved', { accountId: account.id, address: account.address, txHashes }));
        return { txHashes };
      },
      'chain.settlement.status': (_input, ctx) => {
        settlement.enqueue(ctx.now, systemCommit(ctx.now));
        return settlement.view();
      },
      'chain.settlement.trades': (input, ctx) => {
        settlement.enqueue(ctx.now, systemCommit(ctx.now));
        return settlement.tradesOf(ctx.caller.userId, input.tradeIds);
      },
      'chain.settlement.run': async (input, ctx) => {
        const sender = repo.accounts(ctx.caller.userId).find((a) => a.settlement);
        if (!sender) fail('REJECTED', 'You have no settlement account to sign the batches with.', { reason: 'NO_SETTLEMENT_ACCOUNT' });
        const key = wallets.signingKey(ctx.caller.userId, sender, ctx.now);
        return settlement.run(key, input, ctx.now, (change) => ctx.commit(change));
      },
      'chain.settlement.track': (_input, ctx) => settlement.track(ctx.now, (change) => ctx.commit(change), callerKey(ctx)),
      'chain.metered.status': (_input, ctx) => {
        metered.enqueue(ctx.now, systemCommit(ctx.now));
        return metered.view();
      },
      'chain.metered.run': (input, ctx) => metered.run(settlementKey(ctx), input, ctx.now, (change) => ctx.commit(change)),
      'chain.metered.track': (_input, ctx) => metered.track(ctx.now, (change) => ctx.commit(change)),
      'chain.network.get': () => network.get(),
      'chain.network.set': async (input, ctx) => {
        const checked = await network.check(input);
        return ctx.commit((log) => {
          const previous = repo.network();
          const view = repo.setNetwork(checked, ctx.now, ctx.caller.username);
          // Only the node's origin: a URL's path or user part often carries a provider's API key.
          log('chain.network.set', { ...checked, rpcUrl: new URL(checked.rpcUrl).origin, previousChainId: previous?.chainId ?? null });
          return view;
        });
      },
    },
    tick: () => {
      const now = deps.clock.now();
      // Trades committed since the last tick join the queue; open batches are followed on the chain.
      // Neither may stop the timer: a failure here is retried on the next tick.
      try {
        settlement.enqueue(now, systemCommit(now));
      } catch (err) {
        console.error('[griddesk] the settlement queue could not take new trades:', err);
      }
      if (network.get() && settlement.hasOpenBatches()) {
        // A pass still running is left to finish (the node may be slow); the next tick follows on.
        if (!settlement.isTracking()) {
          lastCatchUpAt = now;
          void settlement.track(now, systemCommit(now), upkeepKey(now)).catch(() => undefined);
        }
      } else if (network.get() && now - lastCatchUpAt >= options.catchUpEveryMs) {
        lastCatchUpAt = now;
        void settlement.catchUp.run(now, systemCommit(now)).catch(() => undefined);
      }
      try {
        metered.enqueue(now, systemCommit(now));
      } catch (err) {
        console.error('[griddesk] the metered queue could not take new intervals:', err);
      }
      if (network.get() && metered.hasOpen()) void metered.track(now, systemCommit(now)).catch(() => undefined);
      for (const userId of wallets.sweep(now)) {
        deps.recorder.commit(now, 'system', (log, publish) => {
          log('chain.wallet.locked', { by: 'idle', userId });
          publish('chain.wallet', wallets.status(userId, now), { userIds: [userId] });
        });
      }
    },
    // The terminal may have been down while batches were settled: catch up at once, in the background.
    start: () => {
      const now = deps.clock.now();
      lastCatchUpAt = now;
      void settlement.catchUp.run(now, systemCommit(now)).catch(() => undefined);
    },
    stop: () => network.close(),
  });
  return { domain, reachability: (timeoutMs) => network.reachability(timeoutMs) };
}
