/**
 * SQL for risk's own tables (see schema.ts). No logic beyond reading and writing rows. Trades,
 * orders and the kill switches are trading's and the accounts are auth's: risk asks their ports.
 */
import { z } from 'zod';
import type { Db } from '../store/database';
import { GuardSettingsSchema, RiskLimitsSchema, type GuardKey, type RiskLimitsView } from '../../src-shared/contract/risk';
import { fail } from '../../src-shared/domain/errors';

export interface StoredLimits {
  scope: 'user' | 'portfolio';
  scopeId: string;
  limits: RiskLimitsView;
  updatedAt: number;
  updatedBy: string | null;
}

/** Who stopped a user's trading, when and why: kept until the stop is released. */
export interface StopNote {
  by: string;
  at: number;
  reason: string | null;
  desk: boolean;
}

/** A user's own fat-finger thresholds; a key left out takes the default. */
export interface StoredGuard {
  settings: Partial<Record<GuardKey, number>>;
  updatedAt: number;
  updatedBy: string;
}

/** The terminal's defaults for everyone without their own thresholds or limits (table risk_defaults, one row). */
export interface StoredDefaults {
  guard: Partial<Record<GuardKey, number>>;
  limits: RiskLimitsView;
  updatedAt: number;
  updatedBy: string | null;
}

/** Only numbers are kept (a cleared key is left out); the schemas are the calls', so a stored value is one the call accepts. */
const numbersOnly = <T extends Record<string, number | null | undefined>>(value: T): Partial<Record<keyof T, number>> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'number')) as Partial<Record<keyof T, number>>;
const StoredGuardSchema = z.string().transform((text, ctx) => parseJson(text, ctx)).pipe(GuardSettingsSchema).transform(numbersOnly);
const StoredDefaultLimitsSchema = z.string().transform((text, ctx) => parseJson(text, ctx)).pipe(RiskLimitsSchema).transform(numbersOnly);

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
}

interface DefaultsRowSql {
  guard: string;
  limits: string;
  updated_at: number;
  updated_by: string | null;
}

export interface FeeStep {
  fromTs: number;
  feePerMwhMoney: number;
}

interface LimitsRowSql {
  scope: 'user' | 'portfolio';
  scope_id: string;
  limits: string;
  updated_at: number;
  updated_by: string | null;
}

