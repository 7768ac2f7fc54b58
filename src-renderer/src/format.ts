import type { ProductView } from '../../src-shared/schemas';

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
export function productLabel(product: Pick<ProductView, 'kind' | 'blockName' | 'deliveryStart' | 'deliveryEnd'>, language = 'en'): string {
  const { time, day } = formats(language);
  const date = day.format(product.deliveryStart);
  if (product.kind === 'block') return `${product.blockName} · ${date}`;
  const code = product.kind === 'hour' ? 'H' : 'Q';
  return `${code} ${time.format(product.deliveryStart)}–${time.format(product.deliveryEnd)} · ${date}`;
}

export function timeOfDay(ms: number, language = 'en'): string {
  return formats(language).stamp.format(ms);
}
