/**
 * An audit entry's payload worded for the screen: prices in €/MWh, quantities in MW, money in €,
 * users by name, products by their delivery label, instants on the desk's clock, field names in
 * the user's language. The stored payload stays as it is (the chain hashes its bytes); this only
 * reads it.
 */
import { isMarketArea } from '../../../../src-shared/domain/market-areas';
import { parseProductId } from '../../../../src-shared/domain/product-id';
import { formatPrice } from '../../ui/units';
import { dayTimeSeconds, num, productLabel } from '../../ui/format';
import { localFigures } from '../../ui/digits';

export interface DetailsContext {
  t(key: string, options?: Record<string, unknown>): string;
  language: string;
  /** The user's name for an id; undefined when the terminal does not know it. */
  userName(id: number): string | undefined;
}

const PRICE_KEYS = new Set(['price', 'stopPrice', 'lastPrice', 'limitPrice', 'clearingPrice', 'tickSize', 'minPrice', 'maxPrice']);
const QUANTITY_KEYS = new Set(['quantity', 'filled', 'remaining', 'visible', 'peak', 'lotSize', 'maxQuantity']);
const USER_KEYS = new Set(['userId', 'owner']);
const ROLE_KEYS = new Set(['role', 'from', 'to']);
const INSTANT_KEYS = new Set(['from', 'to', 'lockedUntil', 'sourceBlockedUntil', 'intervalStart', 'intervalEnd', 'fromTs', 'toTs', 'ts']);
const MONEY_PER_EUR = 100_000;
const euro = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Instants in the trail are ms since the epoch; smaller numbers under those keys are something else. */
const PLAUSIBLE_INSTANT = Date.UTC(2000, 0, 1);

const MINUTES = { hour: 60, quarter: 15 } as const;

function productText(id: string, language: string): string {
  const parts = parseProductId(id);
  if (!parts || !isMarketArea(parts.area)) return id;
  // A block's length depends on its day and is not in the id; its label shows only name and day.
  const minutes = parts.kind === 'block' ? 0 : MINUTES[parts.kind];
  return productLabel({ area: parts.area, kind: parts.kind, blockName: parts.blockName, deliveryStart: parts.deliveryStart, deliveryEnd: parts.deliveryStart + minutes * 60_000 }, language);
}

function valueText(key: string, value: unknown, ctx: DetailsContext, depth: number): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return ctx.t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number') {
    if (PRICE_KEYS.has(key) || /Units$/.test(key)) return ctx.t('audit.units.price', { value: formatPrice(value) });
    if (QUANTITY_KEYS.has(key) || /Kw$/.test(key)) return ctx.t('audit.units.mw', { value: num(value / 1000) });
    if (/Kwh$/.test(key)) return ctx.t('audit.units.mwh', { value: num(value / 1000) });
    if (/Money$/.test(key)) return ctx.t('audit.units.eur', { value: localFigures(euro.format(value / MONEY_PER_EUR)) });
    if (USER_KEYS.has(key)) return ctx.userName(value) ?? ctx.t('audit.unknownUser', { id: value });
    if (INSTANT_KEYS.has(key) && value >= PLAUSIBLE_INSTANT) return dayTimeSeconds(value, ctx.language);
    return String(value);
  }
  if (typeof value === 'string') {
    if (key === 'productId') return productText(value, ctx.language);
    // Roles in words, as the Users panel names them.
    if (ROLE_KEYS.has(key)) return ctx.t(`auth.roles.${value}`, { defaultValue: value });
    // Buy and sell as the ticket and blotter say them, not the stored code.
    if (key === 'side') return ctx.t(`side.${value}`, { defaultValue: value });
    return value;
  }
  if (Array.isArray(value)) {
    if (depth > 1) return ctx.t('audit.items', { count: value.length });
    return value.map((item) => valueText(key, item, ctx, depth + 1)).join(', ');
  }
  if (typeof value === 'object') {
    if (depth > 1) return '…';
    const inner = fieldsText(value as Record<string, unknown>, ctx, depth + 1);
    return inner === '' ? '—' : `(${inner})`;
  }
  return String(value);
}

/** A field's name in words; a limit's as the Limits screen names it. */
function fieldLabel(key: string, ctx: DetailsContext): string {
  return ctx.t(`audit.fields.${key}`, { defaultValue: ctx.t(`risk.limits.${key}`, { defaultValue: key }) });
}

function fieldsText(payload: Record<string, unknown>, ctx: DetailsContext, depth: number): string {
  return Object.entries(payload)
    .map(([key, value]) => `${fieldLabel(key, ctx)}: ${valueText(key, value, ctx, depth)}`)
    .join(' · ');
}

/** "Price: 45.20 €/MWh · Quantity: 1.5 MW · User: tom" for a payload object; its text for anything else. */
export function detailsText(payload: unknown, ctx: DetailsContext): string {
  if (payload === null || payload === undefined) return '';
  if (typeof payload !== 'object' || Array.isArray(payload)) return valueText('', payload, ctx, 0);
  return fieldsText(payload as Record<string, unknown>, ctx, 0);
}

/** An event type in words ("Order accepted"), its code where the locales do not name it. */
export function eventTypeText(type: string, t: DetailsContext['t']): string {
  return t(`audit.types.${type.replaceAll('.', '_')}`, { defaultValue: type });
}