const toLimits = (row: LimitsRowSql): StoredLimits => ({
  scope: row.scope,
  scopeId: row.scope_id,
  limits: JSON.parse(row.limits) as RiskLimitsView,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

const DESK_KILL = 'deskKill';
const DESK_KILL_SPARED = 'deskKillSpared';
// Stop notes and guards are small per-user documents in risk's key-value table (no new table needed).
const STOP_NOTE = (userId: number) => `stopNote:${userId}`;
const GUARD = (userId: number) => `guard:${userId}`;

export class RiskStore {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      limitsOne: db.prepare('SELECT * FROM risk_limits WHERE scope = ? AND scope_id = ?'),
      limitsAll: db.prepare('SELECT * FROM risk_limits ORDER BY scope, scope_id'),
      limitsUpsert: db.prepare(
        `INSERT INTO risk_limits (scope, scope_id, limits, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, scope_id) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      cashInsert: db.prepare('INSERT INTO risk_cash_moves (user_id, kind, amount, ts, actor) VALUES (?, ?, ?, ?, ?)'),
      cashSums: db.prepare(
        `SELECT COALESCE(SUM(CASE WHEN kind = 'deposit' THEN amount ELSE 0 END), 0) AS deposits,
                COALESCE(SUM(CASE WHEN kind = 'withdrawal' THEN amount ELSE 0 END), 0) AS withdrawals
         FROM risk_cash_moves WHERE user_id = ?`,
      ),
      feeSteps: db.prepare('SELECT from_ts AS fromTs, fee_per_mwh AS feePerMwhMoney FROM risk_fee_schedule ORDER BY from_ts'),
      feeInsert: db.prepare('INSERT INTO risk_fee_schedule (from_ts, fee_per_mwh) VALUES (?, ?) ON CONFLICT (from_ts) DO UPDATE SET fee_per_mwh = excluded.fee_per_mwh'),
      members: db.prepare('SELECT user_id AS userId, portfolio FROM risk_portfolio_members ORDER BY portfolio, user_id'),
      memberSet: db.prepare('INSERT INTO risk_portfolio_members (user_id, portfolio) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET portfolio = excluded.portfolio'),
      memberDelete: db.prepare('DELETE FROM risk_portfolio_members WHERE user_id = ?'),
      defaults: db.prepare('SELECT guard, limits, updated_at, updated_by FROM risk_defaults WHERE id = 1'),
      defaultsUpsert: db.prepare(
        `INSERT INTO risk_defaults (id, guard, limits, updated_at, updated_by) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET guard = excluded.guard, limits = excluded.limits, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      setting: db.prepare('SELECT value FROM risk_settings WHERE key = ?').pluck(),
      settingSet: db.prepare('INSERT INTO risk_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      settingDelete: db.prepare('DELETE FROM risk_settings WHERE key = ?'),
    };
  }

  limits(scope: 'user' | 'portfolio', scopeId: string): StoredLimits | null {
    const row = this.q.limitsOne.get(scope, scopeId) as LimitsRowSql | undefined;
    return row ? toLimits(row) : null;
  }

  allLimits(): StoredLimits[] {
    return (this.q.limitsAll.all() as LimitsRowSql[]).map(toLimits);
  }

  setLimits(value: StoredLimits): void {
    this.q.limitsUpsert.run(value.scope, value.scopeId, JSON.stringify(value.limits), value.updatedAt, value.updatedBy);
  }

  /**
   * The terminal's defaults, or null when none were ever set. The columns are read with the calls'
   * schemas: a value nobody could have set (a hand-edited row) stops the check rather than being
   * taken as no limit.
   */
  defaults(): StoredDefaults | null {
    const row = this.q.defaults.get() as DefaultsRowSql | undefined;
    if (!row) return null;
    const guard = StoredGuardSchema.safeParse(row.guard);
    const limits = StoredDefaultLimitsSchema.safeParse(row.limits);
    if (!guard.success || !limits.success) {
      const column = guard.success ? 'limits' : 'guard';
      fail('INTERNAL', `The stored risk defaults are damaged (risk_defaults.${column}).`, { field: column, reason: 'RISK_DEFAULTS_DAMAGED', params: { field: column } });
    }
    return { guard: guard.data, limits: limits.data, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  setDefaults(value: StoredDefaults): void {
    this.q.defaultsUpsert.run(JSON.stringify(value.guard), JSON.stringify(value.limits), value.updatedAt, value.updatedBy);
  }

  addCashMove(userId: number, kind: 'deposit' | 'withdrawal', amount: number, ts: number, actor: string | null): void {
    this.q.cashInsert.run(userId, kind, amount, ts, actor);
  }

  cashSums(userId: number): { deposits: number; withdrawals: number } {
    return this.q.cashSums.get(userId) as { deposits: number; withdrawals: number };
  }

  feeSteps(): FeeStep[] {
    return this.q.feeSteps.all() as FeeStep[];
  }

  addFeeStep(fromTs: number, feePerMwhMoney: number): void {
    this.q.feeInsert.run(fromTs, feePerMwhMoney);
  }

  members(): Array<{ userId: number; portfolio: string }> {
    return this.q.members.all() as Array<{ userId: number; portfolio: string }>;
  }

  setMember(userId: number, portfolio: string | null): void {
    if (portfolio === null) this.q.memberDelete.run(userId);
    else this.q.memberSet.run(userId, portfolio);
  }

  deskKilled(): boolean {
    return this.setting(DESK_KILL) === '1';
  }

  /** Sets the desk kill flag; setting it also stores who was already stopped on their own. */
  setDeskKill(active: boolean, alreadyKilled: readonly number[]): void {
    this.setSetting(DESK_KILL, active ? '1' : '0');
    if (active) this.setSetting(DESK_KILL_SPARED, JSON.stringify(alreadyKilled));
  }

  /** Users stopped on their own before the desk kill was set, who stay stopped when it is released. */
  deskKillSpared(): number[] {
    return JSON.parse(this.setting(DESK_KILL_SPARED) ?? '[]') as number[];
  }

  stopNote(userId: number): StopNote | null {
    const text = this.setting(STOP_NOTE(userId));
    return text === null ? null : (JSON.parse(text) as StopNote);
  }

  /** Records why a user was stopped, or forgets it (null) once released. */
  setStopNote(userId: number, note: StopNote | null): void {
    if (note === null) this.q.settingDelete.run(STOP_NOTE(userId));
    else this.setSetting(STOP_NOTE(userId), JSON.stringify(note));
  }

  guard(userId: number): StoredGuard | null {
    const text = this.setting(GUARD(userId));
    return text === null ? null : (JSON.parse(text) as StoredGuard);
  }

  setGuard(userId: number, guard: StoredGuard): void {
    this.setSetting(GUARD(userId), JSON.stringify(guard));
  }

  private setting(key: string): string | null {
    return (this.q.setting.get(key) as string | undefined) ?? null;
  }

  private setSetting(key: string, value: string): void {
    this.q.settingSet.run(key, value);
  }
}
