import type { TradeSettlementView } from '../../src-shared/contract/chain';
import type { Db } from '../store/database';

export type SettlementStatus = 'queued' | 'pending' | 'mined' | 'confirmed' | 'failed';
export type BatchStatus = 'sent' | 'mined' | 'confirmed' | 'failed';

export interface QueuedTrade {
  tradeId: number;
  productId: string;
  sellerId: number;
  buyerId: number;
  /** The id the trade carries on chain (trade-ids.ts), a decimal string: it exceeds 2^53. */
  chainTradeId: string;
  energyWh: number;
  paymentUnits: number;
}

export type AttemptStatus = 'sent' | 'mined' | 'replaced';

/** One transaction signed for a batch: the first, or a replacement with the same nonce and higher fees. */
export interface AttemptRow {
  txHash: string;
  rawTx: string;
  status: AttemptStatus;
  replacedBy: string | null;
  sentAt: number;
  /** The head when it was sent; null for transactions sent before the terminal recorded it. */
  sentBlock: number | null;
}

/** A queued trade found by its on-chain id, with the transactions of the batch carrying it (if any). */
export interface SettlementByChainId {
  tradeId: number;
  status: SettlementStatus;
  batchId: number | null;
}

export interface BatchRow {
  id: number;
  txHash: string;
  rawTx: string;
  sender: string;
  nonce: number;
  status: BatchStatus;
  blockNumber: number | null;
  error: string | null;
}

/** The settlement queue's tables: chain_settlement_cursor, chain_settlements, chain_batches. */
export class SettlementRepo {
  private readonly cursorGet;
  private readonly cursorSet;
  private readonly insertTrade;
  private readonly queuedList;
  private readonly setTrades;
  private readonly setTradesOfBatch;
  private readonly insertBatch;
  private readonly batchesIn;
  private readonly setBatch;
  private readonly counts;
  private readonly tradeStatus;
  private readonly idsOfBatch;
  private readonly chainIdsOfBatch;
  private readonly lastNonce;
  private readonly recent;
  private readonly tradeViews;
  private readonly eventCursorGet;
  private readonly eventCursorSet;
  private readonly byChainId;
  private readonly settledBy;
  private readonly insertAttempt;
  private readonly attemptsOf;
  private readonly setAttempt;
  private readonly setAttemptsOf;
  private readonly setBatchTx;
  private readonly openNonceBetween;
  private readonly setBatchNonce;

