/**
 * Catch-up with the Settlement contract's `TradeSettled` events.
 *
 * The store can miss a settlement: the terminal crashed after a batch left and before its record
 * was kept, a restored copy of the database is older than the chain, or another terminal's queue
 * settled one of this terminal's trades. On start and on each tracking pass the logs are read from
 * the last processed block (kept per contract, `chain_event_cursor`) up to the head less the
 * confirmations (a reorg cannot take back what is that deep), in pages of blocks. Each event whose
 * id is one of this terminal's queued trades, settled by a transaction the store does not know for
 * it, marks that trade settled with that transaction; the cursor moves in the same commit, so a
 * crash in between reads the page again and changes nothing twice. Other terminals' ids are
 * ignored. While many blocks are behind, the progress goes to the screens as an event. The first
 * catch-up of a contract starts at the block it was deployed in (found by halving with eth_getCode;
 * from genesis on a node that keeps no old state), not at genesis: nothing before can be its event.
 */
import { z } from 'zod';
import type { CatchUpView } from '../../src-shared/contract/chain';
import type { PublishFn } from '../api/context';
import { Settlement__factory } from './contracts';
import { nodeFailure, type NetworkService } from './network-service';
import { HexData, HexQuantity, rpc, RpcError } from './rpc';
import type { SettlementRepo } from './settlement-repo';
import type { Commit } from './settlement-service';
import { localTradeId } from './trade-ids';

const SETTLEMENT = Settlement__factory.createInterface();
const TRADE_SETTLED = SETTLEMENT.getEvent('TradeSettled');
/** Blocks per eth_getLogs request: what most nodes and providers answer in one go. */
export const CATCH_UP_PAGE_BLOCKS = 2_000;
/** Behind by more than this many blocks, the screens show the catch-up's progress. */
export const SHOW_PROGRESS_ABOVE_BLOCKS = 1_000;
/** On-chain ids below this carry no terminal prefix: the bare local ids of trades queued before prefixes (migration 0020). */
const BARE_ID_LIMIT = 1n << 64n;

const Hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const Log = z
  .object({
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    topics: z.array(Hash).max(4),
    data: HexData,
    blockNumber: HexQuantity,
    transactionHash: Hash,
    removed: z.boolean().optional(),
  })
  .passthrough();

export interface TradeSettledLog {
  chainTradeId: bigint;
  seller: string;
  buyer: string;
  energyAmount: bigint;
  paymentAmount: bigint;
  txHash: string;
  block: number;
}

/** One JSON-RPC request that throws RpcError (rpc.ts): the node's own failure, still to be worded for the caller. */
export type RawAsk = <T>(method: string, params: unknown[], schema: z.ZodType<T>) => Promise<T>;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The logs in a page, decoded: a log of the contract with the event's topic that does not decode is a node answering garbage. */
function decodePage(settlement: string, logs: ReadonlyArray<z.infer<typeof Log>>): TradeSettledLog[] {
  const out: TradeSettledLog[] = [];
  for (const log of logs) {
    if (log.removed === true || log.address.toLowerCase() !== settlement.toLowerCase() || log.topics[0] !== TRADE_SETTLED.topicHash) continue;
    let parsed;
    try {
      parsed = SETTLEMENT.parseLog({ topics: log.topics, data: log.data });
    } catch {
      parsed = null;
    }
    if (!parsed) throw new RpcError('RPC_GARBAGE', `A TradeSettled log in transaction ${log.transactionHash} does not decode.`);
    const [chainTradeId, seller, buyer, energyAmount, paymentAmount] = parsed.args as unknown as [bigint, string, string, bigint, bigint];
    out.push({ chainTradeId, seller, buyer, energyAmount, paymentAmount, txHash: log.transactionHash, block: Number(log.blockNumber) });
  }
  return out;
}

/**
 * Reads the TradeSettled logs of `settlement` in blocks [from, to], `pageBlocks` at a time, and hands
 * each page to `onPage` with the last block it covers (in order, so a cursor can follow). A page the
 * node refuses or answers too large for is split in halves until it passes (a busy stretch of chain).
 */
export async function scanTradeSettled(
  ask: RawAsk,
  settlement: string,
  range: { from: number; to: number },
  pageBlocks: number,
  onPage: (logs: TradeSettledLog[], scannedTo: number) => void | Promise<void>,
): Promise<number> {
  let found = 0;
  let size = pageBlocks;
  for (let from = range.from; from <= range.to; ) {
    const to = Math.min(range.to, from + size - 1);
    let logs;
    try {
      logs = await ask('eth_getLogs', [{ address: settlement, topics: [TRADE_SETTLED.topicHash], fromBlock: hex(from), toBlock: hex(to) }], z.array(Log));
    } catch (err) {
      const splittable = err instanceof RpcError && (err.fault === 'RPC_ERROR' || err.fault === 'RPC_GARBAGE') && to > from;
      if (!splittable) throw err;
      size = Math.max(1, Math.floor((to - from + 1) / 2));
      continue;
    }
    const page = decodePage(settlement, logs);
    found += page.length;
    await onPage(page, to);
    from = to + 1;
  }
  return found;
}

