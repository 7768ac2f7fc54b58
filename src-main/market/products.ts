import { DateTime } from 'luxon';
import { HOME_AREA, zoneOfArea } from '../../src-shared/domain/market-areas';
import { formatProductId } from '../../src-shared/domain/product-id';
import type { RulesValues } from '../../src-shared/domain/market-rules';
import type { ProductKind, ProductView } from '../../src-shared/domain/schemas';
import type { ProductSpec } from '../engine';

/** An area's rules (see src-shared/domain/market-rules.ts for the units), and the area they are for. */
export interface MarketRules extends RulesValues {
  area: string;
}

/** Intraday-style defaults: ±9,999.99 €/MWh in 0.01 € ticks, 0.1 MW lots, gate 5 minutes before delivery. */
export const DEFAULT_RULES: MarketRules = {
  area: 'DE',
  tickSize: 1,
  lotSize: 100,
  minPrice: -999_999,
  maxPrice: 999_999,
  maxQuantity: 500_000,
  gateClosureMinutes: 5,
  openHourDayBefore: 15,
};

const BLOCKS: ReadonlyArray<{ name: string; fromHour: number; toHour: number }> = [
  { name: 'BASE', fromHour: 0, toHour: 24 },
  { name: 'PEAK', fromHour: 8, toHour: 20 },
];

/**
 * The local P2P market: neighbours (households, solar, batteries) trade 15-minute products in 1 kW
 * lots within day-ahead-style caps (−500 to +4,000 €/MWh). Each product trades by ONE uniform-price
 * auction: orders collect in the call phase, and the auction runs at the product's gate closure, five
 * minutes before delivery, so the market clears once every 15 minutes.
 */
export const LOCAL_MARKET_RULES: MarketRules = {
  area: 'LM',
  tickSize: 1,
  lotSize: 1,
  minPrice: -50_000,
  maxPrice: 400_000,
  maxQuantity: 100_000,
  gateClosureMinutes: 5,
  openHourDayBefore: 15,
};

/**
 * The local market's daily auction (area "LMD"): every quarter of a delivery day clears in ONE
 * auction at noon the day before, on the area's clock, as day-ahead markets run. It is where block
 * orders trade: a block over several quarters is accepted or rejected as a whole, in the money at
 * the uniform prices (see BLOCK_RULE, docs/local-market.md). The rolling quarter-hour auctions of
 * "LM" take single orders only.
 */
export const LOCAL_DAILY_AUCTION = { area: 'LMD', gateHourDayBefore: 12 } as const;

/** When a product's auction runs: at the end of its call phase, its gate closure. */
export function auctionTimeOf(product: ProductView): number {
  return product.gateClosure;
}

/**
 * The engine's spec of a product. An auction product's book stays open in the engine until delivery
 * starts, so an auction the clock runs a little late still finds its orders; the terminal itself
 * refuses new orders from the auction time on (see TradingService).
 */
export function engineSpecOf(product: ProductView): ProductSpec {
  const { id, tickSize, lotSize, minPrice, maxPrice, maxQuantity, openAt, gateClosure, deliveryStart, deliveryEnd, mode } = product;
  return {
    id,
    tickSize,
    lotSize,
    minPrice,
    maxPrice,
    maxQuantity,
    openAt,
    gateClosure: mode === 'auction' ? deliveryStart : gateClosure,
    deliveryStart,
    deliveryEnd,
    mode,
    referencePrice: null,
  };
}

function product(rules: MarketRules, kind: ProductKind, blockName: string, start: number, end: number, openAt: number): ProductView {
  return {
    id: formatProductId({ area: rules.area, kind, blockName, deliveryStart: start }),
    area: rules.area,
    kind,
    blockName,
    deliveryStart: start,
    deliveryEnd: end,
    openAt,
    gateClosure: start - rules.gateClosureMinutes * 60_000,
    tickSize: rules.tickSize,
    lotSize: rules.lotSize,
    minPrice: rules.minPrice,
    maxPrice: rules.maxPrice,
    maxQuantity: rules.maxQuantity,
    mode: 'continuous',
  };
}

