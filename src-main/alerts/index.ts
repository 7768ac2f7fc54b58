import type { AlertDirection, FiredAlertView } from '../../src-shared/contract/alerts';
import { MAX_ALERT_RULES } from '../../src-shared/contract/alerts';
import { fail } from '../../src-shared/domain/errors';
import type { PublishFn } from '../api/context';
import { defineDomain, type Domain } from '../api/domain';
import type { Recorder } from '../api/recorder';
import type { Clock } from '../core/clock';
import type { Db } from '../store/database';
import type { TradeRecord, TradingPort } from '../trading';
import { AlertsRepo, type StoredRule } from './alerts-repo';

/** True when the price is at or beyond the rule's level: a rule kept in the store is never true at its last check. */
export function isTrue(rule: { direction: AlertDirection; price: number }, price: number): boolean {
  return rule.direction === 'above' ? price >= rule.price : price <= rule.price;
}

/**
 * Each user's price alerts and the history of what fired. A rule already true at the last price
 * fires as it is made; a kept rule fires at the first trade that reaches its level, once, and is
 * then done. The market's trades come through trading's port, never its tables.
 */
export function createAlerts(deps: { db: Db; recorder: Recorder; clock: Clock; trading: TradingPort }): { domain: Domain<'alerts'> } {
  const repo = new AlertsRepo(deps.db);
  const toUser = (userId: number) => ({ userIds: [userId] });
  const announceRules = (userId: number, publish: PublishFn) =>
    publish('alerts.rules', { rules: repo.rules(userId).map(({ userId: _owner, ...view }) => view) }, toUser(userId));

  function fire(rule: StoredRule, last: number, already: boolean, now: number, publish: PublishFn): FiredAlertView | null {
    repo.removeRule(rule.id);
    const code = already ? (`price_${rule.direction}_already` as const) : (`price_${rule.direction}` as const);
    // No key: the core fires a rule once (it is gone after), so there is no second sighting to fold.
    const fired = repo.record(rule.userId, null, { ts: now, kind: 'price', code, params: { productId: rule.productId, price: rule.price, last } });
    if (fired) publish('alerts.fired', fired, toUser(rule.userId));
    announceRules(rule.userId, publish);
    return fired;
  }

  function onTrades(trades: readonly TradeRecord[]): void {
    const byProduct = new Map<string, TradeRecord[]>();
    for (const trade of trades) byProduct.set(trade.productId, [...(byProduct.get(trade.productId) ?? []), trade]);
    const due: Array<{ rule: StoredRule; last: number }> = [];
    for (const [productId, productTrades] of byProduct) {
      for (const rule of repo.rulesOf(productId)) {
        // The first trade of the batch that reaches the level fires it, at that trade's price.
        const hit = productTrades.find((trade) => isTrue(rule, trade.price));
        if (hit) due.push({ rule, last: hit.price });
      }
    }
    if (due.length === 0) return;
    const now = deps.clock.now();
    deps.recorder.commit(now, 'system', (log, publish) => {
      for (const { rule, last } of due) {
        fire(rule, last, false, now, publish);
        log('alerts.fired', { userId: rule.userId, ruleId: rule.id, productId: rule.productId, direction: rule.direction, price: rule.price, last });
      }
    });
  }

  const unsubscribe = deps.trading.onTrades(onTrades);
  const domain = defineDomain('alerts', {
    stop: () => unsubscribe(),
    handlers: {
      'alerts.rules.list': (_input, ctx) => repo.rules(ctx.caller.userId).map(({ userId: _owner, ...view }) => view),
      'alerts.rules.add': (input, ctx) => {
        const userId = ctx.caller.userId;
        if (!deps.trading.product(input.productId)) fail('NOT_FOUND', 'No such product.', { field: 'productId', reason: 'NO_SUCH_PRODUCT', params: { productId: input.productId } });
        if (repo.ruleCount(userId) >= MAX_ALERT_RULES) fail('REJECTED', 'You have the most alerts one user can keep.', { reason: 'TOO_MANY_ALERTS', params: { max: MAX_ALERT_RULES } });
        const last = deps.trading.quote(input.productId)?.last ?? null;
        return ctx.commit((log, publish) => {
          const rule = repo.addRule(userId, input, ctx.now);
          log('alerts.rule_added', { userId, ruleId: rule.id, productId: rule.productId, direction: rule.direction, price: rule.price, last });
          if (last !== null && isTrue(rule, last)) {
            // Waiting for a cross that already happened would never fire: it fires now and is done.
            const fired = fire(rule, last, true, ctx.now, publish);
            log('alerts.fired', { userId, ruleId: rule.id, productId: rule.productId, direction: rule.direction, price: rule.price, last, already: true });
            return { rule: null, fired };
          }
          announceRules(userId, publish);
          const { userId: _owner, ...view } = rule;
          return { rule: view, fired: null };
        });
      },
      'alerts.rules.remove': (input, ctx) => {
        const userId = ctx.caller.userId;
        const rule = repo.rule(input.ruleId);
        // Another user's rule answers as one that does not exist: ids tell nothing about others.
        if (!rule || rule.userId !== userId) fail('NOT_FOUND', 'No such alert.', { field: 'ruleId', reason: 'NO_SUCH_ALERT', params: { ruleId: input.ruleId } });
        ctx.commit((log, publish) => {
          repo.removeRule(rule.id);
          log('alerts.rule_removed', { userId, ruleId: rule.id, productId: rule.productId });
          announceRules(userId, publish);
        });
        return { done: true };
      },
      'alerts.history.list': (_input, ctx) => repo.historyOf(ctx.caller.userId),
      'alerts.history.record': (input, ctx) => {
        const userId = ctx.caller.userId;
        return ctx.commit((log, publish) => {
          const fired = repo.record(userId, input.key, { ts: ctx.now, kind: input.kind, code: input.code, params: input.params });
          log('alerts.recorded', { userId, key: input.key, kind: input.kind, recorded: fired !== null });
          if (fired) publish('alerts.fired', fired, toUser(userId));
          return { recorded: fired !== null };
        });
      },
      'alerts.history.clear': (_input, ctx) => {
        const userId = ctx.caller.userId;
        ctx.commit((log, publish) => {
          repo.clear(userId);
          log('alerts.cleared', { userId });
          publish('alerts.cleared', {}, toUser(userId));
        });
        return { done: true };
      },
    },
  });
  return { domain };
}
