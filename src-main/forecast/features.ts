/**
 * Feature rows for the forecast models: the area's local calendar, price lags by LOCAL hour and
 * the drivers (generation and load forecasts) known before the auction.
 *
 * Lags are read from day profiles: for every local delivery day, the price of each local hour
 * 0…23. A 25-hour day's repeated hour is the mean of its two prices; a 23-hour day's missing hour
 * is the mean of its neighbours. The lag "same hour one day before" of an hour is then the profile
 * of the local day before at the same local hour, whatever the UTC distance (23, 24 or 25 hours
 * around a clock change; a UTC lag of 24 h or 168 h reads the wrong local hour for a week after
 * each change). Lags are at least one day: at the auction for day D (noon of D − 1) the prices of
 * D − 1 are known, those of D are not.
 */
import { DateTime } from 'luxon';
import { HOME_AREA } from '../../src-shared/domain/market-areas';
import { deliveryZoneOf } from '../market/delivery-days';
import type { FutureHour, HourlyPoint } from './series';
import { PRICE_DRIVERS } from '../../src-shared/domain/price-drivers';

/** Driver keys of HourlyPoint.features / FutureHour.features, MWh per hour, present when known: the price store's list. */
export const DRIVER_KEYS = PRICE_DRIVERS;

/** The drivers plus what follows from them: wind + solar, its share of the total, residual load. */
export const DRIVER_COLUMNS = [...DRIVER_KEYS, 'renewable_mwh', 'renewable_share', 'residual_load_mwh'] as const;
export type DriverColumn = (typeof DRIVER_COLUMNS)[number];

const DAY_MS = 86_400_000;
const SLOTS = 24;
/** How many days back a forecast hour may reach for a lag whose exact day is missing. */
const LAG_FALLBACK_DAYS = 7;

export interface FeatureRow {
  startUtcMs: number;
  /** Local delivery day as a day number (days since 1970-01-01 of the local date). */
  day: number;
  /** Local hour 0…23, ISO weekday 1 (Mon) … 7 (Sun), month 1…12. */
  hour: number;
  weekday: number;
  month: number;
  /** Price of the same local hour 1, 2 and 7 days before. */
  lagDay1: number;
  lagDay2: number;
  lagDay7: number;
  /** The day before: mean, lowest and highest price, and its last hour's price. */
  prevMean: number;
  prevMin: number;
  prevMax: number;
  prevLast: number;
  /** DRIVER_COLUMNS of this hour; NaN when unknown. */
  drivers: Float64Array;
  /** DRIVER_COLUMNS of the same local hour the day before; NaN when unknown. */
  driversDayBefore: Float64Array;
  /** Price, price units; NaN when unknown (a target hour). */
  y: number;
}

export function driverColumns(features: Readonly<Record<string, number>> | undefined): Float64Array {
  const out = new Float64Array(DRIVER_COLUMNS.length).fill(Number.NaN);
  if (!features) return out;
  DRIVER_KEYS.forEach((key, j) => {
    const value = features[key];
    if (value !== undefined && Number.isFinite(value)) out[j] = value;
  });
  const [total, onshore, offshore, pv, , load] = out;
  const renewable = (onshore as number) + (offshore as number) + (pv as number);
  out[6] = renewable;
  out[7] = (total as number) > 0 ? renewable / (total as number) : Number.NaN;
  out[8] = (load as number) - renewable;
  return out;
}

interface DayProfile {
  prices: Float64Array;
  drivers: Float64Array[];
  mean: number;
  min: number;
  max: number;
  last: number;
}

interface LocalHour {
  point: HourlyPoint;
  day: number;
  hour: number;
  weekday: number;
  month: number;
}

function localHour(startUtcMs: number, zone: string): Omit<LocalHour, 'point'> {
  const local = DateTime.fromMillis(startUtcMs, { zone });
  return { day: Date.UTC(local.year, local.month - 1, local.day) / DAY_MS, hour: local.hour, weekday: local.weekday, month: local.month };
}

/** Mean of the values per slot; a slot without a value takes the mean of its nearest filled neighbours. */
function fillSlots(sums: Float64Array, counts: Uint8Array): Float64Array | null {
  const out = new Float64Array(SLOTS).fill(Number.NaN);
  let filled = 0;
  for (let s = 0; s < SLOTS; s += 1) {
    if ((counts[s] as number) > 0) {
      out[s] = (sums[s] as number) / (counts[s] as number);
      filled += 1;
    }
  }
  // A clock change removes one hour; more than one missing is a gap, not a clock change.
  if (filled < SLOTS - 1) return null;
  for (let s = 0; s < SLOTS; s += 1) {
    if (!Number.isNaN(out[s] as number)) continue;
    const before = out[s - 1] ?? out[s + 1];
    const after = out[s + 1] ?? out[s - 1];
    out[s] = ((before as number) + (after as number)) / 2;
  }
  return out;
}

/**
 * A price history with its local calendar worked out once: backtests forecast hundreds of days
 * from the same history, and the time-zone arithmetic is the expensive part.
 */
export class PreparedHistory {
  readonly area: string;
  private readonly hours: LocalHour[];
  private readonly profiles = new Map<number, DayProfile>();
  private rowCache: FeatureRow[] | null = null;

