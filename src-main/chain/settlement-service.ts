/**
 * On-chain settlement of local-market trades, offline first.
 *
 * Queue: every committed trade of area LM (asked of trading's port by id, from a cursor kept in the
 * store) becomes a queued settlement: after a restart or a node outage nothing is lost, since the
 * trades themselves are in trading's store and the cursor says how far the queue has taken them.
 *
 * Run: queued trades go out in batches, one `Settlement.settle` transaction each. Before a batch is
 * built the contract is asked which of its trades are settled already (those are marked settled and
 * never sent: nothing is paid twice). Each transaction is signed, stored with its raw bytes and its
 * trades marked pending in one commit, and only then broadcast; a crash or an unreachable node
 * after that commit leaves a stored transaction that tracking broadcasts again, the same bytes, so
 * the same trades can never go out in a second transaction.
 *
 * Track: an open batch is mined when its receipt shows success, confirmed once it is `confirmations`
 * blocks deep; a receipt that disappears (a reorg) puts it back to sent and its trades to pending,
 * and its transaction is broadcast again. A reverted batch is decoded (`Settlement`'s custom errors)
 * and its trades are asked of the contract again: settled ones are marked settled, the rest queued.
 * A batch's transaction that stays unmined is replaced with higher fees (fee-bump.ts), the same
 * nonce, when its sender's wallet is unlocked; whichever of its transactions is mined wins, and the
 * others are marked replaced. Each pass ends with the catch-up on the contract's events
 * (settlement-catchup.ts).
 */
import { keccak256, type Interface, type Wallet } from 'ethers';
import { z } from 'zod';
import { WALLET_ROLES, type SettlementQueueView, type SettlementRunView, type TradeSettlementView } from '../../src-shared/contract/chain';
import { fail } from '../../src-shared/domain/errors';
import type { LogFn, PublishFn } from '../api/context';
import { productInfo } from '../market/product-info';
import type { TradeRecord, TradingPort } from '../trading';
import type { ChainRepo } from './chain-repo';
import { EnergyToken__factory, Settlement__factory } from './contracts';
import type { NetworkService } from './network-service';
import { HexData, HexQuantity, rpc, RpcError } from './rpc';
import type { BatchRow, QueuedTrade, SettlementRepo } from './settlement-repo';
import { onChainTradeId } from './trade-ids';
import { checkFunds, type Holding } from './funds-check';
import { bumpedFees, DEFAULT_FEE_BUMP, feeCaps, feesOf, initialFees, isStuck, signReplacement, type FeeBumpPolicy, type Fees } from './fee-bump';
import { SettlementCatchUp } from './settlement-catchup';

const LOCAL_MARKET_PREFIX = 'LM-';
const SETTLEMENT = Settlement__factory.createInterface();
/** The tokens' errors (OpenZeppelin's ERC-20 ones, the same in both tokens): a pull the settlement makes can revert with them. */
const TOKEN = EnergyToken__factory.createInterface();
/** Trades read from trading's port per step when the queue catches up. */
const CATCH_UP_PAGE = 1_000;

const Block = z.object({ baseFeePerGas: HexQuantity.optional() }).passthrough();

/** The key that can sign for a batch's sender now, or null (the wallet is locked): the stuck batch then waits. */
export type KeyFor = (sender: string) => Wallet | null;

const Receipt = z
  .object({ status: HexQuantity, blockNumber: HexQuantity, blockHash: z.string() })
  .passthrough()
  .nullable();

export type Commit = <T>(change: (log: LogFn, publish: PublishFn) => T) => T;

/** Energy of a trade in Wh: kW × the product's delivery hours; payment in micro-euro: (0.01 €/MWh) × Wh / 100. */
export function settlementAmounts(trade: Pick<TradeRecord, 'productId' | 'quantity' | 'price'>): { energyWh: number; paymentUnits: number } | null {
  const info = productInfo(trade.productId);
  if (!info) return null;
  const energyWh = Math.round((trade.quantity * (info.deliveryEnd - info.deliveryStart)) / 3_600);
  return { energyWh, paymentUnits: Math.round((trade.price * energyWh) / 100) };
}