/**
 * The first block with code at `address`: halving between genesis and the head, about 25 requests
 * for a long chain. A node that keeps no old state refuses the early blocks: then genesis, which
 * costs a longer scan and misses nothing.
 */
export async function deploymentBlock(ask: RawAsk, address: string, head: number): Promise<number> {
  let low = 0;
  let high = head;
  try {
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if ((await ask('eth_getCode', [address, hex(middle)], HexData)) === '0x') low = middle + 1;
      else high = middle;
    }
    return low;
  } catch (err) {
    if (err instanceof RpcError && err.fault === 'RPC_ERROR') return 0;
    throw err;
  }
}

export class SettlementCatchUp {
  private progress: CatchUpView | null = null;
  private inFlight: Promise<number[]> | null = null;

  constructor(
    private readonly repo: SettlementRepo,
    private readonly network: NetworkService,
    private readonly timeoutMs: number,
    private readonly tradeIdPrefix: bigint,
    private readonly announce: (publish: PublishFn, tradeIds: readonly number[]) => void,
    private readonly pageBlocks = CATCH_UP_PAGE_BLOCKS,
  ) {}

  /** The last or current catch-up's range and how far it has read; null before the first. */
  view(): CatchUpView | null {
    return this.progress;
  }

  /** Reads on from the last processed block; the trades it marked settled. A second call while one runs waits for that one. */
  run(now: number, commit: Commit): Promise<number[]> {
    this.inFlight ??= this.runOnce(now, commit).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async runOnce(now: number, commit: Commit): Promise<number[]> {
    const network = this.network.get();
    const settlement = network?.settlement;
    if (!network || !settlement) return [];
    const ask: RawAsk = (method, params, schema) => rpc(network.rpcUrl, method, params, schema, this.timeoutMs);
    const marked: number[] = [];
    try {
      const head = Number(await ask('eth_blockNumber', [], HexQuantity));
      const cursor = this.repo.eventCursor(settlement);
      const fromBlock = cursor === null ? await deploymentBlock(ask, settlement, head) : cursor + 1;
      // The newest block a reorg can no longer take back, as tracking counts confirmations.
      const toBlock = head - Math.max(1, network.confirmations) + 1;
      if (toBlock < fromBlock) return [];
      const shown = toBlock - fromBlock + 1 > SHOW_PROGRESS_ABOVE_BLOCKS;
      this.progress = { fromBlock, toBlock, scannedTo: fromBlock - 1, running: true };
      if (shown) this.tell(commit);
      await scanTradeSettled(ask, settlement, { from: fromBlock, to: toBlock }, this.pageBlocks, (logs, scannedTo) => {
        marked.push(...this.apply(settlement, logs, scannedTo, now, commit));
        this.progress = { fromBlock, toBlock, scannedTo, running: scannedTo < toBlock };
        if (shown && scannedTo < toBlock) this.tell(commit);
      });
      this.progress = { fromBlock, toBlock, scannedTo: toBlock, running: false };
      if (shown) this.tell(commit);
      return marked;
    } catch (err) {
      if (this.progress?.running) {
        this.progress = { ...this.progress, running: false };
        this.tell(commit);
      }
      return nodeFailure(err, network.rpcUrl);
    }
  }

  private tell(commit: Commit): void {
    const view = this.progress;
    if (view) commit((_log, publish) => publish('chain.settlement.catchUp', view, 'all'));
  }

  /** One page: its events of this terminal's trades the store did not know settled, marked so with their transaction, and the cursor moved, in one commit. */
  private apply(settlement: string, logs: readonly TradeSettledLog[], scannedTo: number, now: number, commit: Commit): number[] {
    return commit((log, publish) => {
      const byTx = new Map<string, { block: number; tradeIds: number[] }>();
      for (const event of logs) {
        // Another terminal's prefix: not ours to mark (only bare pre-prefix ids are looked up as they are).
        if (event.chainTradeId >= BARE_ID_LIMIT && localTradeId(this.tradeIdPrefix, event.chainTradeId) === null) continue;
        const row = this.repo.byChainTradeId(event.chainTradeId.toString());
        if (!row || row.status === 'confirmed') continue;
        // Its own batch's transaction (or one of its replacements): tracking follows that one, with its confirmations.
        if (row.batchId !== null && this.repo.attempts(row.batchId).some((a) => a.txHash === event.txHash)) continue;
        this.repo.markSettledBy(row.tradeId, event.txHash, event.block, now);
        const entry = byTx.get(event.txHash) ?? { block: event.block, tradeIds: [] };
        entry.tradeIds.push(row.tradeId);
        byTx.set(event.txHash, entry);
      }
      this.repo.setEventCursor(settlement, scannedTo);
      const ids: number[] = [];
      for (const [txHash, { block, tradeIds }] of byTx) {
        log('chain.settlement.caught_up', { settlement, txHash, block, tradeIds });
        ids.push(...tradeIds);
      }
      if (ids.length > 0) this.announce(publish, ids);
      return ids;
    });
  }
}
