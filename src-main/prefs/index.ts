import type { PrefKey } from '../../src-shared/contract';
import { defineDomain, type Domain } from '../api/domain';
import type { Db } from '../store/database';

/** Per-user preferences (layout, theme, locale): opaque JSON to the core, validated by size only. */
export function createPrefs(deps: { db: Db }): { domain: Domain<'prefs'> } {
  return { domain: new PrefsService(deps.db).domain() };
}

class PrefsService {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT key, value FROM prefs WHERE user_id = ?');
    this.upsert = db.prepare(
      'INSERT INTO prefs (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value',
    );
  }

  domain(): Domain<'prefs'> {
    return defineDomain('prefs', { handlers: {
      'prefs.get': (_input, ctx) => {
        const rows = this.select.all(ctx.caller.userId) as Array<{ key: PrefKey; value: string }>;
        return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
      },
      'prefs.set': (input, ctx) => {
        const userId = ctx.caller.userId;
        ctx.commit((log) => {
          this.upsert.run(userId, input.key, JSON.stringify(input.value));
          log('prefs.set', { userId, key: input.key });
        });
        return { done: true };
      },
    } });
  }
}
