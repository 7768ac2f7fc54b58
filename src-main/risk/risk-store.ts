/** SQL for the risk tables (see schema.ts). No logic beyond reading and writing rows. */
import type { Db } from '../store/database';
import type { RiskLimitsView } from '../../src-shared/contract/risk';

export interface StoredLimits {
  scope: 'user' | 'portfolio';
  scopeId: string;
  limits: RiskLimitsView;
  updatedAt: number;
  updatedBy: string | null;
}

export interface TradeRow {
  id: number;
  product_id: string;
  price: number;
  quantity: number;
  ts: number;
  buyer_id: number;
  seller_id: number;
}

export interface FeeStep {
  fromTs: number;
  feePerMwhMoney: number;
}

export class RiskStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      limitsOne: db.prepare('SELECT * FROM risk_limits WHERE scope = ? AND scope_id = ?'),
      limitsAll: db.prepare('SELECT * FROM risk_limits ORDER BY scope, scope_id'),
      limitsUpsert: db.prepare(
        `INSERT INTO risk_limits (scope, scope_id, limits, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, scope_id) DO UPDATE SET limits = excluded.limits, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      tradesAfter: db.prepare('SELECT id, product_id, price, quantity, ts, buyer_id, seller_id FROM trades WHERE id > ? ORDER BY id'),
      cashInsert: db.prepare('INSERT INTO risk_cash_moves (user_id, kind, amount, ts, actor) VALUES (?, ?, ?, ?, ?)'),
      cashSums: db.prepare(
        `SELECT COALESCE(SUM(CASE WHEN kind = 'deposit' THEN amount ELSE 0 END), 0) AS deposits,
                COALESCE(SUM(CASE WHEN kind = 'withdrawal' THEN amount ELSE 0 END), 0) AS withdrawals
         FROM risk_cash_moves WHERE user_id = ?`,
      ),
      feeSteps: db.prepare('SELECT from_ts AS fromTs, fee_per_mwh AS feePerMwhMoney FROM risk_fee_schedule ORDER BY from_ts'),
      feeInsert: db.prepare('INSERT INTO risk_fee_schedule (from_ts, fee_per_mwh) VALUES (?, ?) ON CONFLICT (from_ts) DO UPDATE SET fee_per_mwh = excluded.fee_per_mwh'),
      members: db.prepare('SELECT m.user_id AS userId, m.portfolio, u.username FROM risk_portfolio_members m JOIN users u ON u.id = m.user_id ORDER BY m.portfolio, u.username'),
      memberSet: db.prepare('INSERT INTO risk_portfolio_members (user_id, portfolio) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET portfolio = excluded.portfolio'),
      memberDelete: db.prepare('DELETE FROM risk_portfolio_members WHERE user_id = ?'),
      setting: db.prepare('SELECT value FROM risk_settings WHERE key = ?').pluck(),
      settingSet: db.prepare('INSERT INTO risk_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      lastPriceBefore: db.prepare('SELECT price FROM trades WHERE product_id = ? AND ts < ? ORDER BY id DESC LIMIT 1').pluck(),
      killEvents: db.prepare("SELECT payload FROM events WHERE type = 'engine.killSwitch' ORDER BY seq").pluck(),
      userIds: db.prepare('SELECT id FROM users ORDER BY id').pluck(),
      username: db.prepare('SELECT username FROM users WHERE id = ?').pluck(),
      workingOrders: db.prepare(
        `SELECT product_id AS productId, side, price, remaining FROM orders
         WHERE owner_id = ? AND status IN ('working','partially_filled','pending_trigger')`,
      ),
    };
  }

  limits(scope: 'user' | 'portfolio', scopeId: string): StoredLimits | null {
    const row = this.q.limitsOne.get(scope, scopeId) as { scope: 'user' | 'portfolio'; scope_id: string; limits: string; updated_at: number; updated_by: string | null } | undefined;
    return row ? { scope: row.scope, scopeId: row.scope_id, limits: JSON.parse(row.limits) as RiskLimitsView, updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
  }

  allLimits(): StoredLimits[] {
    const rows = this.q.limitsAll.all() as Array<{ scope: 'user' | 'portfolio'; scope_id: string; limits: string; updated_at: number; updated_by: string | null }>;
    return rows.map((row) => ({ scope: row.scope, scopeId: row.scope_id, limits: JSON.parse(row.limits) as RiskLimitsView, updatedAt: row.updated_at, updatedBy: row.updated_by }));
  }

  setLimits(value: StoredLimits): void {
    this.q.limitsUpsert.run(value.scope, value.scopeId, JSON.stringify(value.limits), value.updatedAt, value.updatedBy);
  }

  tradesAfter(id: number): TradeRow[] {
    return this.q.tradesAfter.all(id) as TradeRow[];
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

  members(): Array<{ userId: number; portfolio: string; username: string }> {
    return this.q.members.all() as Array<{ userId: number; portfolio: string; username: string }>;
  }

  setMember(userId: number, portfolio: string | null): void {
    if (portfolio === null) this.q.memberDelete.run(userId);
    else this.q.memberSet.run(userId, portfolio);
  }

  setting(key: string): string | null {
    return (this.q.setting.get(key) as string | undefined) ?? null;
  }

  setSetting(key: string, value: string): void {
    this.q.settingSet.run(key, value);
  }

  /** Last trade price of a product before `ts`: the end-of-day mark of past days. */
  lastPriceBefore(productId: string, ts: number): number | undefined {
    return this.q.lastPriceBefore.get(productId, ts) as number | undefined;
  }

  /** Users whose kill switch is on, from the engine's kill/release events in the log. */
  killedUsers(): Set<number> {
    const killed = new Set<number>();
    for (const payload of this.q.killEvents.all() as string[]) {
      const event = JSON.parse(payload) as { owner?: unknown; active?: unknown };
      if (typeof event.owner !== 'number') continue;
      if (event.active === true) killed.add(event.owner);
      else killed.delete(event.owner);
    }
    return killed;
  }

  userIds(): number[] {
    return this.q.userIds.all() as number[];
  }

  username(userId: number): string | null {
    return (this.q.username.get(userId) as string | undefined) ?? null;
  }

  workingOrders(userId: number): Array<{ productId: string; side: 'buy' | 'sell'; price: number | null; remaining: number }> {
    return this.q.workingOrders.all(userId) as Array<{ productId: string; side: 'buy' | 'sell'; price: number | null; remaining: number }>;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
