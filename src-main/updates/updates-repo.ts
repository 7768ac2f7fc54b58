import { z } from 'zod';
import type { StagedUpdateView, UpdateCheckView, UpdateRefusal } from '../../src-shared/contract/updates';
import type { Db } from '../store/database';
import type { VerifiedRelease } from './manifest';

const RefusalSchema = z.object({ reason: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
const CheckSchema = z.object({
  at: z.number(),
  outcome: z.enum(['up_to_date', 'available', 'refused']),
  latest: z.string().nullable(),
  refusal: RefusalSchema.nullable(),
});
const ReleaseSchema = z.object({
  version: z.string(),
  releaseDate: z.string().nullable(),
  url: z.string(),
  fileName: z.string(),
  sha512: z.string(),
  bytes: z.number(),
});
const StagedSchema = z.object({ version: z.string(), fileName: z.string(), bytes: z.number(), verifiedAt: z.number(), sha512: z.string() });

export type StagedUpdate = StagedUpdateView & { sha512: string };

export interface UpdatesState {
  feedUrl: string | null;
  autoCheck: boolean;
  lastCheck: UpdateCheckView | null;
  available: VerifiedRelease | null;
  staged: StagedUpdate | null;
  lastDownloadRefusal: UpdateRefusal | null;
}

interface Row {
  feed_url: string | null;
  auto_check: number;
  last_check: string | null;
  available: string | null;
  staged: string | null;
  last_download_refusal: string | null;
}

const json = <T>(schema: z.ZodType<T>, text: string | null): T | null => (text === null ? null : schema.parse(JSON.parse(text)));

/** The one row of updates_state (migration 0025), its JSON columns parsed on read. */
export class UpdatesRepo {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT feed_url, auto_check, last_check, available, staged, last_download_refusal FROM updates_state WHERE id = 1');
    this.upsert = db.prepare(
      `INSERT INTO updates_state (id, feed_url, auto_check, last_check, available, staged, last_download_refusal, updated_at, updated_by)
       VALUES (1, @feed_url, @auto_check, @last_check, @available, @staged, @last_download_refusal, @updated_at, @updated_by)
       ON CONFLICT (id) DO UPDATE SET feed_url = excluded.feed_url, auto_check = excluded.auto_check, last_check = excluded.last_check,
         available = excluded.available, staged = excluded.staged, last_download_refusal = excluded.last_download_refusal,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
  }

  read(): UpdatesState {
    const row = this.select.get() as Row | undefined;
    if (!row) return { feedUrl: null, autoCheck: false, lastCheck: null, available: null, staged: null, lastDownloadRefusal: null };
    return {
      feedUrl: row.feed_url,
      autoCheck: row.auto_check === 1,
      lastCheck: json(CheckSchema, row.last_check),
      available: json(ReleaseSchema, row.available),
      staged: json(StagedSchema, row.staged),
      lastDownloadRefusal: json(RefusalSchema, row.last_download_refusal),
    };
  }

  /** Writes the row changed by `patch`; call inside the commit that logs the change. */
  write(patch: Partial<UpdatesState>, now: number, by: string | null): UpdatesState {
    const next = { ...this.read(), ...patch };
    const text = (value: unknown) => (value === null ? null : JSON.stringify(value));
    this.upsert.run({
      feed_url: next.feedUrl,
      auto_check: next.autoCheck ? 1 : 0,
      last_check: text(next.lastCheck),
      available: text(next.available),
      staged: text(next.staged),
      last_download_refusal: text(next.lastDownloadRefusal),
      updated_at: now,
      updated_by: by,
    });
    return next;
  }
}