  constructor(db: Db) {
    this.cursorGet = db.prepare('SELECT last_trade_id FROM chain_settlement_cursor WHERE id = 1').pluck();
    this.cursorSet = db.prepare('INSERT INTO chain_settlement_cursor (id, last_trade_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_trade_id = excluded.last_trade_id');
    this.insertTrade = db.prepare(
      `INSERT OR IGNORE INTO chain_settlements (trade_id, product_id, seller_id, buyer_id, chain_trade_id, energy_wh, payment_units, status, updated_at)
       VALUES (@tradeId, @productId, @sellerId, @buyerId, @chainTradeId, @energyWh, @paymentUnits, 'queued', @now)`,
    );
    this.queuedList = db.prepare(
      `SELECT trade_id AS tradeId, product_id AS productId, seller_id AS sellerId, buyer_id AS buyerId, chain_trade_id AS chainTradeId,
              energy_wh AS energyWh, payment_units AS paymentUnits
         FROM chain_settlements WHERE status = 'queued' ORDER BY trade_id LIMIT ?`,
    );
    this.setTrades = db.prepare("UPDATE chain_settlements SET status = @status, batch_id = @batchId, error = @error, updated_at = @now WHERE trade_id IN (SELECT value FROM json_each(@ids))");
    this.setTradesOfBatch = db.prepare('UPDATE chain_settlements SET status = @status, error = @error, updated_at = @now WHERE batch_id = @batchId');
    this.insertBatch = db.prepare(
      `INSERT INTO chain_batches (tx_hash, raw_tx, sender, nonce, status, created_at, updated_at) VALUES (@txHash, @rawTx, @sender, @nonce, 'sent', @now, @now) RETURNING id`,
    );
    this.batchesIn = db.prepare(
      `SELECT id, tx_hash AS txHash, raw_tx AS rawTx, sender, nonce, status, block_number AS blockNumber, error FROM chain_batches
        WHERE status IN (SELECT value FROM json_each(?)) ORDER BY id`,
    );
    this.setBatch = db.prepare('UPDATE chain_batches SET status = @status, block_number = @blockNumber, error = @error, updated_at = @now WHERE id = @id');
    this.counts = db.prepare('SELECT status, COUNT(*) AS n FROM chain_settlements GROUP BY status');
    this.tradeStatus = db.prepare('SELECT status FROM chain_settlements WHERE trade_id = ?').pluck();
    this.idsOfBatch = db.prepare('SELECT trade_id FROM chain_settlements WHERE batch_id = ? ORDER BY trade_id').pluck();
    this.chainIdsOfBatch = db.prepare('SELECT trade_id AS tradeId, chain_trade_id AS chainTradeId FROM chain_settlements WHERE batch_id = ? ORDER BY trade_id');
    this.lastNonce = db.prepare("SELECT MAX(nonce) FROM chain_batches WHERE sender = ? AND status IN ('sent', 'mined')").pluck();
    this.recent = db.prepare(
      `SELECT b.id, b.tx_hash AS txHash, b.status, b.block_number AS blockNumber, b.error, b.created_at AS createdAt,
              (SELECT COUNT(*) FROM chain_settlements s WHERE s.batch_id = b.id) AS trades
         FROM chain_batches b ORDER BY b.id DESC LIMIT ?`,
    );
    // A trade settled by a transaction no batch of this terminal holds (found by the catch-up) names that one.
    this.tradeViews = db.prepare(
      `SELECT s.trade_id AS tradeId, s.status, s.seller_id AS sellerId, s.buyer_id AS buyerId,
              COALESCE(s.settled_tx, b.tx_hash) AS txHash, COALESCE(s.settled_block, b.block_number) AS blockNumber,
              COALESCE(s.error, CASE WHEN s.status = 'failed' THEN b.error END) AS error
         FROM chain_settlements s LEFT JOIN chain_batches b ON b.id = s.batch_id
        WHERE s.trade_id IN (SELECT value FROM json_each(?)) ORDER BY s.trade_id`,
    );
    this.eventCursorGet = db.prepare('SELECT last_block FROM chain_event_cursor WHERE settlement = ?').pluck();
    this.eventCursorSet = db.prepare(
      'INSERT INTO chain_event_cursor (settlement, last_block) VALUES (?, ?) ON CONFLICT (settlement) DO UPDATE SET last_block = excluded.last_block',
    );
    this.byChainId = db.prepare('SELECT trade_id AS tradeId, status, batch_id AS batchId FROM chain_settlements WHERE chain_trade_id = ?');
    this.settledBy = db.prepare(
      "UPDATE chain_settlements SET status = 'confirmed', batch_id = NULL, error = NULL, settled_tx = @txHash, settled_block = @block, updated_at = @now WHERE trade_id = @tradeId",
    );
    this.insertAttempt = db.prepare(
      "INSERT INTO chain_batch_txs (tx_hash, batch_id, raw_tx, status, sent_at, sent_block) VALUES (@txHash, @batchId, @rawTx, 'sent', @now, @sentBlock)",
    );
    this.attemptsOf = db.prepare(
      'SELECT tx_hash AS txHash, raw_tx AS rawTx, status, replaced_by AS replacedBy, sent_at AS sentAt, sent_block AS sentBlock FROM chain_batch_txs WHERE batch_id = ? ORDER BY rowid',
    );
    this.setAttempt = db.prepare('UPDATE chain_batch_txs SET status = @status, replaced_by = @replacedBy WHERE tx_hash = @txHash');
    this.setAttemptsOf = db.prepare('UPDATE chain_batch_txs SET status = @status, replaced_by = @replacedBy WHERE batch_id = @batchId AND tx_hash <> @except');
    this.openNonceBetween = db.prepare("SELECT EXISTS (SELECT 1 FROM chain_batches WHERE sender = ? AND status IN ('sent', 'mined') AND nonce >= ? AND nonce < ?)").pluck();
    this.setBatchNonce = db.prepare('UPDATE chain_batches SET nonce = @nonce, updated_at = @now WHERE id = @id');
    this.setBatchTx = db.prepare('UPDATE chain_batches SET tx_hash = @txHash, raw_tx = @rawTx, error = @error, updated_at = @now WHERE id = @id');
  }

  /** The last block whose TradeSettled logs of `settlement` have been read; null before the first catch-up. */
  eventCursor(settlement: string): number | null {
    return (this.eventCursorGet.get(settlement) as number | undefined) ?? null;
  }

  setEventCursor(settlement: string, lastBlock: number): void {
    this.eventCursorSet.run(settlement, lastBlock);
  }

  /** The queued settlement carrying this on-chain trade id; null when it is no trade of this terminal's queue. */
  byChainTradeId(chainTradeId: string): SettlementByChainId | null {
    return (this.byChainId.get(chainTradeId) as SettlementByChainId | undefined) ?? null;
  }

  /** A trade settled on chain by `txHash` (in `block`), which may be no batch of this terminal. */
  markSettledBy(tradeId: number, txHash: string, block: number, now: number): void {
    this.settledBy.run({ tradeId, txHash, block, now });
  }

