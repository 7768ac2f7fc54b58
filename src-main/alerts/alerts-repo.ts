import type { AlertCode, AlertKind, AlertParams, AlertRuleView, FiredAlertView } from '../../src-shared/contract/alerts';
import { AlertParamsSchema, MAX_ALERT_HISTORY } from '../../src-shared/contract/alerts';
import type { Db } from '../store/database';

interface RuleRow {
  id: number;
  user_id: number;
  product_id: string;
  direction: 'above' | 'below';
  price: number;
  created_at: number;
}

interface HistoryRow {
  id: number;
  ts: number;
  kind: AlertKind;
  code: AlertCode;
  params: string;
}

export type StoredRule = AlertRuleView & { userId: number };

const ruleOf = (row: RuleRow): StoredRule => ({ id: row.id, userId: row.user_id, productId: row.product_id, direction: row.direction, price: row.price, createdAt: row.created_at });

/** The alerts domain's two tables: nothing else reads them. */
export class AlertsRepo {
  private readonly byUser;
  private readonly byProduct;
  private readonly byId;
  private readonly insertRule;
  private readonly deleteRule;
  private readonly countRules;
  private readonly insertHistory;
  private readonly history;
  private readonly trimHistory;
  private readonly clearHistory;

  constructor(db: Db) {
    this.byUser = db.prepare('SELECT * FROM alert_rules WHERE user_id = ? ORDER BY id');
    this.byProduct = db.prepare('SELECT * FROM alert_rules WHERE product_id = ? ORDER BY id');
    this.byId = db.prepare('SELECT * FROM alert_rules WHERE id = ?');
    this.insertRule = db.prepare('INSERT INTO alert_rules (user_id, product_id, direction, price, created_at) VALUES (?, ?, ?, ?, ?)');
    this.deleteRule = db.prepare('DELETE FROM alert_rules WHERE id = ?');
    this.countRules = db.prepare('SELECT COUNT(*) AS n FROM alert_rules WHERE user_id = ?');
    this.insertHistory = db.prepare('INSERT OR IGNORE INTO alert_history (user_id, key, ts, kind, code, params) VALUES (?, ?, ?, ?, ?, ?)');
    this.history = db.prepare('SELECT id, ts, kind, code, params FROM alert_history WHERE user_id = ? ORDER BY id DESC LIMIT ?');
    this.trimHistory = db.prepare('DELETE FROM alert_history WHERE user_id = ? AND id <= (SELECT id FROM alert_history WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)');
    this.clearHistory = db.prepare('DELETE FROM alert_history WHERE user_id = ?');
  }

  rules(userId: number): StoredRule[] {
    return (this.byUser.all(userId) as RuleRow[]).map(ruleOf);
  }

  rulesOf(productId: string): StoredRule[] {
    return (this.byProduct.all(productId) as RuleRow[]).map(ruleOf);
  }

  rule(id: number): StoredRule | undefined {
    const row = this.byId.get(id) as RuleRow | undefined;
    return row ? ruleOf(row) : undefined;
  }

  ruleCount(userId: number): number {
    return (this.countRules.get(userId) as { n: number }).n;
  }

  addRule(userId: number, rule: Pick<AlertRuleView, 'productId' | 'direction' | 'price'>, now: number): StoredRule {
    const id = Number(this.insertRule.run(userId, rule.productId, rule.direction, rule.price, now).lastInsertRowid);
    return { id, userId, ...rule, createdAt: now };
  }

  removeRule(id: number): void {
    this.deleteRule.run(id);
  }

  /** Stores one fired alert unless `key` is stored for the user already (null: always); keeps the newest MAX_ALERT_HISTORY. */
  record(userId: number, key: string | null, alert: Omit<FiredAlertView, 'id'>): FiredAlertView | null {
    const result = this.insertHistory.run(userId, key, alert.ts, alert.kind, alert.code, JSON.stringify(alert.params));
    if (result.changes === 0) return null;
    this.trimHistory.run(userId, userId, MAX_ALERT_HISTORY);
    return { id: Number(result.lastInsertRowid), ...alert };
  }

  historyOf(userId: number): FiredAlertView[] {
    return (this.history.all(userId, MAX_ALERT_HISTORY) as HistoryRow[]).map((row) => ({ id: row.id, ts: row.ts, kind: row.kind, code: row.code, params: parseParams(row.params) }));
  }

  clear(userId: number): void {
    this.clearHistory.run(userId);
  }
}

/** The column is the core's own JSON, still read through the schema: a damaged row shows as a bare product, never crashes a list. */
function parseParams(text: string): AlertParams {
  try {
    const parsed = AlertParamsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { productId: '' };
}