export class SettlementService {
  private tracking: Promise<unknown> | null = null;
  readonly catchUp: SettlementCatchUp;
  /** One run at a time: two would read the same queued trades and build the same batch twice. */
  private running = false;

  constructor(
    private readonly repo: SettlementRepo,
    private readonly accounts: ChainRepo,
    private readonly network: NetworkService,
    private readonly trading: TradingPort,
    private readonly timeoutMs: number,
    /** This terminal's on-chain trade id prefix (trade-ids.ts). */
    private readonly tradeIdPrefix: bigint,
    private readonly feeBump: FeeBumpPolicy = DEFAULT_FEE_BUMP,
  ) {
    this.catchUp = new SettlementCatchUp(repo, network, timeoutMs, tradeIdPrefix, (publish, ids) => this.announce(publish, ids));
  }

  /** Takes every committed LM trade after the cursor into the queue; cheap when there are none. */
  enqueue(now: number, commit: Commit): number {
    let added = 0;
    for (;;) {
      const after = this.repo.cursor() ?? 0;
      const trades = this.trading.tradesAfter(after, CATCH_UP_PAGE);
      if (trades.length === 0) return added;
      added += commit((log, publish) => {
        const queued: number[] = [];
        for (const trade of trades) {
          if (!trade.productId.startsWith(LOCAL_MARKET_PREFIX) || trade.price < 0) continue;
          const amounts = settlementAmounts(trade);
          if (!amounts) continue;
          const chainTradeId = onChainTradeId(this.tradeIdPrefix, trade.id).toString();
          if (this.repo.enqueue({ tradeId: trade.id, productId: trade.productId, sellerId: trade.sellerId, buyerId: trade.buyerId, chainTradeId, ...amounts }, now)) queued.push(trade.id);
        }
        this.repo.setCursor(trades[trades.length - 1]!.id);
        if (queued.length > 0) log('chain.settlement.queued', { count: queued.length, upToTradeId: trades[trades.length - 1]!.id });
        this.announce(publish, queued);
        return queued.length;
      });
      if (trades.length < CATCH_UP_PAGE) return added;
    }
  }

  /** The caller's own trades' settlement (as seller or buyer); trades not queued are left out. */
  tradesOf(userId: number, tradeIds: readonly number[]): TradeSettlementView[] {
    return this.repo
      .tradeSettlements(tradeIds)
      .filter((t) => t.sellerId === userId || t.buyerId === userId)
      .map(({ sellerId: _seller, buyerId: _buyer, ...view }) => view);
  }

  /**
   * Tells each trade's seller and buyer its new settlement state, one event per user, and whoever
   * may run settlement the queue's new counts (an operator settling others' trades is no party).
   */
  private announce(publish: PublishFn, tradeIds: readonly number[]): void {
    // Other markets' trades pass through the queue's cursor too; they change nothing to tell.
    if (tradeIds.length === 0) return;
    publish('chain.settlement.queue', this.view(), { userIds: [], roles: WALLET_ROLES });
    const byUser = new Map<number, TradeSettlementView[]>();
    for (const { sellerId, buyerId, ...view } of this.repo.tradeSettlements(tradeIds)) {
      for (const userId of new Set([sellerId, buyerId])) byUser.set(userId, [...(byUser.get(userId) ?? []), view]);
    }
    for (const [userId, trades] of byUser) publish('chain.settlement.changed', { trades }, { userIds: [userId] });
  }

  view(): SettlementQueueView {
    return { counts: this.repo.statusCounts(), batches: this.repo.recentBatches(20), catchUp: this.catchUp.view() };
  }

