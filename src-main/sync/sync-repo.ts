import type { SyncApplied, SyncErrorCode, SyncItemView } from '../../src-shared/contract/sync';
import type { CentralItem } from '../../src-shared/contract/sync-wire';
import type { Db } from '../store/database';
import type { SecretBox } from '../store/secret-box';

/** The purpose the device token is sealed under: a sealed value from another field does not open here. */
const TOKEN_PURPOSE = 'sync.token';

export interface SyncLink {
  serverUrl: string;
  orgId: string;
  token: string;
  ackedSeq: number;
  pullCursor: string;
  lastSyncAt: number | null;
  lastAttemptAt: number | null;
  lastError: { code: SyncErrorCode; seq: number | null } | null;
}

interface StateRow {
  server_url: string;
  org_id: string;
  token: string;
  acked_seq: number;
  pull_cursor: string;
  last_sync_at: number | null;
  last_attempt_at: number | null;
  last_error_code: SyncErrorCode | null;
  last_error_seq: number | null;
}

/** The sync domain's two tables (migration 0019); the token is sealed on the way in and opened on the way out. */
export class SyncRepo {
  constructor(
    private readonly db: Db,
    private readonly secrets: () => SecretBox,
  ) {}

  link(): SyncLink | null {
    const row = this.db.prepare('SELECT * FROM sync_state WHERE id = 1').get() as StateRow | undefined;
    if (!row) return null;
    return {
      serverUrl: row.server_url,
      orgId: row.org_id,
      token: this.secrets().open(row.token, TOKEN_PURPOSE),
      ackedSeq: row.acked_seq,
      pullCursor: row.pull_cursor,
      lastSyncAt: row.last_sync_at,
      lastAttemptAt: row.last_attempt_at,
      lastError: row.last_error_code === null ? null : { code: row.last_error_code, seq: row.last_error_seq },
    };
  }

  enrol(serverUrl: string, orgId: string, token: string, ackedSeq: number, now: number): void {
    this.db.prepare('DELETE FROM sync_items').run();
    this.db
      .prepare('INSERT OR REPLACE INTO sync_state (id, server_url, org_id, token, acked_seq, pull_cursor, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?)')
      .run(serverUrl, orgId, this.secrets().seal(token, TOKEN_PURPOSE), ackedSeq, '0', now);
  }

  unenrol(): void {
    this.db.prepare('DELETE FROM sync_state').run();
    this.db.prepare('DELETE FROM sync_items').run();
  }

  acked(seq: number): void {
    this.db.prepare('UPDATE sync_state SET acked_seq = ? WHERE id = 1').run(seq);
  }

  attempted(now: number, error: { code: SyncErrorCode; seq: number | null } | null): void {
    if (error === null) {
      this.db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_sync_at = ?, last_error_code = NULL, last_error_seq = NULL WHERE id = 1').run(now, now);
    } else {
      this.db.prepare('UPDATE sync_state SET last_attempt_at = ?, last_error_code = ?, last_error_seq = ? WHERE id = 1').run(now, error.code, error.seq);
    }
  }

  /** The pulled items and the cursor after them, together: a crash between the two would pull them again, harmlessly. */
  pulled(items: readonly CentralItem[], cursor: string, now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO sync_items (kind, key, version, value, pulled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, value = excluded.value, pulled_at = excluded.pulled_at, applied = 'recorded', refusal = NULL WHERE excluded.version >= sync_items.version`,
    );
    this.db.transaction(() => {
      for (const item of items) upsert.run(item.kind, item.key, item.version, JSON.stringify(item.value ?? null), now);
      this.db.prepare('UPDATE sync_state SET pull_cursor = ? WHERE id = 1').run(cursor);
    })();
  }

  outcome(kind: string, key: string, version: number, applied: SyncApplied, refusal: string | null): void {
    this.db.prepare('UPDATE sync_items SET applied = ?, refusal = ? WHERE kind = ? AND key = ? AND version = ?').run(applied, refusal, kind, key, version);
  }

  items(): SyncItemView[] {
    const rows = this.db.prepare('SELECT kind, key, version, value, pulled_at, applied, refusal FROM sync_items ORDER BY kind, key').all() as Array<{
      kind: SyncItemView['kind'];
      key: string;
      version: number;
      value: string;
      pulled_at: number;
      applied: SyncApplied;
      refusal: string | null;
    }>;
    return rows.map((row) => ({
      kind: row.kind,
      key: row.key,
      version: row.version,
      value: JSON.parse(row.value) as unknown,
      pulledAt: row.pulled_at,
      applied: row.applied,
      refusal: row.refusal,
    }));
  }
}
