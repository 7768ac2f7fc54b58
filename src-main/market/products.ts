import { DateTime } from 'luxon';
import type { ProductKind, ProductView } from '../../src-shared/schemas';

/** Delivery days are Europe/Berlin days: 23, 24 or 25 hours long. */
export const DELIVERY_ZONE = 'Europe/Berlin';

export interface MarketRules {
  area: string;
  tickSize: number;
  lotSize: number;
  minPrice: number;
  maxPrice: number;
  maxQuantity: number;
  gateClosureMinutes: number;
  /** Local hour of the day before delivery at which the day's products open. */
  openHourDayBefore: number;
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

function stamp(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmm'Z'");
}

function product(rules: MarketRules, kind: ProductKind, blockName: string, start: number, end: number, openAt: number): ProductView {
  const code = kind === 'quarter' ? 'Q' : kind === 'hour' ? 'H' : blockName;
  return {
    id: `${rules.area}-${code}-${stamp(start)}`,
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

/** Every product of one Berlin delivery day (`day` as yyyy-MM-dd): quarters, hours and blocks. */
export function productsOfDay(day: string, rules: MarketRules = DEFAULT_RULES): ProductView[] {
  const dayStart = DateTime.fromISO(day, { zone: DELIVERY_ZONE }).startOf('day');
  if (!dayStart.isValid) throw new Error(`not a delivery day: ${day}`);
  const dayEnd = dayStart.plus({ days: 1 });
  const openAt = dayStart.minus({ days: 1 }).set({ hour: rules.openHourDayBefore }).toMillis();
  const startMs = dayStart.toMillis();
  const endMs = dayEnd.toMillis();
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

/** The Berlin delivery days a terminal lists at `now`: today and tomorrow. */
export function tradingDays(now: number): string[] {
  const today = DateTime.fromMillis(now, { zone: DELIVERY_ZONE }).startOf('day');
  return [today, today.plus({ days: 1 })].map((d) => d.toISODate() ?? '');
}