  private async ask<T>(method: string, params: unknown[], schema: z.ZodType<T>): Promise<T> {
    const network = this.network.get();
    if (!network) return fail('REJECTED', 'No network is set up yet.', { reason: 'NETWORK_NOT_SET' });
    try {
      return await rpc(network.rpcUrl, method, params, schema, this.timeoutMs);
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      if (err.fault === 'RPC_TIMEOUT') return fail('REJECTED', err.message, { reason: 'RPC_TIMEOUT', params: { url: network.rpcUrl } });
      if (err.fault === 'RPC_GARBAGE') return fail('REJECTED', err.message, { reason: 'RPC_GARBAGE', params: { url: network.rpcUrl } });
      if (err.fault === 'RPC_UNREACHABLE') return fail('REJECTED', err.message, { reason: 'RPC_UNREACHABLE', params: { url: network.rpcUrl } });
      throw err;
    }
  }

  /** Which of these on-chain trade ids the contract holds settled. */
  private async settledOf(settlement: string, chainTradeIds: readonly string[]): Promise<boolean[]> {
    const data = await this.ask('eth_call', [{ to: settlement, data: SETTLEMENT.encodeFunctionData('settledOf', [chainTradeIds.map(BigInt)]) }, 'latest'], HexData);
    return [...(SETTLEMENT.decodeFunctionResult('settledOf', data)[0] as boolean[])];
  }

  /** Broadcasts stored bytes; a node that is down or knows the transaction already changes nothing. */
  private async broadcast(rawTx: string): Promise<void> {
    const network = this.network.get();
    if (!network) return;
    await rpc(network.rpcUrl, 'eth_sendRawTransaction', [rawTx], HexData, this.timeoutMs).catch(() => undefined);
  }

  async run(key: Wallet, options: { batchSize: number; maxBatches: number }, now: number, commit: Commit): Promise<SettlementRunView> {
    if (this.running) fail('CONFLICT', 'A settlement run is under way already.', { reason: 'SETTLEMENT_RUNNING' });
    this.running = true;
    try {
      return await this.runOnce(key, options, now, commit);
    } finally {
      this.running = false;
    }
  }

  private async runOnce(key: Wallet, options: { batchSize: number; maxBatches: number }, now: number, commit: Commit): Promise<SettlementRunView> {
    const network = await this.network.forSigning();
    const settlement = network.settlement;
    if (!settlement) return fail('REJECTED', 'The network has no settlement contract set.', { reason: 'CONTRACTS_NOT_SET' });
    this.enqueue(now, commit);
    const result: SettlementRunView = { sent: [], alreadySettled: [], waitingForAccount: 0, shortOfFunds: [] };
    const skipped = new Set<number>();
    /** Trades held back this run for a side's short funds: still queued, not asked for again. */
    const held = new Set<number>();
    for (let round = 0; round < options.maxBatches; round++) {
      const candidates = this.repo.queued(options.batchSize + skipped.size + held.size).filter((t) => !skipped.has(t.tradeId) && !held.has(t.tradeId));
      const batch: Array<QueuedTrade & { seller: string; buyer: string }> = [];
      for (const trade of candidates) {
        const seller = this.accounts.settlementAddress(trade.sellerId);
        const buyer = this.accounts.settlementAddress(trade.buyerId);
        if (!seller || !buyer) {
          skipped.add(trade.tradeId);
          continue;
        }
        if (batch.length < options.batchSize) batch.push({ ...trade, seller, buyer });
      }
      if (batch.length === 0) break;
      const ids = batch.map((t) => t.tradeId);
      const settled = await this.settledOf(settlement, batch.map((t) => t.chainTradeId));
      const done = ids.filter((_, i) => settled[i]);
      if (done.length > 0) {
        commit((log, publish) => {
          this.repo.setStatus(done, 'confirmed', null, null, now);
          log('chain.settlement.already_settled', { tradeIds: done });
          this.announce(publish, done);
        });
        result.alreadySettled.push(...done);
      }
      const unsettled = batch.filter((_, i) => !settled[i]);
      const { fits: toSend, short } = await this.fundsOf(unsettled, network);
      if (short.length > 0) {
        commit((log, publish) => {
          for (const { trade, error } of short) this.repo.setStatus([trade.tradeId], 'queued', null, error, now);
          log('chain.settlement.short', { trades: short.map(({ trade, error }) => ({ tradeId: trade.tradeId, error })) });
          this.announce(publish, short.map(({ trade }) => trade.tradeId));
        });
        for (const { trade } of short) held.add(trade.tradeId);
        result.shortOfFunds.push(...short.map(({ trade }) => trade.tradeId));
      }
      if (toSend.length === 0) continue;
      const sent = await this.sendBatch(key, settlement, network, toSend, now, commit);
      result.sent.push(sent);
    }
    result.waitingForAccount = skipped.size;
    return result;
  }

