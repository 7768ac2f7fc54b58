import type { ProductView } from '../../../src-shared/domain/schemas';
import { formatPrice } from './units';
import { HOME_AREA, zoneOfArea } from '../../../src-shared/domain/market-areas';
import { deliveryLabel, localeOfLanguage } from '../../../src-shared/domain/delivery-label';
import { localFigures, nativeDigits, screenLanguage } from './digits';

/** Latin digits in every language unless an Arabic reader chose their own (ui/digits). */
const localeOf = (language: string): string => (language === 'ar' && nativeDigits() ? 'ar-u-nu-arab' : localeOfLanguage(language));

const SHAPES = {
  /** 09:15 */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** 09:15:30 */
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  /** 23 Nov */
  day: { day: '2-digit', month: 'short' },
  /** Mon 23 Nov */
  weekday: { weekday: 'short', day: '2-digit', month: 'short' },
  /** 23 Nov, 09:15 */
  dayTime: { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** 23 Nov, 09:15:30 */
  dayTimeSeconds: { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type ClockShape = keyof typeof SHAPES;

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * A date/time format on a market area's clock (src-shared/domain/market-areas.ts): a delivery period
 * reads in its own market's time, whatever the user's computer says. Made once per area, shape and
 * language, since charts format on every crosshair move.
 */
export function areaClock(area: string, shape: ClockShape, language = screenLanguage()): Intl.DateTimeFormat {
  const key = `${area}|${shape}|${localeOf(language)}`;
  let clock = clocks.get(key);
  if (!clock) {
    clock = new Intl.DateTimeFormat(localeOf(language), { timeZone: zoneOfArea(area), ...SHAPES[shape] });
    clocks.set(key, clock);
  }
  return clock;
}

/**
 * Labels are asked for on every render of every row (watchlist, blotter, tape) while prices stream;
 * Intl formatting each time was a steady source of garbage. A product's label never changes.
 */
const labels = new Map<string, string>();
const MAX_LABELS = 10_000;

type LabelledProduct = Pick<ProductView, 'area' | 'kind' | 'blockName' | 'deliveryStart' | 'deliveryEnd'>;

/** A delivery period in its area's time: "H 09:00–10:00 · Mon 23 Nov", "BASE · Mon 23 Nov". */
export function productLabel(product: LabelledProduct, language = screenLanguage()): string {
  const key = `${localeOf(language)}|${product.area}|${product.kind}|${product.blockName}|${product.deliveryStart}|${product.deliveryEnd}`;
  let label = labels.get(key);
  if (label === undefined) {
    if (labels.size >= MAX_LABELS) labels.clear();
    label = formatProductLabel(product, language);
    labels.set(key, label);
  }
  return label;
}

function formatProductLabel(product: LabelledProduct, language: string): string {
  return localFigures(deliveryLabel(product, language));
}

/** When something happened (an order placed, an audit entry): on the home area's clock, the desk's calendar. */
export function timeOfDay(ms: number, language = screenLanguage()): string {
  return areaClock(HOME_AREA, 'seconds', language).format(ms);
}

/** When something happened, with its day: "03 Dec, 09:15" (the blotter keeps more than one day). */
export function dayTime(ms: number, language = screenLanguage()): string {
  return areaClock(HOME_AREA, 'dayTime', language).format(ms);
}

/** The same to the second: "03 Dec, 09:15:30". */
export function dayTimeSeconds(ms: number, language = screenLanguage()): string {
  return areaClock(HOME_AREA, 'dayTimeSeconds', language).format(ms);
}

/** Figures in analysis panels (risk, forecast): Latin digits and a dash for what is not known. */
const plain = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

export function priceOrDash(units: number | null | undefined): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return '—';
  return formatPrice(Math.round(units));
}

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return localFigures(digits === 3 ? plain.format(value) : value.toFixed(digits));
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : localFigures(`${(value * 100).toFixed(1)}%`);
}

/**
 * Left-to-right text (ISO dates, ids) set inside a sentence of either direction: without the
 * isolate an Arabic sentence reorders "2023-04-24" into "24-04-2023"-looking runs.
 */
export function ltr(text: string): string {
  return `\u2066${text}\u2069`;
}
