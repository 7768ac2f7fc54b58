import { create } from 'zustand';
import type { ProductView } from '../../../../src-shared/domain/schemas';
import { formatMw, formatPrice } from '../../../../src-shared/domain/units';
import { call, subscribe } from '../../transport/client';
import { AlertSettingsSchema, alreadyTrue, crossed, DEFAULT_ALERT_SETTINGS, gatesToWarn, type AlertSettings, type PriceRule } from './rules';
import { productLabel } from '../../ui/format';
import { reasonText } from '../../ui/errors/error-text';
import i18next from '../../ui/i18n';
import { useMarketData } from '../marketdata/public';
import { useTrading } from '../trading/public';

export type AlertKind = 'price' | 'fill' | 'rejected' | 'expired' | 'gate';

export interface Alert {
  id: number;
  ts: number;
  kind: AlertKind;
  text: string;
}

interface AlertsState {
  alerts: Alert[];
  unread: number;
  settings: AlertSettings;
  raise(kind: AlertKind, text: string): void;
  markRead(): void;
  clear(): void;
  loadSettings(): Promise<void>;
  updateSettings(change: Partial<AlertSettings>): void;
  addPriceRule(rule: Omit<PriceRule, 'id'>): void;
  removePriceRule(id: string): void;
}

const MAX_ALERTS = 500;
let nextId = 1;
const warnedGates = new Set<string>();

function notifyDesktop(text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  new Notification('GridDesk', { body: text });
}

function persist(settings: AlertSettings): void {
  call('prefs.set', { key: 'alerts', value: settings }).catch(() => undefined);
}

/** Alerts the user asked for, kept until cleared; the rules live in the user's preferences. */
export const useAlerts = create<AlertsState>((set, get) => ({
  alerts: [],
  unread: 0,
  settings: DEFAULT_ALERT_SETTINGS,
  raise(kind, text) {
    const alert = { id: nextId++, ts: Date.now(), kind, text };
    set((s) => ({ alerts: [alert, ...s.alerts].slice(0, MAX_ALERTS), unread: s.unread + 1 }));
    if (get().settings.desktop) notifyDesktop(text);
  },
  markRead() {
    set({ unread: 0 });
  },
  clear() {
    set({ alerts: [], unread: 0 });
  },
  async loadSettings() {
    const prefs = await call('prefs.get', {});
    const parsed = AlertSettingsSchema.safeParse(prefs.alerts);
    set({ settings: parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS });
  },
  updateSettings(change) {
    const settings = { ...get().settings, ...change };
    set({ settings });
    persist(settings);
  },
  addPriceRule(rule) {
    const last = useMarketData.getState().rows[rule.productId]?.last ?? null;
    if (last !== null && alreadyTrue(rule, last)) {
      // One-shot rules are done once true: waiting for a cross that already happened would never fire.
      get().raise('price', t(`alerts.text.price_${rule.direction}_already`, { product: labelOf(rule.productId), price: formatPrice(rule.price), last: formatPrice(last) }));
      return;
    }
    const id = `${rule.productId}-${rule.direction}-${rule.price}-${Date.now().toString(36)}`;
    get().updateSettings({ priceRules: [...get().settings.priceRules, { ...rule, id }] });
  },
  removePriceRule(id) {
    get().updateSettings({ priceRules: get().settings.priceRules.filter((r) => r.id !== id) });
  },
}));

const t = (key: string, values?: Record<string, string>) => i18next.t(key, values);
function labelOf(productId: string): string {
  const product: ProductView | undefined = useTrading.getState().products.find((p) => p.id === productId);
  return product ? productLabel(product, i18next.language) : productId;
}

subscribe('trading.trade', (trade) => {
  const { settings, raise } = useAlerts.getState();
  if (!settings.fills || !trade.ownSide) return;
  raise('fill', t(`alerts.text.fill_${trade.ownSide}`, { quantity: formatMw(trade.quantity), product: labelOf(trade.productId), price: formatPrice(trade.price) }));
});

subscribe('trading.order', (order) => {
  const { settings, raise } = useAlerts.getState();
  if (order.status === 'rejected' && settings.rejections) {
    raise('rejected', t('alerts.text.rejected', { id: String(order.id), product: labelOf(order.productId), reason: order.reason === null ? '' : reasonText(order.reason, (key, options) => i18next.t(key, options)) }));
  } else if (order.status === 'expired' && settings.expiries) {
    raise('expired', t('alerts.text.expired', { id: String(order.id), product: labelOf(order.productId) }));
  }
});

// Price rules are one-shot: once the level is crossed the rule is done and removed.
useMarketData.subscribe((state, previous) => {
  const { settings, raise, updateSettings } = useAlerts.getState();
  if (settings.priceRules.length === 0 || state.rows === previous.rows) return;
  const fired: string[] = [];
  for (const rule of settings.priceRules) {
    const now = state.rows[rule.productId];
    const before = previous.rows[rule.productId];
    if (!now || now.last === before?.last || !crossed(rule, before?.last ?? null, now.last)) continue;
    fired.push(rule.id);
    raise('price', t(`alerts.text.price_${rule.direction}`, { product: labelOf(rule.productId), price: formatPrice(rule.price), last: formatPrice(now.last ?? 0) }));
  }
  if (fired.length > 0) updateSettings({ priceRules: settings.priceRules.filter((r) => !fired.includes(r.id)) });
});

/** The engine refused an order at the ticket: nothing is stored for it, so the ticket reports it here. */
export function raiseRejection(productId: string, reason: string): void {
  const { settings, raise } = useAlerts.getState();
  if (settings.rejections) raise('rejected', t('alerts.text.rejected', { id: '', product: labelOf(productId), reason }));
}

/** Gate warnings for products the user still has live orders in; checked on a timer, not per event. */
export function checkGates(now: number): void {
  const { settings, raise } = useAlerts.getState();
  const { orders, products } = useTrading.getState();
  const live = new Set(orders.filter((o) => o.status === 'working' || o.status === 'partially_filled' || o.status === 'pending_trigger').map((o) => o.productId));
  const candidates = products.filter((p) => live.has(p.id)).map((p) => ({ productId: p.id, gateClosure: p.gateClosure }));
  for (const gate of gatesToWarn(candidates, settings.gateMinutes, now, warnedGates)) {
    warnedGates.add(gate.productId);
    raise('gate', t('alerts.text.gate', { product: labelOf(gate.productId), minutes: String(Math.ceil((gate.gateClosure - now) / 60_000)) }));
  }
}