  constructor(points: readonly HourlyPoint[], area: string = HOME_AREA) {
    this.area = area;
    const zone = deliveryZoneOf(area);
    this.hours = [...points].sort((a, b) => a.startUtcMs - b.startUtcMs).map((point) => ({ point, ...localHour(point.startUtcMs, zone) }));
    const byDay = new Map<number, LocalHour[]>();
    for (const hour of this.hours) {
      const list = byDay.get(hour.day) ?? [];
      list.push(hour);
      byDay.set(hour.day, list);
    }
    for (const [day, list] of byDay) {
      const sums = new Float64Array(SLOTS);
      const counts = new Uint8Array(SLOTS);
      const driverSums = Array.from({ length: SLOTS }, () => new Float64Array(DRIVER_COLUMNS.length));
      for (const { point, hour } of list) {
        sums[hour] = (sums[hour] as number) + point.priceUnits;
        counts[hour] = (counts[hour] as number) + 1;
        const drivers = driverColumns(point.features);
        const target = driverSums[hour] as Float64Array;
        drivers.forEach((v, j) => (target[j] = (target[j] as number) + v));
      }
      const prices = fillSlots(sums, counts);
      if (!prices) continue;
      const drivers = driverSums.map((s, slot) => s.map((v) => ((counts[slot] as number) > 0 ? v / (counts[slot] as number) : Number.NaN)));
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of prices) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      this.profiles.set(day, { prices, drivers, mean: sum / SLOTS, min, max, last: prices[SLOTS - 1] as number });
    }
  }

  /** The points starting in [fromMs, toMs), in time order. */
  points(fromMs: number, toMs: number): HourlyPoint[] {
    let lo = 0;
    let hi = this.hours.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.hours[mid] as LocalHour).point.startUtcMs < fromMs) lo = mid + 1;
      else hi = mid;
    }
    const out: HourlyPoint[] = [];
    for (let i = lo; i < this.hours.length && (this.hours[i] as LocalHour).point.startUtcMs < toMs; i += 1) out.push((this.hours[i] as LocalHour).point);
    return out;
  }

  dayNumber(startUtcMs: number): number {
    return localHour(startUtcMs, deliveryZoneOf(this.area)).day;
  }

  /** Every priced hour with the day before, two and seven days before complete, in time order. */
  rows(): readonly FeatureRow[] {
    this.rowCache ??= this.hours.flatMap(({ point, ...calendar }) => {
      const row = this.row(point.startUtcMs, calendar, point.features, point.priceUnits, false);
      return row ? [row] : [];
    });
    return this.rowCache;
  }

  /**
   * Rows for the hours of a day to forecast. A lag whose exact day is missing (forecasting two
   * days ahead, a gap) takes the latest complete day before it, up to a week back.
   */
  targetRows(hours: readonly FutureHour[]): FeatureRow[] {
    const zone = deliveryZoneOf(this.area);
    return hours.map((hour) => {
      const row = this.row(hour.startUtcMs, localHour(hour.startUtcMs, zone), hour.features, Number.NaN, true);
      if (!row) throw new RangeError('no price history before the forecast day');
      return row;
    });
  }

  private profile(day: number, fallback: boolean, notAfter: number): DayProfile | undefined {
    const exact = this.profiles.get(day);
    if (exact || !fallback) return exact;
    for (let d = Math.min(day, notAfter) - 1; d >= day - LAG_FALLBACK_DAYS; d -= 1) {
      const found = this.profiles.get(d);
      if (found) return found;
    }
    return undefined;
  }

  private row(startUtcMs: number, calendar: Omit<LocalHour, 'point'>, features: FutureHour['features'], y: number, fallback: boolean): FeatureRow | null {
    const { day, hour } = calendar;
    const before = this.profile(day - 1, fallback, day - 1);
    const before2 = this.profile(day - 2, fallback, day - 1);
    const before7 = this.profile(day - 7, fallback, day - 1);
    if (!before || !before2 || !before7) return null;
    return {
      startUtcMs,
      ...calendar,
      lagDay1: before.prices[hour] as number,
      lagDay2: before2.prices[hour] as number,
      lagDay7: before7.prices[hour] as number,
      prevMean: before.mean,
      prevMin: before.min,
      prevMax: before.max,
      prevLast: before.last,
      drivers: driverColumns(features),
      driversDayBefore: before.drivers[hour] as Float64Array,
      y,
    };
  }
}

/**
 * Driver columns a forecast can use: known on every target hour and on every training row (rows
 * without them are then left out). Sorted by DRIVER_COLUMNS order.
 */
export function availableDrivers(targets: readonly FeatureRow[]): number[] {
  const columns: number[] = [];
  for (let j = 0; j < DRIVER_COLUMNS.length; j += 1) {
    if (targets.length > 0 && targets.every((row) => hasDrivers(row, [j]))) columns.push(j);
  }
  return columns;
}

export function hasDrivers(row: FeatureRow, columns: readonly number[]): boolean {
  return columns.every((j) => Number.isFinite(row.drivers[j] as number) && Number.isFinite(row.driversDayBefore[j] as number));
}