  addAttempt(batchId: number, attempt: { txHash: string; rawTx: string; sentBlock: number | null }, now: number): void {
    this.insertAttempt.run({ batchId, ...attempt, now });
  }

  /** Every transaction signed for the batch, the first one first. */
  attempts(batchId: number): AttemptRow[] {
    return this.attemptsOf.all(batchId) as AttemptRow[];
  }

  setAttemptStatus(txHash: string, status: AttemptStatus, replacedBy: string | null): void {
    this.setAttempt.run({ txHash, status, replacedBy });
  }

  /** Every other transaction of the batch than `except` (all of them when it is ''), e.g. replaced by the one mined. */
  setOtherAttempts(batchId: number, except: string, status: AttemptStatus, replacedBy: string | null): void {
    this.setAttemptsOf.run({ batchId, except, status, replacedBy });
  }

  /** Whether an open batch of the sender holds a nonce in [from, to): then a higher one waits for it, no gap. */
  hasOpenNonceBetween(sender: string, from: number, to: number): boolean {
    return this.openNonceBetween.get(sender, from, to) === 1;
  }

  setNonce(batchId: number, nonce: number, now: number): void {
    this.setBatchNonce.run({ id: batchId, nonce, now });
  }

  /** The batch's current transaction (the newest replacement, or the one mined); `error` a code such as FEE_CAP_REACHED, or null. */
  setCurrentTx(batchId: number, txHash: string, rawTx: string, error: string | null, now: number): void {
    this.setBatchTx.run({ id: batchId, txHash, rawTx, error, now });
  }

  /** The trades' settlement views with their two parties (to filter by and to address events to). */
  tradeSettlements(tradeIds: readonly number[]): Array<TradeSettlementView & { sellerId: number; buyerId: number }> {
    if (tradeIds.length === 0) return [];
    return this.tradeViews.all(JSON.stringify(tradeIds)) as Array<TradeSettlementView & { sellerId: number; buyerId: number }>;
  }

  cursor(): number | null {
    return (this.cursorGet.get() as number | undefined) ?? null;
  }

  setCursor(lastTradeId: number): void {
    this.cursorSet.run(lastTradeId);
  }

  enqueue(trade: QueuedTrade, now: number): boolean {
    return this.insertTrade.run({ ...trade, now }).changes === 1;
  }

  queued(limit: number): QueuedTrade[] {
    return this.queuedList.all(limit) as QueuedTrade[];
  }

  setStatus(tradeIds: readonly number[], status: SettlementStatus, batchId: number | null, error: string | null, now: number): void {
    this.setTrades.run({ ids: JSON.stringify(tradeIds), status, batchId, error, now });
  }

  setBatchTrades(batchId: number, status: SettlementStatus, error: string | null, now: number): void {
    this.setTradesOfBatch.run({ batchId, status, error, now });
  }

  addBatch(batch: { txHash: string; rawTx: string; sender: string; nonce: number }, now: number): number {
    return (this.insertBatch.get({ ...batch, now }) as { id: number }).id;
  }

  batches(statuses: readonly BatchStatus[]): BatchRow[] {
    return this.batchesIn.all(JSON.stringify(statuses)) as BatchRow[];
  }

  updateBatch(id: number, status: BatchStatus, blockNumber: number | null, error: string | null, now: number): void {
    this.setBatch.run({ id, status, blockNumber, error, now });
  }

  statusCounts(): Record<SettlementStatus, number> {
    const out: Record<SettlementStatus, number> = { queued: 0, pending: 0, mined: 0, confirmed: 0, failed: 0 };
    for (const row of this.counts.all() as Array<{ status: SettlementStatus; n: number }>) out[row.status] = row.n;
    return out;
  }

  tradeIdsOf(batchId: number): number[] {
    return this.idsOfBatch.all(batchId) as number[];
  }

  /** The batch's trades with the ids they carry on chain. */
  batchTrades(batchId: number): Array<{ tradeId: number; chainTradeId: string }> {
    return this.chainIdsOfBatch.all(batchId) as Array<{ tradeId: number; chainTradeId: string }>;
  }

  /** The highest nonce of the sender's batches still open: the next one must be above it. */
  lastOpenNonce(sender: string): number | null {
    return (this.lastNonce.get(sender) as number | null) ?? null;
  }

  recentBatches(limit: number): Array<{ id: number; txHash: string; status: BatchStatus; blockNumber: number | null; error: string | null; createdAt: number; trades: number }> {
    return this.recent.all(limit) as never;
  }

  statusOf(tradeId: number): SettlementStatus | null {
    return (this.tradeStatus.get(tradeId) as SettlementStatus | undefined) ?? null;
  }
}
