import type { ProductView } from '../../src-shared/schemas';

const ZONE = 'Europe/Berlin';

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short', day: '2-digit', month: 'short' });
const stampFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Delivery periods read in the market's own time (Berlin), whatever the user's clock says. */
export function productLabel(product: ProductView): string {
  const day = dayFormat.format(product.deliveryStart);
  if (product.kind === 'block') return `${product.blockName} · ${day}`;
  const code = product.kind === 'hour' ? 'H' : 'Q';
  return `${code} ${timeFormat.format(product.deliveryStart)}–${timeFormat.format(product.deliveryEnd)} · ${day}`;
}

export function timeOfDay(ms: number): string {
  return stampFormat.format(ms);
}
