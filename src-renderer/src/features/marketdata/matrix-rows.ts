import type { WatchlistRow } from '../../../../src-shared/contract/marketdata';
import type { OrderView, ProductKind } from '../../../../src-shared/domain/schemas';
import { zoneOfArea } from '../../../../src-shared/domain/market-areas';

/** The user's live size in one product, kW still working on each side. */
export interface OwnSize {
  buy: number;
  sell: number;
}

/** One product as one day's half of a matrix row. */
export interface MatrixCell {
  product: WatchlistRow;
  own: OwnSize;
  /** Only on hour rows, only where all four quarters quote and the result differs from the hour's own best. */
  impliedBid: number | null;
  impliedAsk: number | null;
}

/** A delivery period of the day ("09:00–10:00", "09:15–09:30", "BASE") with today's and tomorrow's products side by side. */
export interface MatrixRow {
  key: string;
  kind: ProductKind;
  /** "09:00–10:00" on the area's clock, or the block's name. */
  period: string;
  /** Hour rows first, each followed by its quarters, from today's first open period on; blocks last. */
  order: number;
  /** The hour ("09") a quarter belongs to, shown as a group; blocks have none. */
  hour: string | null;
  cells: Array<MatrixCell | undefined>;
}

export interface MatrixSheet {
  /** The delivery days shown, "YYYY-MM-DD" on the area's clock, today first. */
  days: string[];
  rows: MatrixRow[];
}

const DAYS_SHOWN = 2;
const LIVE: ReadonlySet<OrderView['status']> = new Set(['working', 'partially_filled']);

/** Live own size per product, from the user's own orders. */
export function ownSizes(orders: readonly OrderView[]): Map<string, OwnSize> {
  const sizes = new Map<string, OwnSize>();
  for (const order of orders) {
    if (!LIVE.has(order.status)) continue;
    const size = sizes.get(order.productId) ?? { buy: 0, sell: 0 };
    size[order.side] += order.remaining;
    sizes.set(order.productId, size);
  }
  return sizes;
}

/**
 * What trading the four quarters of an hour offers as that hour: selling all four is selling the hour
 * at their mean bid, buying all four buying it at their mean ask. Rounded against the trader (bid down,
 * ask up), since prices are whole ticks. Null unless every quarter quotes that side.
 */
export function impliedFromQuarters(quarters: ReadonlyArray<Pick<WatchlistRow, 'bestBid' | 'bestAsk'>>): { bid: number | null; ask: number | null } {
  if (quarters.length !== 4) return { bid: null, ask: null };
  const side = (pick: (q: Pick<WatchlistRow, 'bestBid' | 'bestAsk'>) => number | null, round: (x: number) => number): number | null => {
    const prices = quarters.map(pick);
    if (prices.some((p) => p === null)) return null;
    return round((prices as number[]).reduce((a, b) => a + b, 0) / 4);
  };
  return { bid: side((q) => q.bestBid, Math.floor), ask: side((q) => q.bestAsk, Math.ceil) };
}

interface DayClock {
  day(ms: number): string;
  time(ms: number): string;
}

const dayClocks = new Map<string, DayClock>();
function dayClock(area: string): DayClock {
  let clock = dayClocks.get(area);
  if (!clock) {
    const zone = zoneOfArea(area);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clock = { day: (ms) => day.format(ms), time: (ms) => time.format(ms) };
    dayClocks.set(area, clock);
  }
  return clock;
}

function wallTimePlus(hhmm: string, ms: number): string {
  const minutes = (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) + Math.round(ms / 60_000)) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const KIND_ORDER: Record<ProductKind, number> = { hour: 0, quarter: 1, block: 2 };

/**
 * The matrix of the products still open at `now`: one row per period of the day, one cell per
 * delivery day (the first two open days, on the products' area clock). A day with a 25th hour (the
 * autumn clock change) repeats a period; the repeat gets its own row.
 */
export function buildMatrix(products: readonly WatchlistRow[], own: ReadonlyMap<string, OwnSize>, now: number): MatrixSheet {
  const open = products.filter((p) => p.gateClosure > now);
  const days = [...new Set(open.map((p) => dayClock(p.area).day(p.deliveryStart)))].sort().slice(0, DAYS_SHOWN);
  const rows = new Map<string, MatrixRow>();
  const taken = new Set<string>();
  for (const product of [...open].sort((a, b) => a.deliveryStart - b.deliveryStart || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])) {
    const clock = dayClock(product.area);
    const dayIndex = days.indexOf(clock.day(product.deliveryStart));
    if (dayIndex === -1) continue;
    const start = clock.time(product.deliveryStart);
    // The end is the start plus the length: across a clock change the wall clock at the end would mislead.
    const period = product.kind === 'block' ? product.blockName : `${start}–${wallTimePlus(start, product.deliveryEnd - product.deliveryStart)}`;
    let key = `${product.area}|${product.kind}|${period}`;
    // The repeated hour of a 25-hour day: its second occurrence is a row of its own.
    while (taken.has(`${dayIndex}|${key}`)) key += "'";
    taken.add(`${dayIndex}|${key}`);
    let row = rows.get(key);
    if (!row) {
      const minutes = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5));
      row = {
        key,
        kind: product.kind,
        period: key.endsWith("'") ? `${period}'` : period,
        order: product.kind === 'block' ? 1_000_000 + minutes * 10 + (product.deliveryEnd - product.deliveryStart) / 3_600_000 : (minutes - (minutes % 60)) * 10 + (key.endsWith("'") ? 5 : 0) + (product.kind === 'hour' ? 0 : 1 + (minutes % 60) / 15),
        hour: product.kind === 'block' ? null : start.slice(0, 2),
        cells: Array.from({ length: days.length }, () => undefined),
      };
      rows.set(key, row);
    }
    row.cells[dayIndex] = { product, own: own.get(product.productId) ?? { buy: 0, sell: 0 }, impliedBid: null, impliedAsk: null };
  }
  // Periods already over today hold only tomorrow's products: they follow today's last, in delivery order.
  if (days.length > 1) for (const row of rows.values()) if (row.kind !== 'block' && row.cells[0] === undefined) row.order += 500_000;
  const sorted = [...rows.values()].sort((a, b) => a.order - b.order);
  addImplied(sorted);
  return { days, rows: sorted };
}

/** Each hour cell learns what its four quarters of the same day imply, where that differs from its own best. */
function addImplied(rows: readonly MatrixRow[]): void {
  const hourRows = rows.filter((r) => r.kind === 'hour');
  const quarterRows = rows.filter((r) => r.kind === 'quarter');
  for (const hourRow of hourRows) {
    hourRow.cells.forEach((cell, day) => {
      if (!cell) return;
      const { deliveryStart, deliveryEnd, area } = cell.product;
      const quarters = quarterRows
        .map((r) => r.cells[day]?.product)
        .filter((q): q is WatchlistRow => q !== undefined && q.area === area && q.deliveryStart >= deliveryStart && q.deliveryEnd <= deliveryEnd);
      const implied = impliedFromQuarters(quarters);
      cell.impliedBid = implied.bid !== cell.product.bestBid ? implied.bid : null;
      cell.impliedAsk = implied.ask !== cell.product.bestAsk ? implied.ask : null;
    });
  }
}
