/**
 * The product-id grammar, formatted and parsed here and nowhere else: `<area>-<code>-<start>`, where
 * the area is a market area (DE, LM), the code is H (an hour), Q (a quarter hour) or a block's name
 * (BASE, PEAK), and the start is the delivery start in UTC as yyyyMMddTHHmmZ:
 * `DE-H-20261123T0900Z`, `DE-Q-20261123T0915Z`, `DE-BASE-20261122T2300Z`.
 *
 * An id alone names a product that may no longer be listed (positions outlive their products), so
 * what can be read from it is read here. How long a block delivers depends on its day (23, 24 or 25
 * hours for BASE) and is not in the id.
 */

export type ProductIdKind = 'hour' | 'quarter' | 'block';

export interface ProductIdParts {
  area: string;
  kind: ProductIdKind;
  /** The block's name (BASE, PEAK); empty for hours and quarters. */
  blockName: string;
  /** Delivery start, ms since the epoch (UTC). */
  deliveryStart: number;
}

const ID = /^([A-Z0-9]+)-([A-Z0-9]+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/;
const HOUR_CODE = 'H';
const QUARTER_CODE = 'Q';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function stamp(ms: number): string {
  const t = new Date(ms);
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1, 2)}${pad(t.getUTCDate(), 2)}T${pad(t.getUTCHours(), 2)}${pad(t.getUTCMinutes(), 2)}Z`;
}

export function formatProductId(parts: ProductIdParts): string {
  const code = parts.kind === 'hour' ? HOUR_CODE : parts.kind === 'quarter' ? QUARTER_CODE : parts.blockName;
  return `${parts.area}-${code}-${stamp(parts.deliveryStart)}`;
}

/** The parts of a well-formed id; null for anything else, an impossible date (2026-02-30, 24:00) included. */
export function parseProductId(productId: string): ProductIdParts | null {
  const match = ID.exec(productId);
  if (!match) return null;
  const [, area, code, year, month, day, hour, minute] = match as unknown as [string, string, string, string, string, string, string, string];
  const deliveryStart = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
  // Date.UTC rolls an impossible date over into the next month or day; the id must name the instant itself.
  if (!Number.isFinite(deliveryStart) || stamp(deliveryStart) !== `${year}${month}${day}T${hour}${minute}Z`) return null;
  const kind: ProductIdKind = code === HOUR_CODE ? 'hour' : code === QUARTER_CODE ? 'quarter' : 'block';
  return { area, kind, blockName: kind === 'block' ? code : '', deliveryStart };
}

/** Minutes an hour or a quarter delivers; null for a block, whose length depends on its day. */
export function fixedDurationMin(kind: ProductIdKind): 15 | 60 | null {
  return kind === 'hour' ? 60 : kind === 'quarter' ? 15 : null;
}
