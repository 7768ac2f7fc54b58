import { DEFAULT_TERMINAL_DEFAULTS, type PrefKey, type TerminalDefaultsInput, type TerminalDefaultsView } from '../../src-shared/contract/prefs';
import { defineDomain, type Domain } from '../api/domain';
import type { Db } from '../store/database';

/**
 * Per-user preferences (layout, theme, locale): opaque JSON to the core, validated by size only;
 * and the terminal-wide defaults a user starts from (language, theme, time zone), set by an admin.
 */
export function createPrefs(deps: { db: Db }): { domain: Domain<'prefs'> } {
  return { domain: new PrefsService(deps.db).domain() };
}

type DefaultKey = keyof TerminalDefaultsInput;

class PrefsService {
  private readonly select;
  private readonly upsert;
  private readonly selectDefaults;
  private readonly upsertDefault;

  constructor(db: Db) {
    this.select = db.prepare('SELECT key, value FROM prefs WHERE user_id = ?');
    this.upsert = db.prepare(
      'INSERT INTO prefs (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value',
    );
    this.selectDefaults = db.prepare('SELECT key, value, updated_at, updated_by FROM prefs_defaults');
    this.upsertDefault = db.prepare(
      'INSERT INTO prefs_defaults (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    );
  }

  private defaults(): TerminalDefaultsView {
    const rows = this.selectDefaults.all() as Array<{ key: DefaultKey; value: string; updated_at: number; updated_by: string | null }>;
    const view: TerminalDefaultsView = { ...DEFAULT_TERMINAL_DEFAULTS, updatedAt: null, updatedBy: null };
    for (const row of rows) {
      // The column's CHECK and the contract's schema admitted each value; stored as written.
      Object.assign(view, { [row.key]: row.value });
      if (view.updatedAt === null || row.updated_at > view.updatedAt) Object.assign(view, { updatedAt: row.updated_at, updatedBy: row.updated_by });
    }
    return view;
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
      'prefs.defaults.get': () => this.defaults(),
      'prefs.defaults.set': (input, ctx) => {
        const before = this.defaults();
        const changed = (Object.entries(input) as Array<[DefaultKey, string]>).filter(([key, value]) => before[key] !== value);
        if (changed.length === 0) return before;
        ctx.commit((log) => {
          for (const [key, value] of changed) this.upsertDefault.run(key, value, ctx.now, ctx.caller.username);
          log('prefs.defaults', { changed: Object.fromEntries(changed.map(([key, value]) => [key, { from: before[key], to: value }])) });
        });
        return this.defaults();
      },
    } });
  }
}
