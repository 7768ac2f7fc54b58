/**
 * Metered settlement on chain, offline first: each site's net energy of a settled interval becomes
 * energy tokens minted for (net export) or burnt from (net import) the site owner's settlement
 * account, once per interval id.
 *
 * Queue: the devices domain's site records, asked through its port after a cursor kept in the
 * store, each become a queued interval in the same transaction that moves the cursor and logs it;
 * a kill at any moment loses none and takes none twice. The owner is the one user an administrator
 * assigned to the site (delivery's port); without exactly one, or without their settlement account,
 * the interval waits with a reason.
 *
 * Run: queued intervals go out in the order they were metered. Before one is signed the token is
 * asked whether the interval id is settled already (then it is marked so and nothing is sent). Each
 * transaction is signed, stored with its raw bytes and the interval marked pending in one commit,
 * and only then broadcast: a crash or a lost node after that commit leaves a stored transaction
 * that tracking broadcasts again, the same bytes, so an interval never gets a second transaction
 * (and the token would revert a second one anyway).
 *
 * Track: like the settlement batches: mined, confirmed `confirmations` deep, back to pending when
 * a reorg removes its receipt (and broadcast again), queued again when another transaction took
 * its nonce or it reverted, unless the chain shows the interval settled.
 */
import { AbiCoder, keccak256, type Wallet } from 'ethers';
import { z } from 'zod';
import type { MeteredQueueView, MeteredRunView, NetworkView } from '../../src-shared/contract/chain';
import { fail } from '../../src-shared/domain/errors';
import type { DeliveryPort } from '../delivery';
import type { DevicesPort } from '../devices';
import type { ChainRepo } from './chain-repo';
import { EnergyToken__factory } from './contracts';
import type { MeteredRepo, MeteredRow } from './metered-repo';
import type { NetworkService } from './network-service';
import { HexData, HexQuantity, rpc, RpcError } from './rpc';
import type { SettlementRepo } from './settlement-repo';
import { describeRevert, type Commit } from './settlement-service';

const TOKEN = EnergyToken__factory.createInterface();
/** Records read from the devices' port per step when the queue catches up. */
const INTAKE_PAGE = 1_000;
const GWEI = 1_000_000_000n;

const Receipt = z.object({ status: HexQuantity, blockNumber: HexQuantity }).passthrough().nullable();

/** The id the energy token keeps an interval under: the same site and interval give the same id on every terminal. */
export function meteredIntervalId(site: string, intervalStart: number, intervalEnd: number): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(['string', 'string', 'uint64', 'uint64'], ['griddesk.metered.v1', site, intervalStart, intervalEnd]));
}

export class MeteredService {
  private running = false;
  private tracking: Promise<MeteredQueueView> | null = null;

  constructor(
    private readonly repo: MeteredRepo,
    private readonly accounts: ChainRepo,
    /** The settlement batches' nonces: the same account may sign both, and its nonces are one sequence. */
    private readonly batches: SettlementRepo,
    private readonly network: NetworkService,
    private readonly devices: Pick<DevicesPort, 'meteredAfter'>,
    private readonly delivery: DeliveryPort,
    private readonly timeoutMs: number,
  ) {}

  /** Takes every site record after the cursor into the queue; cheap when there are none. */
  enqueue(now: number, commit: Commit): number {
    let added = 0;
    for (;;) {
      const records = this.devices.meteredAfter(this.repo.cursor(), INTAKE_PAGE);
      if (records.length === 0) return added;
      added += commit((log) => {
        let count = 0;
        for (const r of records) {
          if (r.netWh === 0) continue;
          const intervalId = meteredIntervalId(r.site, r.intervalStart, r.intervalEnd);
          if (this.repo.enqueue({ intervalId, seq: r.seq, site: r.site, intervalStart: r.intervalStart, intervalEnd: r.intervalEnd, netWh: r.netWh }, now)) count++;
        }
        this.repo.setCursor(records[records.length - 1]!.seq);
        if (count > 0) log('chain.metered.queued', { count, upToSeq: records[records.length - 1]!.seq });
        return count;
      });
      if (records.length < INTAKE_PAGE) return added;
    }
  }

  view(): MeteredQueueView {
    return { counts: this.repo.counts(), intervals: this.repo.recent(50) };
  }

  hasOpen(): boolean {
    return this.repo.hasOpen();
  }

  private async ask<T>(method: string, params: unknown[], schema: z.ZodType<T>): Promise<T> {
    const network = this.network.get();
    if (!network) return fail('REJECTED', 'No network is set up yet.', { reason: 'NETWORK_NOT_SET' });
    try {
      return await rpc(network.rpcUrl, method, params, schema, this.timeoutMs);
    } catch (err) {
      if (err instanceof RpcError && err.fault !== 'RPC_ERROR') return fail('REJECTED', err.message, { reason: err.fault, params: { url: network.rpcUrl } });
      throw err;
    }
  }

  private async tokenRead(token: string, data: string): Promise<string> {
    return this.ask('eth_call', [{ to: token, data }, 'latest'], HexData);
  }