  /** The trades whose seller holds and allows the energy and whose buyer the payment (funds-check.ts); the rest with their codes. */
  private async fundsOf<T extends QueuedTrade & { seller: string; buyer: string }>(trades: T[], network: { energyToken: string | null; paymentToken: string | null; settlement: string | null }) {
    const { energyToken, paymentToken, settlement } = network;
    if (!energyToken || !paymentToken || !settlement || trades.length === 0) return { fits: trades, short: [] };
    const holdings = async (token: string, addresses: string[]) => {
      const out = new Map<string, Holding>();
      for (const address of new Set(addresses)) {
        const [balance, allowance] = await Promise.all([this.tokenRead(token, 'balanceOf', [address]), this.tokenRead(token, 'allowance', [address, settlement])]);
        out.set(address, { balance, allowance });
      }
      return out;
    };
    const energy = await holdings(energyToken, trades.map((t) => t.seller));
    const payment = await holdings(paymentToken, trades.map((t) => t.buyer));
    return checkFunds(trades, { energy, payment });
  }

  private async tokenRead(token: string, fn: 'balanceOf' | 'allowance', args: string[]): Promise<bigint> {
    // The generated interface's overloads take one literal name at a time; its plain Interface takes either.
    const erc20: Interface = TOKEN;
    const data = await this.ask('eth_call', [{ to: token, data: erc20.encodeFunctionData(fn, args) }, 'latest'], HexData);
    try {
      return erc20.decodeFunctionResult(fn, data)[0] as bigint;
    } catch {
      return fail('REJECTED', `The token at ${token} answered ${fn} with something that is not an ERC-20 answer.`, { reason: 'RPC_GARBAGE', params: { url: this.network.get()?.rpcUrl ?? '' } });
    }
  }

