import { randomBytes } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../src-shared/contract/marketdata';
import { fail } from '../../src-shared/domain/errors';

const TTL_MS = 10 * 60_000;
/** Uploads in flight at once across all users; each may hold up to MAX_IMPORT_BYTES. */
const MAX_PENDING = 4;

interface Pending {
  userId: number;
  parts: string[];
  bytes: number;
  touchedAt: number;
}

/**
 * A file sent in chunks, because one WebSocket message is capped at 2 MB. Kept in memory only until
 * imported or expired; a file over the import cap is refused at the chunk that crosses it.
 */
export class Uploads {
  private readonly pending = new Map<string, Pending>();

  append(userId: number, uploadId: string | undefined, content: string, now: number): { uploadId: string; bytes: number } {
    this.expire(now);
    let id = uploadId;
    let entry = id === undefined ? undefined : this.pending.get(id);
    if (id !== undefined && (!entry || entry.userId !== userId)) {
      fail('NOT_FOUND', 'This upload is unknown or has expired (uploads last 10 minutes); start it again.', { field: 'uploadId', reason: 'UPLOAD_EXPIRED' });
    }
    if (!entry) {
      if (this.pending.size >= MAX_PENDING) fail('CONFLICT', 'Too many uploads are in progress; try again in a few minutes.', { reason: 'UPLOADS_BUSY' });
      id = randomBytes(12).toString('hex');
      entry = { userId, parts: [], bytes: 0, touchedAt: now };
      this.pending.set(id, entry);
    }
    const bytes = entry.bytes + Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_IMPORT_BYTES) {
      this.pending.delete(id ?? '');
      fail('BAD_INPUT', `The file is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MB; nothing was imported. Split it (for example by year) and import the parts.`, {
        field: 'content',
        reason: 'FILE_TOO_LARGE',
        params: { mb: MAX_IMPORT_BYTES / (1024 * 1024) },
      });
    }
    entry.parts.push(content);
    entry.bytes = bytes;
    entry.touchedAt = now;
    return { uploadId: id ?? '', bytes };
  }

  /** Hands the whole text over and forgets the upload. */
  take(userId: number, uploadId: string, now: number): string {
    this.expire(now);
    const entry = this.pending.get(uploadId);
    if (!entry || entry.userId !== userId) {
      fail('NOT_FOUND', 'This upload is unknown or has expired (uploads last 10 minutes); send the file again.', { field: 'uploadId', reason: 'UPLOAD_EXPIRED' });
    }
    this.pending.delete(uploadId);
    return entry.parts.join('');
  }

  private expire(now: number): void {
    for (const [id, entry] of this.pending) if (now - entry.touchedAt > TTL_MS) this.pending.delete(id);
  }
}