  private async settledOnChain(token: string, intervalId: string): Promise<boolean> {
    const data = await this.tokenRead(token, TOKEN.encodeFunctionData('intervalSettled', [intervalId]));
    return TOKEN.decodeFunctionResult('intervalSettled', data)[0] === true;
  }

  private async broadcast(rawTx: string): Promise<void> {
    const network = this.network.get();
    if (!network) return;
    await rpc(network.rpcUrl, 'eth_sendRawTransaction', [rawTx], HexData, this.timeoutMs).catch(() => undefined);
  }

  /** The owner's settlement address, or why there is none. */
  private ownerOf(site: string): { address: string } | { reason: 'NO_SITE_OWNER' | 'SEVERAL_SITE_OWNERS' | 'NO_SETTLEMENT_ACCOUNT'; params: Record<string, string | number> } {
    const users = this.delivery.usersOfSite(site);
    if (users.length === 0) return { reason: 'NO_SITE_OWNER', params: { site } };
    if (users.length > 1) return { reason: 'SEVERAL_SITE_OWNERS', params: { site, owners: users.length } };
    const address = this.accounts.settlementAddress(users[0]!);
    return address ? { address } : { reason: 'NO_SETTLEMENT_ACCOUNT', params: { site } };
  }

  async run(key: Wallet, options: { max: number }, now: number, commit: Commit): Promise<MeteredRunView> {
    if (this.running) fail('CONFLICT', 'A metered settlement run is under way already.', { reason: 'METERED_RUNNING' });
    this.running = true;
    try {
      return await this.runOnce(key, options.max, now, commit);
    } finally {
      this.running = false;
    }
  }

  private async runOnce(key: Wallet, max: number, now: number, commit: Commit): Promise<MeteredRunView> {
    const network = await this.network.forSigning();
    const token = network.energyToken;
    if (!token) return fail('REJECTED', 'The network has no energy token set.', { reason: 'CONTRACTS_NOT_SET' });
    this.enqueue(now, commit);
    const result: MeteredRunView = { sent: [], settledBefore: 0, waiting: 0 };
    for (const row of this.repo.queued(max)) {
      const wait = (reason: Parameters<MeteredRepo['wait']>[1], params: Record<string, string | number>) => {
        commit((log) => {
          this.repo.wait(row.intervalId, reason, params, now);
          log('chain.metered.waiting', { intervalId: row.intervalId, site: row.site, reason, ...params });
        });
        result.waiting++;
      };
      if (await this.settledOnChain(token, row.intervalId)) {
        commit((log) => {
          this.repo.setState(row.intervalId, 'confirmed', null, 'SETTLED_BEFORE', null, now);
          log('chain.metered.settled_before', { intervalId: row.intervalId, site: row.site });
        });
        result.settledBefore++;
        continue;
      }
      const owner = this.ownerOf(row.site);
      if ('reason' in owner) {
        wait(owner.reason, owner.params);
        continue;
      }
      const amount = BigInt(Math.abs(row.netWh));
      if (row.netWh < 0) {
        const have = BigInt(TOKEN.decodeFunctionResult('balanceOf', await this.tokenRead(token, TOKEN.encodeFunctionData('balanceOf', [owner.address])))[0] as bigint);
        if (have < amount) {
          wait('INSUFFICIENT_ENERGY', { need: amount.toString(), have: have.toString(), address: owner.address });
          continue;
        }
      }
      const data = row.netWh > 0
        ? TOKEN.encodeFunctionData('mintMetered', [row.intervalId, owner.address, amount])
        : TOKEN.encodeFunctionData('burnMetered', [row.intervalId, owner.address, amount]);
      let gas: bigint;
      try {
        gas = await rpc(network.rpcUrl, 'eth_estimateGas', [{ from: key.address, to: token, data }], HexQuantity, this.timeoutMs);
      } catch (err) {
        if (!(err instanceof RpcError) || !err.data) throw err instanceof RpcError ? this.nodeFailure(err, network) : err;
        const error = describeRevert(err.data);
        // Without the settler role nothing in the queue can go: refuse the run instead of marking each interval.
        if (error.startsWith('AccessControlUnauthorizedAccount')) return fail('REJECTED', 'Your settlement account may not mint or burn energy tokens.', { reason: 'NOT_SETTLER', params: { address: key.address } });
        wait('REVERTS', { error });
        continue;
      }
      const sent = await this.send(key, network, token, row, owner.address, data, gas, now, commit);
      result.sent.push({ intervalId: row.intervalId, txHash: sent, action: row.netWh > 0 ? 'mint' : 'burn' });
    }
    return result;
  }

  private nodeFailure(err: RpcError, network: NetworkView): never {
    return fail('REJECTED', err.message, { reason: err.fault === 'RPC_ERROR' ? 'RPC_REFUSED' : err.fault, params: { url: network.rpcUrl } });
  }

