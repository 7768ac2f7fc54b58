import { create } from 'zustand';
import type { AlertCode, AlertKind, AlertParams, AlertRuleView, FiredAlertView } from '../../../../src-shared/contract/alerts';
import type { ProductView } from '../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../ui/units';
import { call, subscribe } from '../../transport/client';
import { AlertSettingsSchema, DEFAULT_ALERT_SETTINGS, gatesToWarn, type AlertSettings } from './rules';
import { productLabel } from '../../ui/format';
import { reasonText } from '../../ui/errors/error-text';
import i18next from '../../ui/i18n';
import { useTrading } from '../trading/public';

export type { AlertKind } from '../../../../src-shared/contract/alerts';
/** A fired alert as the core keeps it: a code and raw values, worded by `alertText` in the language of the moment. */
export type Alert = FiredAlertView;

interface AlertsState {
  /** Newest first; the core's history, so it survives a reload and follows the user to another browser. */
  alerts: Alert[];
  rules: AlertRuleView[];
  /** The newest id the history held when loaded: alerts up to it are old news, not toasts. */
  loadedUpTo: number;
  unread: number;
  settings: AlertSettings;
  markRead(): void;
  clear(): void;
  load(): Promise<void>;
  updateSettings(change: Partial<Omit<AlertSettings, 'priceRules'>>): void;
  /** The core answers; a rule already true comes back fired. Rejects with the core's error. */
  addPriceRule(rule: Pick<AlertRuleView, 'productId' | 'direction' | 'price'>): Promise<void>;
  removePriceRule(id: number): Promise<void>;
}

let ticketRefusals = 0;
const warnedGates = new Set<string>();

function notifyDesktop(text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  new Notification('GridDesk', { body: text });
}

function persist(settings: AlertSettings): void {
  call('prefs.set', { key: 'alerts', value: settings }).catch(() => undefined);
}

/** Adds fired alerts the list does not hold yet (the call's answer and its event both bring one). */
function arrived(fired: Alert): void {
  const state = useAlerts.getState();
  if (state.alerts.some((a) => a.id === fired.id)) return;
  useAlerts.setState({ alerts: [fired, ...state.alerts], unread: state.unread + 1 });
  if (state.settings.desktop) notifyDesktop(alertText(fired));
}

export const useAlerts = create<AlertsState>((set, get) => ({
  alerts: [],
  rules: [],
  loadedUpTo: 0,
  unread: 0,
  settings: DEFAULT_ALERT_SETTINGS,
  markRead() {
    set({ unread: 0 });
  },
  clear() {
    // Ids may start over once the history is empty: anything after a clear is news.
    set({ alerts: [], unread: 0, loadedUpTo: 0 });
    call('alerts.history.clear', {}).catch(() => undefined);
  },
  async load() {
    const [prefs, rules, alerts] = await Promise.all([call('prefs.get', {}), call('alerts.rules.list', {}), call('alerts.history.list', {})]);
    const parsed = AlertSettingsSchema.safeParse(prefs.alerts);
    const settings = parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
    set({ settings: { ...settings, priceRules: [] }, rules, alerts, loadedUpTo: alerts[0]?.id ?? 0 });
    // Rules kept in the preferences before the core kept them move there once.
    if (settings.priceRules.length > 0) {
      for (const rule of settings.priceRules) await get().addPriceRule(rule).catch(() => undefined);
      persist({ ...settings, priceRules: [] });
    }
  },
  updateSettings(change) {
    const settings = { ...get().settings, ...change, priceRules: [] };
    set({ settings });
    persist(settings);
  },
  async addPriceRule(rule) {
    const added = await call('alerts.rules.add', { productId: rule.productId, direction: rule.direction, price: rule.price });
    if (added.fired) arrived(added.fired);
    if (added.rule) {
      const kept = added.rule;
      set((s) => ({ rules: s.rules.some((r) => r.id === kept.id) ? s.rules : [...s.rules, kept] }));
    }
  },
  async removePriceRule(id) {
    await call('alerts.rules.remove', { ruleId: id });
    set((s) => ({ rules: s.rules.filter((r) => r.id !== id) }));
  },
}));

