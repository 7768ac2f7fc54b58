import type { AuditFault } from '../../src-shared/contract/audit';
import type { Db } from './database';
import { chainHash, eventPageReader, fieldsOf, GENESIS_HASH, type EventRow } from './event-chain';

/**
 * Why the trail is not intact, at its first bad seq:
 * - edited: the row's bytes are not what was hashed (or the row before it was replaced);
 * - deleted: a seq is missing, or rows before the first one are gone;
 * - reordered: the row is intact but was chained at another position;
 * - unchained: the row has no hash (written around the store);
 * - truncated: a checkpoint was signed at a seq the log no longer reaches;
 * - rewritten: the chain is consistent but differs from what a checkpoint signed (the whole chain
 *   was recomputed after a change);
 * - bad_checkpoint: a checkpoint's signature does not verify.
 */
export type ChainFault = AuditFault;

export interface ChainVerdict {
  ok: boolean;
  /** The last seq known intact: the head when ok, else the seq before the first bad one. */
  checkedTo: number;
  firstBad?: { seq: number; reason: ChainFault };
}

/** A checkpoint whose signature has been verified: the chain's hash at `seq` was `hash`. */
export interface TrustedCheckpoint {
  seq: number;
  hash: Buffer;
}

const PAGE = 5_000;

/** Walks the rows in seq order and names the first fault; one instance per verification. */
class ChainWalk {
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  private readonly checkpoints: Map<number, Buffer>;

  constructor(
    checkpoints: readonly TrustedCheckpoint[],
    /** Rows by their hashes (full scans, so only asked when something is wrong). */
    private readonly lookup: { seqOfHash(hash: Buffer): number | undefined; seqOfPrevHash(hash: Buffer): number | undefined },
  ) {
    this.checkpoints = new Map(checkpoints.map((c) => [c.seq, c.hash]));
  }

  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  step(row: EventRow): ChainVerdict['firstBad'] | null {
    if (row.seq > this.expectedSeq) return { seq: this.expectedSeq, reason: 'deleted' };
    if (row.hash === null || row.prev_hash === null) return { seq: row.seq, reason: 'unchained' };
    const fields = fieldsOf(row);
    if (!chainHash(row.prev_hash, fields).equals(row.hash)) return { seq: row.seq, reason: this.movedHere(row) ? 'reordered' : 'edited' };
    if (!row.prev_hash.equals(this.prev)) {
      if (this.expectedSeq === 1) return { seq: 1, reason: 'deleted' };
      const linked = row.prev_hash.equals(GENESIS_HASH) ? 0 : this.lookup.seqOfHash(row.prev_hash);
      // Intact, but chained after another row: moved. Chained after a row that is gone: the row
      // before it was replaced by one with a recomputed hash.
      return linked !== undefined ? { seq: row.seq, reason: 'reordered' } : { seq: row.seq - 1, reason: 'edited' };
    }
    const signed = this.checkpoints.get(row.seq);
    if (signed && !signed.equals(row.hash)) return { seq: row.seq, reason: 'rewritten' };
    this.expectedSeq = row.seq + 1;
    this.prev = row.hash;
    return null;
  }

  /**
   * A row whose bytes verify under another seq was moved, not edited. Where it belongs is one past
   * the row its prev_hash names, or one before the row that names it, whichever of them stayed put.
   */
  private movedHere(row: EventRow): boolean {
    if (row.prev_hash === null || row.hash === null) return false;
    const before = row.prev_hash.equals(GENESIS_HASH) ? 0 : this.lookup.seqOfHash(row.prev_hash);
    const after = this.lookup.seqOfPrevHash(row.hash);
    const candidates = new Set([before === undefined ? -1 : before + 1, after === undefined ? -1 : after - 1]);
    for (const seq of candidates) {
      if (seq > 0 && seq !== row.seq && chainHash(row.prev_hash, { ...fieldsOf(row), seq }).equals(row.hash)) return true;
    }
    return false;
  }

  /** After the last row: a checkpoint beyond it means rows were cut off the end. */
  finish(checkpoints: readonly TrustedCheckpoint[]): ChainVerdict['firstBad'] | null {
    const beyond = checkpoints.some((c) => c.seq > this.lastSeq);
    return beyond ? { seq: this.lastSeq + 1, reason: 'truncated' } : null;
  }
}

function verdict(walk: ChainWalk, firstBad: ChainVerdict['firstBad'] | null): ChainVerdict {
  if (!firstBad) return { ok: true, checkedTo: walk.lastSeq };
  return { ok: false, checkedTo: Math.min(walk.lastSeq, firstBad.seq - 1), firstBad };
}

/**
 * Checks the event log's chain from the first row to the head as it is when called, and the log
 * against every trusted checkpoint. Yields to the event loop between pages, so a terminal can answer
 * other calls while it checks a long log; rows appended meanwhile are left for the next check.
 */
export async function verifyChain(db: Db, checkpoints: readonly TrustedCheckpoint[], options: { yieldBetweenPages?: boolean } = {}): Promise<ChainVerdict> {
  const page = eventPageReader(db);
  const head = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number;
  const byHash = db.prepare('SELECT seq FROM events WHERE hash = ? LIMIT 1').pluck();
  const byPrevHash = db.prepare('SELECT seq FROM events WHERE prev_hash = ? LIMIT 1').pluck();
  const walk = new ChainWalk(checkpoints, {
    seqOfHash: (hash) => byHash.get(hash) as number | undefined,
    seqOfPrevHash: (hash) => byPrevHash.get(hash) as number | undefined,
  });
  let after = 0;
  while (after < head) {
    const rows = page(after, PAGE).filter((row) => row.seq <= head);
    if (rows.length === 0) break;
    for (const row of rows) {
      const bad = walk.step(row);
      if (bad) return verdict(walk, bad);
      after = row.seq;
    }
    if (options.yieldBetweenPages) await new Promise((resolve) => setImmediate(resolve));
  }
  return verdict(walk, walk.finish(checkpoints));
}