function dayBounds(dayStart: DateTime, rules: MarketRules): { openAt: number; startMs: number; endMs: number } {
  const openAt = dayStart.minus({ days: 1 }).set({ hour: rules.openHourDayBefore }).toMillis();
  return { openAt, startMs: dayStart.toMillis(), endMs: dayStart.plus({ days: 1 }).toMillis() };
}

/** The local market's products of one delivery day: its quarter hours, each cleared by auction. */
export function localProductsOfDay(day: string, rules: MarketRules = LOCAL_MARKET_RULES): ProductView[] {
  const dayStart = DateTime.fromISO(day, { zone: zoneOfArea(rules.area) }).startOf('day');
  if (!dayStart.isValid) throw new Error(`not a delivery day: ${day}`);
  const { openAt, startMs, endMs } = dayBounds(dayStart, rules);
  const result: ProductView[] = [];
  for (let t = startMs; t < endMs; t += 900_000) result.push({ ...product(rules, 'quarter', '', t, t + 900_000, openAt), mode: 'auction' });
  return result;
}

/**
 * The daily auction's products of one delivery day: its quarters, all with the same gate (12:00 the
 * day before, the area's clock), open from the previous daily auction's gate, so one daily auction
 * always takes orders.
 */
export function localDailyProductsOfDay(day: string, rules: MarketRules = LOCAL_MARKET_RULES): ProductView[] {
  const area = LOCAL_DAILY_AUCTION.area;
  const dayStart = DateTime.fromISO(day, { zone: zoneOfArea(area) }).startOf('day');
  if (!dayStart.isValid) throw new Error(`not a delivery day: ${day}`);
  const dayBefore = dayStart.minus({ days: 1 });
  const gate = dayBefore.set({ hour: LOCAL_DAILY_AUCTION.gateHourDayBefore }).toMillis();
  const openAt = dayBefore.minus({ days: 1 }).set({ hour: LOCAL_DAILY_AUCTION.gateHourDayBefore }).toMillis();
  const startMs = dayStart.toMillis();
  const endMs = dayStart.plus({ days: 1 }).toMillis();
  const result: ProductView[] = [];
  for (let t = startMs; t < endMs; t += 900_000) {
    result.push({ ...product({ ...rules, area }, 'quarter', '', t, t + 900_000, openAt), gateClosure: gate, mode: 'auction' });
  }
  return result;
}

/** Every product of one delivery day of the rules' area (`day` as yyyy-MM-dd, in the area's zone): quarters, hours and blocks. */
export function productsOfDay(day: string, rules: MarketRules = DEFAULT_RULES): ProductView[] {
  const dayStart = DateTime.fromISO(day, { zone: zoneOfArea(rules.area) }).startOf('day');
  if (!dayStart.isValid) throw new Error(`not a delivery day: ${day}`);
  const { openAt, startMs, endMs } = dayBounds(dayStart, rules);
  const result: ProductView[] = [];
  // Stepping in UTC milliseconds gives the right 92/96/100 quarters on clock-change days.
  for (let t = startMs; t < endMs; t += 3_600_000) result.push(product(rules, 'hour', '', t, t + 3_600_000, openAt));
  for (let t = startMs; t < endMs; t += 900_000) result.push(product(rules, 'quarter', '', t, t + 900_000, openAt));
  for (const block of BLOCKS) {
    const from = block.fromHour === 0 ? startMs : dayStart.set({ hour: block.fromHour }).toMillis();
    const to = block.toHour === 24 ? endMs : dayStart.set({ hour: block.toHour }).toMillis();
    result.push(product(rules, 'block', block.name, from, to, openAt));
  }
  return result;
}

/** The delivery days of an area a terminal lists at `now`: today and tomorrow. */
export function tradingDays(now: number, area: string = HOME_AREA): string[] {
  const today = DateTime.fromMillis(now, { zone: zoneOfArea(area) }).startOf('day');
  return [today, today.plus({ days: 1 })].map((d) => d.toISODate() ?? '');
}
