/**
 * Inputs of VaR: exposures per delivery period and the history of daily price changes.
 *
 * Power prices go negative and cross zero, so log returns are undefined or explode: risk factors
 * are absolute daily price CHANGES in price units, and a position's P&L for a change Δp is exactly
 * its exposure × Δp. A "delivery period" is a slot of the delivery day (hour 0…23, or quarter
 * 0…95); day d's change for slot s is price(d, s) − price(d − 1, s).
 */
import { DateTime } from 'luxon';
import { HOME_AREA } from '../../../src-shared/domain/market-areas';
import { deliveryZoneOf } from '../../market/delivery-days';

export interface PeriodPosition {
  /** Slot of the delivery day, 0-based. */
  period: number;
  netKw: number;
  durationMin: number;
}

/**
 * Money units (0.00001 €) gained per +1 price unit (0.01 €/MWh) move of each period:
 * Σ netKw × minutes / 60 (kW·min × price unit = 1 value unit = 1/60 money unit).
 */
export function periodExposures(positions: Iterable<PeriodPosition>, periods: number): number[] {
  const exposures = new Array<number>(periods).fill(0);
  for (const position of positions) {
    if (position.period < 0 || position.period >= periods) throw new RangeError(`period ${position.period} out of 0…${periods - 1}`);
    exposures[position.period] = (exposures[position.period] as number) + (position.netKw * position.durationMin) / 60;
  }
  return exposures;
}

export interface PricePoint {
  startUtcMs: number;
  priceUnits: number;
}

export interface DailyChanges {
  /** The later day of each change, yyyy-MM-dd. */
  days: string[];
  /** changes[t][slot], price units. */
  changes: number[][];
}

/**
 * Groups a price history by delivery day of its area and differences consecutive calendar
 * days slot by slot. Days without exactly `periodsPerDay` prices (the 23- and 25-hour clock-change
 * days, gaps) are dropped, and so is any change that would span a dropped or missing day.
 */
export function dailyPriceChanges(points: readonly PricePoint[], periodsPerDay: number, area: string = HOME_AREA): DailyChanges {
  const zone = deliveryZoneOf(area);
  const byDay = new Map<string, PricePoint[]>();
  for (const point of points) {
    const day = DateTime.fromMillis(point.startUtcMs, { zone }).toISODate() as string;
    const list = byDay.get(day) ?? [];
    list.push(point);
    byDay.set(day, list);
  }
  const complete = new Map<string, number[]>();
  for (const [day, list] of byDay) {
    if (list.length !== periodsPerDay) continue;
    complete.set(day, [...list].sort((a, b) => a.startUtcMs - b.startUtcMs).map((p) => p.priceUnits));
  }
  const days: string[] = [];
  const changes: number[][] = [];
  for (const day of [...complete.keys()].sort()) {
    const previousDay = DateTime.fromISO(day, { zone }).minus({ days: 1 }).toISODate() as string;
    const previous = complete.get(previousDay);
    const current = complete.get(day) as number[];
    if (!previous) continue;
    days.push(day);
    changes.push(current.map((price, slot) => price - (previous[slot] as number)));
  }
  return { days, changes };
}