  private async sendBatch(
    key: Wallet,
    settlement: string,
    network: { chainId: number; maxFeeGwei: number; maxPriorityFeeGwei: number },
    trades: Array<QueuedTrade & { seller: string; buyer: string }>,
    now: number,
    commit: Commit,
  ): Promise<{ batchId: number; txHash: string; trades: number }> {
    const data = SETTLEMENT.encodeFunctionData('settle', [trades.map((t) => ({ tradeId: BigInt(t.chainTradeId), seller: t.seller, buyer: t.buyer, energyAmount: t.energyWh, paymentAmount: t.paymentUnits }))]);
    let gas: bigint;
    try {
      gas = await this.estimate(key.address, settlement, data);
    } catch (err) {
      if (err instanceof RpcError && err.data) {
        const reason = describeRevert(err.data);
        return fail('REJECTED', `The settlement contract refuses this batch: ${reason}.`, { reason: 'SETTLEMENT_REVERTS', params: { error: reason } });
      }
      throw err;
    }
    const pendingNonce = Number(await this.ask('eth_getTransactionCount', [key.address, 'pending'], HexQuantity));
    const lastOpen = this.repo.lastOpenNonce(key.address);
    const nonce = Math.max(pendingNonce, lastOpen === null ? 0 : lastOpen + 1);
    const head = Number(await this.ask('eth_blockNumber', [], HexQuantity));
    const fees = await this.startingFees(network);
    const rawTx = await key.signTransaction({
      type: 2,
      chainId: network.chainId,
      nonce,
      to: settlement,
      data,
      value: 0n,
      gasLimit: (gas * 12n) / 10n,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    const txHash = keccak256(rawTx);
    const ids = trades.map((t) => t.tradeId);
    const batchId = commit((log, publish) => {
      const id = this.repo.addBatch({ txHash, rawTx, sender: key.address, nonce }, now);
      this.repo.addAttempt(id, { txHash, rawTx, sentBlock: head }, now);
      this.repo.setStatus(ids, 'pending', id, null, now);
      log('chain.settlement.sent', { batchId: id, txHash, sender: key.address, nonce, trades: ids.length, firstTradeId: ids[0], lastTradeId: ids[ids.length - 1] });
      this.announce(publish, ids);
      return id;
    });
    await this.broadcast(rawTx);
    return { batchId, txHash, trades: ids.length };
  }

  /** The node's suggested tip and twice the base fee, under the network's caps; the caps themselves on a chain without a base fee. */
  private async startingFees(network: { maxFeeGwei: number; maxPriorityFeeGwei: number }): Promise<Fees> {
    const caps = feeCaps(network);
    const block = await this.ask('eth_getBlockByNumber', ['latest', false], Block);
    if (block.baseFeePerGas === undefined) return caps;
    let tip = caps.maxPriorityFeePerGas;
    try {
      tip = await this.ask('eth_maxPriorityFeePerGas', [], HexQuantity);
    } catch (err) {
      // A node without the method: the administrator's cap is the tip, as before there were bumps.
      if (!(err instanceof RpcError)) throw err;
    }
    return initialFees(block.baseFeePerGas, tip, caps);
  }

  private async estimate(from: string, to: string, data: string): Promise<bigint> {
    const network = this.network.get()!;
    return rpc(network.rpcUrl, 'eth_estimateGas', [{ from, to, data }], HexQuantity, this.timeoutMs);
  }

  /**
   * Follows every open batch once, then catches up with the contract's events. Passes never overlap:
   * a call while one runs (the timer's, say, begun before a batch was broadcast) waits for it and
   * then makes its own, so its answer is never older than the call. `keyFor` gives the key to
   * replace a stuck batch's transaction with.
   */
  track(now: number, commit: Commit, keyFor: KeyFor = () => null): Promise<SettlementQueueView> {
    const pass = (this.tracking ?? Promise.resolve()).catch(() => undefined).then(() => this.trackOnce(now, commit, keyFor));
    // The caller hears of a failure through `pass`; this one only marks the end, so it never rejects.
    const settled = pass
      .catch(() => undefined)
      .finally(() => {
        if (this.tracking === settled) this.tracking = null;
      });
    this.tracking = settled;
    return pass;
  }

  /** True while a tracking pass runs: the timer then leaves it be rather than queue another. */
  isTracking(): boolean {
    return this.tracking !== null;
  }

  /** True while batches are open: the core's timer then tracks them. */
  hasOpenBatches(): boolean {
    return this.repo.batches(['sent', 'mined']).length > 0;
  }

  private async trackOnce(now: number, commit: Commit, keyFor: KeyFor): Promise<SettlementQueueView> {
    const network = this.network.get();
    if (!network) return this.view();
    const open = this.repo.batches(['sent', 'mined']);
    if (open.length > 0) {
      const head = Number(await this.ask('eth_blockNumber', [], HexQuantity));
      for (const batch of open) await this.follow(batch, head, network, now, commit, keyFor);
    }
    await this.catchUp.run(now, commit);
    return this.view();
  }

  /** The receipt of the batch's current transaction, or else of one it replaced (mined after all); with the hash it belongs to. */
  private async minedAttempt(batch: BatchRow): Promise<{ txHash: string; receipt: NonNullable<z.infer<typeof Receipt>> } | null> {
    const current = await this.ask('eth_getTransactionReceipt', [batch.txHash], Receipt);
    if (current) return { txHash: batch.txHash, receipt: current };
    for (const attempt of this.repo.attempts(batch.id)) {
      if (attempt.txHash === batch.txHash) continue;
      const receipt = await this.ask('eth_getTransactionReceipt', [attempt.txHash], Receipt);
      if (receipt) return { txHash: attempt.txHash, receipt };
    }
    return null;
  }

  private async follow(
    found: BatchRow,
    head: number,
    network: { confirmations: number; settlement: string | null; maxFeeGwei: number; maxPriorityFeeGwei: number },
    now: number,
    commit: Commit,
    keyFor: KeyFor,
  ): Promise<void> {
    let batch = found;
    const mined = await this.minedAttempt(batch);
    if (mined && mined.txHash !== batch.txHash) batch = this.replacedByEarlier(batch, mined.txHash, now, commit);
    const receipt = mined?.receipt ?? null;
    if (receipt === null) {
      if (batch.status === 'mined') {
        commit((log, publish) => {
          this.repo.updateBatch(batch.id, 'sent', null, null, now);
          this.repo.setAttemptStatus(batch.txHash, 'sent', null);
          this.repo.setBatchTrades(batch.id, 'pending', null, now);
          log('chain.settlement.reorged', { batchId: batch.id, txHash: batch.txHash, wasInBlock: batch.blockNumber });
          this.announce(publish, this.repo.tradeIdsOf(batch.id));
        });
      }
      if (batch.status === 'sent' && (await this.nonceTaken(batch.sender, batch.nonce)) && (await this.minedAttempt(batch)) === null) {
        await this.replaced(batch.id, batch.txHash, network.settlement, now, commit);
        return;
      }
      if (batch.status === 'sent' && (await this.closeGap(batch, head, now, commit, keyFor(batch.sender)))) return;
      const attempt = this.repo.attempts(batch.id).find((a) => a.txHash === batch.txHash);
      if (batch.status === 'sent' && attempt && isStuck(attempt, head, now, this.feeBump)) {
        await this.bump(batch, head, network, now, commit, keyFor(batch.sender));
        return;
      }
      await this.broadcast(batch.rawTx);
      return;
    }
    const block = Number(receipt.blockNumber);
    if (receipt.status === 1n) {
      const deep = head - block + 1 >= Math.max(1, network.confirmations);
      const status = deep ? 'confirmed' : 'mined';
      if (status === batch.status && block === batch.blockNumber) return;
      commit((log, publish) => {
        this.repo.updateBatch(batch.id, status, block, null, now);
        this.repo.setAttemptStatus(batch.txHash, 'mined', null);
        this.repo.setBatchTrades(batch.id, status, null, now);
        log(`chain.settlement.${status}`, { batchId: batch.id, txHash: batch.txHash, block, confirmations: head - block + 1 });
        this.announce(publish, this.repo.tradeIdsOf(batch.id));
      });
      return;
    }
    await this.failed(batch.id, batch.txHash, batch.sender, block, network.settlement, now, commit);
  }

  /** A transaction the batch had replaced was mined instead: it is the batch's again, and the later ones are the replaced. */
  private replacedByEarlier(batch: BatchRow, winner: string, now: number, commit: Commit): BatchRow {
    const rawTx = this.repo.attempts(batch.id).find((a) => a.txHash === winner)!.rawTx;
    commit((log, publish) => {
      this.repo.setCurrentTx(batch.id, winner, rawTx, null, now);
      this.repo.setAttemptStatus(winner, 'sent', null);
      this.repo.setOtherAttempts(batch.id, winner, 'replaced', winner);
      log('chain.settlement.replaced_by_earlier', { batchId: batch.id, sender: batch.sender, nonce: batch.nonce, txHash: winner, replacedTxHash: batch.txHash });
      this.announce(publish, this.repo.tradeIdsOf(batch.id));
    });
    return { ...batch, txHash: winner, rawTx, error: null };
  }

  /**
   * A stuck transaction signed again with the same nonce and both fees an eighth higher, stored (the
   * old one marked replaced by it) before it is broadcast. Past the network's fee caps it is refused
   * with FEE_CAP_REACHED on the batch, and without an unlocked key it waits; either way the current
   * transaction is broadcast again, as it can still be mined.
   */
  private async bump(
    batch: BatchRow,
    head: number,
    network: { maxFeeGwei: number; maxPriorityFeeGwei: number },
    now: number,
    commit: Commit,
    key: Wallet | null,
  ): Promise<void> {
    const current = feesOf(batch.rawTx);
    const answer = bumpedFees(current, feeCaps(network));
    if (!answer.ok) {
      // Said once, not on every pass: the batch keeps the code until a raise is possible again.
      if (batch.error !== answer.reason) {
        commit((log) => {
          this.repo.setCurrentTx(batch.id, batch.txHash, batch.rawTx, answer.reason, now);
          log('chain.settlement.bump_refused', {
            batchId: batch.id,
            sender: batch.sender,
            nonce: batch.nonce,
            txHash: batch.txHash,
            reason: answer.reason,
            wantedMaxFeePerGas: answer.params.wanted.maxFeePerGas.toString(),
            wantedMaxPriorityFeePerGas: answer.params.wanted.maxPriorityFeePerGas.toString(),
            capMaxFeePerGas: answer.params.caps.maxFeePerGas.toString(),
            capMaxPriorityFeePerGas: answer.params.caps.maxPriorityFeePerGas.toString(),
          });
        });
      }
      await this.broadcast(batch.rawTx);
      return;
    }
    if (!key || key.address.toLowerCase() !== batch.sender.toLowerCase()) {
      await this.broadcast(batch.rawTx);
      return;
    }
    const next = await signReplacement(key, batch.rawTx, answer.fees);
    commit((log, publish) => {
      this.repo.addAttempt(batch.id, { txHash: next.txHash, rawTx: next.rawTx, sentBlock: head }, now);
      this.repo.setAttemptStatus(batch.txHash, 'replaced', next.txHash);
      this.repo.setCurrentTx(batch.id, next.txHash, next.rawTx, null, now);
      log('chain.settlement.bumped', {
        batchId: batch.id,
        sender: batch.sender,
        nonce: batch.nonce,
        replacedTxHash: batch.txHash,
        txHash: next.txHash,
        maxFeePerGas: answer.fees.maxFeePerGas.toString(),
        maxPriorityFeePerGas: answer.fees.maxPriorityFeePerGas.toString(),
        previousMaxFeePerGas: current.maxFeePerGas.toString(),
        previousMaxPriorityFeePerGas: current.maxPriorityFeePerGas.toString(),
      });
      this.announce(publish, this.repo.tradeIdsOf(batch.id));
    });
    await this.broadcast(next.rawTx);
  }

  /**
   * A nonce gap: the batch's nonce is above the sender's next one and no open batch of this terminal
   * holds the nonces between (their transactions were lost with the node's pool, or with a database
   * restored after a restart), so the node would keep it waiting for ever. Signed again at the next
   * nonce, with the same fees, the old one marked replaced by it; true when it was. Should the gap
   * be filled after all and the old one mined too, the contract refuses its trades as settled.
   */
  private async closeGap(batch: BatchRow, head: number, now: number, commit: Commit, key: Wallet | null): Promise<boolean> {
    const next = Number(await this.ask('eth_getTransactionCount', [batch.sender, 'pending'], HexQuantity));
    if (next >= batch.nonce || this.repo.hasOpenNonceBetween(batch.sender, next, batch.nonce)) return false;
    if (!key || key.address.toLowerCase() !== batch.sender.toLowerCase()) return false;
    const renonced = await signReplacement(key, batch.rawTx, feesOf(batch.rawTx), next);
    commit((log, publish) => {
      this.repo.addAttempt(batch.id, { txHash: renonced.txHash, rawTx: renonced.rawTx, sentBlock: head }, now);
      this.repo.setAttemptStatus(batch.txHash, 'replaced', renonced.txHash);
      this.repo.setCurrentTx(batch.id, renonced.txHash, renonced.rawTx, null, now);
      this.repo.setNonce(batch.id, next, now);
      log('chain.settlement.nonce_gap_closed', { batchId: batch.id, sender: batch.sender, previousNonce: batch.nonce, nonce: next, replacedTxHash: batch.txHash, txHash: renonced.txHash });
      this.announce(publish, this.repo.tradeIdsOf(batch.id));
    });
    await this.broadcast(renonced.rawTx);
    return true;
  }

  /** Whether the sender's nonce has been used on chain (by this batch or, without its receipt, another transaction). */
  private async nonceTaken(sender: string, nonce: number): Promise<boolean> {
    return Number(await this.ask('eth_getTransactionCount', [sender, 'latest'], HexQuantity)) > nonce;
  }

  /** Another transaction took the batch's nonce: it can never be mined; its unsettled trades go back to the queue. */
  private async replaced(batchId: number, txHash: string, settlement: string | null, now: number, commit: Commit): Promise<void> {
    const trades = this.repo.batchTrades(batchId);
    const ids = trades.map((t) => t.tradeId);
    const settled = settlement ? await this.settledOf(settlement, trades.map((t) => t.chainTradeId)) : ids.map(() => false);
    commit((log, publish) => {
      this.repo.updateBatch(batchId, 'failed', null, 'replaced', now);
      // Every transaction of the batch: none of them can be mined now, the nonce is spent.
      this.repo.setOtherAttempts(batchId, '', 'replaced', null);
      const done = ids.filter((_, i) => settled[i]);
      const again = ids.filter((_, i) => !settled[i]);
      if (done.length > 0) this.repo.setStatus(done, 'confirmed', null, null, now);
      if (again.length > 0) this.repo.setStatus(again, 'queued', null, 'replaced', now);
      log('chain.settlement.replaced', { batchId, txHash, settledBefore: done, requeued: again.length });
      this.announce(publish, ids);
    });
  }

  /** A reverted batch: its error decoded; its trades settled meanwhile are marked so, the rest queued again. */
  private async failed(batchId: number, txHash: string, sender: string, block: number, settlement: string | null, now: number, commit: Commit): Promise<void> {
    const tx = await this.ask('eth_getTransactionByHash', [txHash], z.object({ input: HexData }).passthrough().nullable());
    let reason = 'reverted';
    if (tx && settlement) {
      try {
        await rpc(this.network.get()!.rpcUrl, 'eth_call', [{ from: sender, to: settlement, data: tx.input }, `0x${(block - 1).toString(16)}`], HexData, this.timeoutMs);
      } catch (err) {
        if (err instanceof RpcError && err.data) reason = describeRevert(err.data);
      }
    }
    const trades = this.repo.batchTrades(batchId);
    const ids = trades.map((t) => t.tradeId);
    const settled = settlement ? await this.settledOf(settlement, trades.map((t) => t.chainTradeId)) : ids.map(() => false);
    commit((log, publish) => {
      this.repo.updateBatch(batchId, 'failed', block, reason, now);
      const done = ids.filter((_, i) => settled[i]);
      const again = ids.filter((_, i) => !settled[i]);
      if (done.length > 0) this.repo.setStatus(done, 'confirmed', null, null, now);
      if (again.length > 0) this.repo.setStatus(again, 'queued', null, reason, now);
      log('chain.settlement.failed', { batchId, txHash, block, error: reason, settledBefore: done, requeued: again.length });
      this.announce(publish, ids);
    });
  }
}

/** A revert's custom error in words, e.g. "TradeAlreadySettled(12)"; the raw selector when unknown. */
export function describeRevert(data: string): string {
  for (const contract of [SETTLEMENT, TOKEN]) {
    try {
      const error = contract.parseError(data);
      if (error) return `${error.name}(${error.args.map(String).join(', ')})`;
    } catch {
      // Not one of this contract's errors: try the next.
    }
  }
  return data.slice(0, 10);
}
