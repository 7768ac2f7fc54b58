import type { ProductView } from '../../../src-shared/domain/schemas';
import { formatPrice } from '../../../src-shared/domain/units';

const ZONE = 'Europe/Berlin';

/** Latin digits in every language: traders read prices and times across screens and phone calls. */
function localeOf(language: string): string {
  return language === 'ar' ? 'ar-u-nu-latn' : 'en-GB';
}

const cache = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat; stamp: Intl.DateTimeFormat }>();
function formats(language: string) {
  let entry = cache.get(language);
  if (!entry) {
    const locale = localeOf(language);
    entry = {
      time: new Intl.DateTimeFormat(locale, { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      day: new Intl.DateTimeFormat(locale, { timeZone: ZONE, weekday: 'short', day: '2-digit', month: 'short' }),
      stamp: new Intl.DateTimeFormat(locale, { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
    };
    cache.set(language, entry);
  }
  return entry;
}

/** Delivery periods read in the market's own time (Berlin), whatever the user's clock says. */
/**
 * Labels are asked for on every render of every row (watchlist, blotter, tape) while prices stream;
 * Intl formatting each time was a steady source of garbage. A product's label never changes.
 */
const labels = new Map<string, string>();
const MAX_LABELS = 10_000;

export function productLabel(product: Pick<ProductView, 'kind' | 'blockName' | 'deliveryStart' | 'deliveryEnd'>, language = 'en'): string {
  const key = `${language}|${product.kind}|${product.blockName}|${product.deliveryStart}|${product.deliveryEnd}`;
  let label = labels.get(key);
  if (label === undefined) {
    if (labels.size >= MAX_LABELS) labels.clear();
    label = formatProductLabel(product, language);
    labels.set(key, label);
  }
  return label;
}

function formatProductLabel(product: Pick<ProductView, 'kind' | 'blockName' | 'deliveryStart' | 'deliveryEnd'>, language: string): string {
  const { time, day } = formats(language);
  const date = day.format(product.deliveryStart);
  if (product.kind === 'block') return `${product.blockName} · ${date}`;
  const code = product.kind === 'hour' ? 'H' : 'Q';
  return `${code} ${time.format(product.deliveryStart)}–${time.format(product.deliveryEnd)} · ${date}`;
}

export function timeOfDay(ms: number, language = 'en'): string {
  return formats(language).stamp.format(ms);
}

/** Figures in analysis panels (risk, forecast): Latin digits and a dash for what is not known. */
const plain = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

export function priceOrDash(units: number | null | undefined): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return '—';
  return formatPrice(Math.round(units));
}

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return digits === 3 ? plain.format(value) : value.toFixed(digits);
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}