function labelOf(productId: string): string {
  const product: ProductView | undefined = useTrading.getState().products.find((p) => p.id === productId);
  return product ? productLabel(product, i18next.language) : productId;
}

/** A reason is an order's (`errors.reasons.*`) or, for a ticket refusal without one, the error's code. */
function reasonWords(reason: string): string {
  const t = (key: string, options?: Record<string, unknown>) => i18next.t(key, options);
  if (i18next.exists(`errors.${reason}`)) return t(`errors.${reason}`);
  return reasonText(reason, t);
}

/** The alert in the user's language now, from its code and raw values. */
export function alertText(alert: Pick<Alert, 'code' | 'params'>): string {
  const p = alert.params;
  return i18next.t(`alerts.text.${alert.code}`, {
    product: labelOf(p.productId),
    price: p.price === undefined ? '' : formatPrice(p.price),
    last: p.last === undefined ? '' : formatPrice(p.last),
    quantity: p.quantity === undefined ? '' : formatMw(p.quantity),
    id: p.orderId === undefined ? '' : String(p.orderId),
    minutes: p.minutes === undefined ? '' : String(p.minutes),
    reason: p.reason === undefined ? '' : reasonWords(p.reason),
  });
}

/** An alert seen here: the core stores it once per `key`, however many tabs of the user saw it. */
function record(key: string, kind: Exclude<AlertKind, 'price'>, code: AlertCode, params: AlertParams): void {
  call('alerts.history.record', { key, kind, code, params }).catch(() => undefined);
}

subscribe('alerts.fired', arrived);
subscribe('alerts.rules', ({ rules }) => useAlerts.setState({ rules }));
subscribe('alerts.cleared', () => useAlerts.setState({ alerts: [], unread: 0, loadedUpTo: 0 }));

subscribe('trading.trade', (trade) => {
  if (!useAlerts.getState().settings.fills || !trade.ownSide) return;
  record(`fill:${trade.id}:${trade.ownSide}`, 'fill', `fill_${trade.ownSide}`, { productId: trade.productId, quantity: trade.quantity, price: trade.price });
});

subscribe('trading.order', (order) => {
  const { settings } = useAlerts.getState();
  if (order.status === 'rejected' && settings.rejections) {
    record(`order:${order.id}:rejected`, 'rejected', 'rejected', { productId: order.productId, orderId: order.id, ...(order.reason === null ? {} : { reason: order.reason.slice(0, 64) }) });
  } else if (order.status === 'expired' && settings.expiries) {
    record(`order:${order.id}:expired`, 'expired', 'expired', { productId: order.productId, orderId: order.id });
  }
});

/** The engine refused an order at the ticket: nothing is stored for it in trading, so the ticket reports it here. */
export function raiseRejection(productId: string, reason: string): void {
  if (!useAlerts.getState().settings.rejections) return;
  ticketRefusals += 1;
  record(`ticket:${Date.now()}:${ticketRefusals}`, 'rejected', 'rejected', { productId, reason: reason.slice(0, 64) });
}

/** Gate warnings for products the user still has live orders in; checked on a timer, not per event. */
export function checkGates(now: number): void {
  const { settings } = useAlerts.getState();
  const { orders, products } = useTrading.getState();
  const live = new Set(orders.filter((o) => o.status === 'working' || o.status === 'partially_filled' || o.status === 'pending_trigger').map((o) => o.productId));
  const candidates = products.filter((p) => live.has(p.id)).map((p) => ({ productId: p.id, gateClosure: p.gateClosure }));
  for (const gate of gatesToWarn(candidates, settings.gateMinutes, now, warnedGates)) {
    warnedGates.add(gate.productId);
    record(`gate:${gate.productId}`, 'gate', 'gate', { productId: gate.productId, minutes: Math.ceil((gate.gateClosure - now) / 60_000) });
  }
}
