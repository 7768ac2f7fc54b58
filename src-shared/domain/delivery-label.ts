/**
 * A delivery period's label on its market area's clock, "H 09:00–10:00 · Mon 23 Nov" or
 * "BASE · Mon 23 Nov": one wording for the screens (ui/format.ts caches it) and the PDF report.
 * Latin digits in every language: traders read prices and times across screens and phone calls.
 */
import { zoneOfArea } from './market-areas';

export interface DeliveryPeriod {
  area: string;
  kind: 'hour' | 'quarter' | 'block';
  blockName: string;
  deliveryStart: number;
  deliveryEnd: number;
}

/** The Intl locale of a terminal language: its own month and weekday names, always Latin digits. */
const LOCALES: Record<string, string> = { en: 'en-GB', ar: 'ar-u-nu-latn', fr: 'fr-FR', es: 'es-ES', de: 'de-DE' };

export function localeOfLanguage(language: string): string {
  return LOCALES[language] ?? 'en-GB';
}

export function deliveryLabel(product: DeliveryPeriod, language: string): string {
  const locale = localeOfLanguage(language);
  const timeZone = zoneOfArea(product.area);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: '2-digit', month: 'short' }).format(product.deliveryStart);
  if (product.kind === 'block') return `${product.blockName} · ${date}`;
  const code = product.kind === 'hour' ? 'H' : 'Q';
  return `${code} ${time.format(product.deliveryStart)}–${time.format(product.deliveryEnd)} · ${date}`;
}
