import type { MeteredIntervalView, MeteredReason, MeteredStatus } from '../../src-shared/contract/chain';
import type { Db } from '../store/database';

export interface MeteredRow {
  intervalId: string;
  seq: number;
  site: string;
  intervalStart: number;
  intervalEnd: number;
  netWh: number;
  status: MeteredStatus;
  ownerAddress: string | null;
  txHash: string | null;
  rawTx: string | null;
  sender: string | null;
  nonce: number | null;
  blockNumber: number | null;
}

type ReasonParams = Record<string, string | number>;

const COLUMNS = `interval_id AS intervalId, seq, site, interval_start AS intervalStart, interval_end AS intervalEnd, net_wh AS netWh, status,
  owner_address AS ownerAddress, tx_hash AS txHash, raw_tx AS rawTx, sender, nonce, block_number AS blockNumber`;

/** The metered queue's tables: chain_metered_cursor, chain_metered. */
export class MeteredRepo {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      cursorGet: db.prepare('SELECT last_seq FROM chain_metered_cursor WHERE id = 1').pluck(),
      cursorSet: db.prepare('INSERT INTO chain_metered_cursor (id, last_seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq'),
      insert: db.prepare(
        `INSERT OR IGNORE INTO chain_metered (interval_id, seq, site, interval_start, interval_end, net_wh, status, updated_at)
         VALUES (@intervalId, @seq, @site, @intervalStart, @intervalEnd, @netWh, 'queued', @now)`,
      ),
      queued: db.prepare(`SELECT ${COLUMNS} FROM chain_metered WHERE status = 'queued' ORDER BY seq LIMIT ?`),
      open: db.prepare(`SELECT ${COLUMNS} FROM chain_metered WHERE status IN ('pending', 'mined') ORDER BY nonce`),
      hasOpen: db.prepare("SELECT 1 FROM chain_metered WHERE status IN ('pending', 'mined') LIMIT 1").pluck(),
      wait: db.prepare('UPDATE chain_metered SET reason = @reason, reason_params = @params, updated_at = @now WHERE interval_id = @intervalId'),
      sent: db.prepare(
        `UPDATE chain_metered SET status = 'pending', owner_address = @ownerAddress, tx_hash = @txHash, raw_tx = @rawTx, sender = @sender, nonce = @nonce,
           block_number = NULL, reason = NULL, reason_params = NULL, updated_at = @now WHERE interval_id = @intervalId`,
      ),
      state: db.prepare('UPDATE chain_metered SET status = @status, block_number = @blockNumber, reason = @reason, reason_params = @params, updated_at = @now WHERE interval_id = @intervalId'),
      requeue: db.prepare(
        `UPDATE chain_metered SET status = 'queued', tx_hash = NULL, raw_tx = NULL, sender = NULL, nonce = NULL, block_number = NULL,
           reason = @reason, reason_params = @params, updated_at = @now WHERE interval_id = @intervalId`,
      ),
      lastNonce: db.prepare("SELECT MAX(nonce) FROM chain_metered WHERE sender = ? AND status IN ('pending', 'mined')").pluck(),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM chain_metered GROUP BY status'),
      recent: db.prepare(
        `SELECT interval_id AS intervalId, site, interval_start AS intervalStart, interval_end AS intervalEnd, net_wh AS netWh, status,
                owner_address AS ownerAddress, tx_hash AS txHash, block_number AS blockNumber, reason, reason_params AS reasonParams, updated_at AS updatedAt
           FROM chain_metered ORDER BY seq DESC LIMIT ?`,
      ),
    };
  }

  cursor(): number {
    return (this.stmts.cursorGet.get() as number | undefined) ?? 0;
  }

  setCursor(lastSeq: number): void {
    this.stmts.cursorSet.run(lastSeq);
  }

  /** False when the interval is in the queue already. */
  enqueue(row: { intervalId: string; seq: number; site: string; intervalStart: number; intervalEnd: number; netWh: number }, now: number): boolean {
    return this.stmts.insert.run({ ...row, now }).changes === 1;
  }

  queued(limit: number): MeteredRow[] {
    return this.stmts.queued.all(limit) as MeteredRow[];
  }

  /** Sent and not yet confirmed, by nonce: broadcast again in the order the node must take them. */
  open(): MeteredRow[] {
    return this.stmts.open.all() as MeteredRow[];
  }

  hasOpen(): boolean {
    return this.stmts.hasOpen.get() !== undefined;
  }

  /** Stays queued, with why it was not sent this time. */
  wait(intervalId: string, reason: MeteredReason, params: ReasonParams | null, now: number): void {
    this.stmts.wait.run({ intervalId, reason, params: params && JSON.stringify(params), now });
  }

  markSent(intervalId: string, tx: { ownerAddress: string; txHash: string; rawTx: string; sender: string; nonce: number }, now: number): void {
    this.stmts.sent.run({ intervalId, ...tx, now });
  }

  setState(intervalId: string, status: MeteredStatus, blockNumber: number | null, reason: MeteredReason | null, params: ReasonParams | null, now: number): void {
    this.stmts.state.run({ intervalId, status, blockNumber, reason, params: params && JSON.stringify(params), now });
  }

  /** Its transaction will never be mined: back to the queue for a new one. */
  requeue(intervalId: string, reason: MeteredReason, params: ReasonParams | null, now: number): void {
    this.stmts.requeue.run({ intervalId, reason, params: params && JSON.stringify(params), now });
  }

  lastOpenNonce(sender: string): number | null {
    return (this.stmts.lastNonce.get(sender) as number | null) ?? null;
  }

  counts(): Record<MeteredStatus, number> {
    const out: Record<MeteredStatus, number> = { queued: 0, pending: 0, mined: 0, confirmed: 0 };
    for (const row of this.stmts.counts.all() as Array<{ status: MeteredStatus; n: number }>) out[row.status] = row.n;
    return out;
  }

  recent(limit: number): MeteredIntervalView[] {
    type Row = Omit<MeteredIntervalView, 'action' | 'reasonParams'> & { reasonParams: string | null };
    return (this.stmts.recent.all(limit) as Row[]).map((r) => ({
      ...r,
      action: r.netWh > 0 ? 'mint' : 'burn',
      reasonParams: r.reasonParams === null ? null : (JSON.parse(r.reasonParams) as ReasonParams),
    }));
  }
}