  /** The next nonce: above what the node has seen and above every transaction of this sender still open here. */
  private async nextNonce(sender: string): Promise<number> {
    const pending = Number(await this.ask('eth_getTransactionCount', [sender, 'pending'], HexQuantity));
    const open = [this.repo.lastOpenNonce(sender), this.batches.lastOpenNonce(sender)].filter((n): n is number => n !== null);
    return Math.max(pending, ...open.map((n) => n + 1));
  }

  private async send(key: Wallet, network: NetworkView, token: string, row: MeteredRow, ownerAddress: string, data: string, gas: bigint, now: number, commit: Commit): Promise<string> {
    const nonce = await this.nextNonce(key.address);
    const rawTx = await key.signTransaction({
      type: 2,
      chainId: network.chainId,
      nonce,
      to: token,
      data,
      value: 0n,
      gasLimit: (gas * 12n) / 10n,
      maxFeePerGas: BigInt(network.maxFeeGwei) * GWEI,
      maxPriorityFeePerGas: BigInt(network.maxPriorityFeeGwei) * GWEI,
    });
    const txHash = keccak256(rawTx);
    commit((log) => {
      this.repo.markSent(row.intervalId, { ownerAddress, txHash, rawTx, sender: key.address, nonce }, now);
      log('chain.metered.sent', { intervalId: row.intervalId, site: row.site, action: row.netWh > 0 ? 'mint' : 'burn', amountWh: Math.abs(row.netWh), owner: ownerAddress, txHash, sender: key.address, nonce });
    });
    await this.broadcast(rawTx);
    return txHash;
  }

  /** Follows every sent interval once; a second call while one runs waits for that one. */
  track(now: number, commit: Commit): Promise<MeteredQueueView> {
    this.tracking ??= this.trackOnce(now, commit).finally(() => {
      this.tracking = null;
    });
    return this.tracking;
  }

  private async trackOnce(now: number, commit: Commit): Promise<MeteredQueueView> {
    const network = this.network.get();
    const open = this.repo.open();
    if (!network || open.length === 0) return this.view();
    const head = Number(await this.ask('eth_blockNumber', [], HexQuantity));
    for (const row of open) {
      const txHash = row.txHash!;
      const receipt = await this.ask('eth_getTransactionReceipt', [txHash], Receipt);
      if (receipt === null) {
        if (row.status === 'mined') {
          commit((log) => {
            this.repo.setState(row.intervalId, 'pending', null, null, null, now);
            log('chain.metered.reorged', { intervalId: row.intervalId, txHash, wasInBlock: row.blockNumber });
          });
        }
        const used = Number(await this.ask('eth_getTransactionCount', [row.sender, 'latest'], HexQuantity)) > row.nonce!;
        if (used && (await this.ask('eth_getTransactionReceipt', [txHash], Receipt)) === null) {
          await this.settleOrRequeue(row, network, 'REPLACED', {}, 'chain.metered.replaced', now, commit);
          continue;
        }
        await this.broadcast(row.rawTx!);
        continue;
      }
      const block = Number(receipt.blockNumber);
      if (receipt.status === 1n) {
        const status = head - block + 1 >= Math.max(1, network.confirmations) ? 'confirmed' : 'mined';
        if (status === row.status && block === row.blockNumber) continue;
        commit((log) => {
          this.repo.setState(row.intervalId, status, block, null, null, now);
          log(`chain.metered.${status}`, { intervalId: row.intervalId, txHash, block, confirmations: head - block + 1 });
        });
        continue;
      }
      await this.settleOrRequeue(row, network, 'REVERTS', { error: await this.revertOf(row, network, block) }, 'chain.metered.failed', now, commit);
    }
    return this.view();
  }

  /** The decoded error of a reverted transaction, replayed on the block before it. */
  private async revertOf(row: MeteredRow, network: NetworkView, block: number): Promise<string> {
    const tx = await this.ask('eth_getTransactionByHash', [row.txHash], z.object({ input: HexData, to: z.string() }).passthrough().nullable());
    if (!tx) return 'reverted';
    try {
      await rpc(network.rpcUrl, 'eth_call', [{ from: row.sender, to: tx.to, data: tx.input }, `0x${(block - 1).toString(16)}`], HexData, this.timeoutMs);
    } catch (err) {
      if (err instanceof RpcError && err.data) return describeRevert(err.data);
    }
    return 'reverted';
  }

  /** A transaction that will never settle its interval: confirmed if the chain has the interval anyway, else queued again. */
  private async settleOrRequeue(row: MeteredRow, network: NetworkView, reason: 'REPLACED' | 'REVERTS', params: Record<string, string>, type: string, now: number, commit: Commit): Promise<void> {
    const settled = network.energyToken ? await this.settledOnChain(network.energyToken, row.intervalId) : false;
    commit((log) => {
      if (settled) this.repo.setState(row.intervalId, 'confirmed', null, 'SETTLED_BEFORE', null, now);
      else this.repo.requeue(row.intervalId, reason, params, now);
      log(type, { intervalId: row.intervalId, txHash: row.txHash, settledBefore: settled, ...params });
    });
  }
}
