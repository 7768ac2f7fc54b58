import type { UserSiteView } from '../../src-shared/contract/delivery';
import type { Db } from '../store/database';

interface Row {
  userId: number;
  site: string;
  updatedAt: number;
  updatedBy: string | null;
}

/** Which site's batteries back each user's local-market sells (table user_sites). */
export class UserSitesRepo {
  private readonly one;
  private readonly all;
  private readonly upsert;
  private readonly remove;
  private readonly ofSite;

  constructor(db: Db) {
    const columns = 'user_id AS userId, site, updated_at AS updatedAt, updated_by AS updatedBy';
    this.one = db.prepare(`SELECT ${columns} FROM user_sites WHERE user_id = ?`);
    this.all = db.prepare(`SELECT ${columns} FROM user_sites ORDER BY user_id`);
    this.upsert = db.prepare(
      `INSERT INTO user_sites (user_id, site, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET site = excluded.site, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    this.remove = db.prepare('DELETE FROM user_sites WHERE user_id = ?');
    this.ofSite = db.prepare('SELECT user_id FROM user_sites WHERE site = ? ORDER BY user_id').pluck();
  }

  /** The users assigned to a site: they share its batteries. */
  usersOf(site: string): number[] {
    return this.ofSite.all(site) as number[];
  }

  siteOf(userId: number): string | null {
    return (this.one.get(userId) as Row | undefined)?.site ?? null;
  }

  list(): UserSiteView[] {
    return this.all.all() as Row[];
  }

  set(userId: number, site: string | null, ts: number, by: string | null): void {
    if (site === null) this.remove.run(userId);
    else this.upsert.run(userId, site, ts, by);
  }
}
