import { createPublicKey, sign, verify } from 'node:crypto';
import type { AuditVerdict, ExportedCheckpoints } from '../../src-shared/contract/audit';
import { verifyChain, type ChainVerdict, type TrustedCheckpoint } from '../store/chain-verify';
import type { Db } from '../store/database';
import { chainHeadReader } from '../store/event-chain';
import { keyIdOf, type CheckpointKey } from './checkpoint-key';

/**
 * Signed checkpoints of the event log's hash chain: Ed25519 over (terminal, seq, head hash, time).
 * A chain alone cannot show that rows were cut off its end, or that someone with the file rewrote
 * it and recomputed every hash; a checkpoint kept off the machine can (docs/audit-trail.md).
 */

const FORMAT = 'griddesk.audit.checkpoints.v1';

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(terminalId: string, seq: number, hashHex: string, ts: number): Buffer {
  return Buffer.from(JSON.stringify(['griddesk.audit.checkpoint.v1', terminalId, seq, hashHex, ts]), 'utf8');
}

/** The checkpoints whose signatures verify under the given keys, and the first that does not. */
export function trustCheckpoints(exported: ExportedCheckpoints, terminalId: string): { trusted: TrustedCheckpoint[]; firstForged: number | null } {
  const keys = new Map<string, ReturnType<typeof createPublicKey>>();
  for (const key of exported.keys) {
    try {
      const publicKey = createPublicKey(key.publicKey);
      // A key is known by its own bytes, so a file cannot file one key under another's id.
      if (publicKey.asymmetricKeyType === 'ed25519' && keyIdOf(publicKey) === key.keyId) keys.set(key.keyId, publicKey);
    } catch {
      // An unreadable key verifies nothing; the checkpoints it signed are reported below.
    }
  }
  const trusted: TrustedCheckpoint[] = [];
  let firstForged: number | null = null;
  for (const checkpoint of exported.checkpoints) {
    const key = keys.get(checkpoint.keyId);
    const message = checkpointMessage(terminalId, checkpoint.seq, checkpoint.hash, checkpoint.ts);
    if (key && verify(null, message, key, Buffer.from(checkpoint.signature, 'base64'))) trusted.push({ seq: checkpoint.seq, hash: Buffer.from(checkpoint.hash, 'hex') });
    else if (firstForged === null || checkpoint.seq < firstForged) firstForged = checkpoint.seq;
  }
  return { trusted, firstForged };
}

/** The database's own checkpoints, in the exported form (the same check applies to both). */
export function storedCheckpoints(db: Db, terminalId: string, now: number): ExportedCheckpoints {
  const keys = db.prepare('SELECT key_id AS keyId, public_key AS publicKey FROM audit_keys ORDER BY created_at, key_id').all() as ExportedCheckpoints['keys'];
  const rows = db.prepare('SELECT seq, hash, ts, key_id, signature FROM audit_checkpoints ORDER BY seq').all() as Array<{ seq: number; hash: Buffer; ts: number; key_id: string; signature: Buffer }>;
  return {
    format: FORMAT,
    terminalId,
    exportedAt: now,
    keys,
    checkpoints: rows.map((row) => ({ seq: row.seq, hash: row.hash.toString('hex'), ts: row.ts, keyId: row.key_id, signature: row.signature.toString('base64') })),
  };
}

/**
 * The whole check: the database's checkpoints under its own keys, the exported ones (if given)
 * under theirs, then the chain against all of them. The first fault by seq is reported.
 */
export async function verifyTrail(db: Db, terminalId: string, now: number, exported?: ExportedCheckpoints, options: { yieldBetweenPages?: boolean } = {}): Promise<AuditVerdict> {
  const sources = [storedCheckpoints(db, terminalId, now), ...(exported ? [exported] : [])];
  const trusted: TrustedCheckpoint[] = [];
  let firstForged: number | null = null;
  for (const source of sources) {
    const result = trustCheckpoints(source, terminalId);
    trusted.push(...result.trusted);
    if (result.firstForged !== null && (firstForged === null || result.firstForged < firstForged)) firstForged = result.firstForged;
  }
  const chain: ChainVerdict = await verifyChain(db, trusted, options);
  const count = new Set(trusted.map((c) => `${c.seq}:${c.hash.toString('hex')}`)).size;
  if (firstForged !== null && (chain.firstBad === undefined || firstForged <= chain.firstBad.seq)) {
    return { ok: false, checkedTo: Math.min(chain.checkedTo, firstForged - 1), firstBad: { seq: firstForged, reason: 'bad_checkpoint' }, checkpoints: count };
  }
  return { ...chain, checkpoints: count };
}

/** Signs checkpoints of this terminal's chain with its key, and keeps them in `audit_checkpoints`. */
export class CheckpointSigner {
  private readonly head;
  private readonly insert;
  private readonly lastSigned;
  private readonly registerKey;

  constructor(
    private readonly db: Db,
    private readonly terminalId: string,
    private readonly key: CheckpointKey,
    now: number,
  ) {
    this.registerKey = db.prepare('INSERT OR IGNORE INTO audit_keys (key_id, public_key, created_at) VALUES (?, ?, ?)');
    this.registerKey.run(key.keyId, key.publicKeyPem, now);
    this.head = chainHeadReader(db);
    this.insert = db.prepare('INSERT OR IGNORE INTO audit_checkpoints (seq, hash, ts, key_id, signature) VALUES (?, ?, ?, ?, ?)');
    this.lastSigned = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints').pluck();
  }

  /** Entries written since the last checkpoint. */
  unsigned(): number {
    return this.head().seq - (this.lastSigned.get() as number);
  }

  /** Signs the head as it is now, unless it is already signed (or the log is empty). */
  sign(now: number): number | null {
    const head = this.head();
    if (head.seq === 0 || head.seq <= (this.lastSigned.get() as number)) return null;
    const hashHex = head.hash.toString('hex');
    const signature = sign(null, checkpointMessage(this.terminalId, head.seq, hashHex, now), this.key.privateKey);
    // The key's row is written again if it went missing, so that a checkpoint always names a stored key.
    this.db.transaction(() => {
      this.registerKey.run(this.key.keyId, this.key.publicKeyPem, now);
      this.insert.run(head.seq, head.hash, now, this.key.keyId, signature);
    })();
    return head.seq;
  }
}
