/**
 * Daily, monthly and inception-to-date P&L from booked fills.
 *
 * Realized P&L and fees are attributed to the trading day of the fill (the calendar day of its
 * timestamp in the home area's zone, the desk's day), not to the delivery day. Mark-to-market enters through end-of-
 * day unrealized snapshots: a day's unrealized change is its snapshot minus the previous day's.
 * Every bucket is summed in exact value units and rounded to money once.
 */
import { DateTime } from 'luxon';
import { HOME_AREA, zoneOfArea } from '../../../src-shared/domain/market-areas';
import { moneyFromValue } from '../math/money';

/** The desk's days are the home area's: a book mixes areas, and the terminal reports in its home calendar. */
export const DESK_ZONE = zoneOfArea(HOME_AREA);

export interface PnlEvent {
  ts: number;
  realizedValue: bigint;
  feeValue: bigint;
}

export interface PnlBucket {
  /** yyyy-MM-dd for days, yyyy-MM for months, 'ITD' for inception to date. */
  period: string;
  realizedMoney: number;
  feesMoney: number;
  unrealizedChangeMoney: number;
  /** realized − fees + unrealized change. */
  totalMoney: number;
  fillCount: number;
}

export interface PnlAggregation {
  daily: PnlBucket[];
  monthly: PnlBucket[];
  inceptionToDate: PnlBucket;
}

interface Accumulator {
  realized: bigint;
  fees: bigint;
  unrealizedChange: bigint;
  fills: number;
}

const empty = (): Accumulator => ({ realized: 0n, fees: 0n, unrealizedChange: 0n, fills: 0 });

function bucket(period: string, acc: Accumulator): PnlBucket {
  return {
    period,
    realizedMoney: moneyFromValue(acc.realized),
    feesMoney: moneyFromValue(acc.fees),
    unrealizedChangeMoney: moneyFromValue(acc.unrealizedChange),
    totalMoney: moneyFromValue(acc.realized - acc.fees + acc.unrealizedChange),
    fillCount: acc.fills,
  };
}

export function tradingDayOf(ts: number, zone = DESK_ZONE): string {
  const day = DateTime.fromMillis(ts, { zone }).toISODate();
  if (day === null) throw new RangeError(`bad timestamp ${ts}`);
  return day;
}

/**
 * @param eodUnrealizedValue end-of-day unrealized P&L of the whole book per trading day (value
 * units), as marked by the caller; days without a snapshot carry the previous one (no change).
 */
export function aggregatePnl(
  events: Iterable<PnlEvent>,
  eodUnrealizedValue: ReadonlyMap<string, bigint> = new Map(),
  zone = DESK_ZONE,
): PnlAggregation {
  const days = new Map<string, Accumulator>();
  const touch = (day: string): Accumulator => {
    let acc = days.get(day);
    if (!acc) {
      acc = empty();
      days.set(day, acc);
    }
    return acc;
  };
  for (const event of events) {
    const acc = touch(tradingDayOf(event.ts, zone));
    acc.realized += event.realizedValue;
    acc.fees += event.feeValue;
    acc.fills += 1;
  }
  for (const day of eodUnrealizedValue.keys()) touch(day);

  const orderedDays = [...days.keys()].sort();
  let previousUnrealized = 0n;
  for (const day of orderedDays) {
    const snapshot = eodUnrealizedValue.get(day);
    if (snapshot === undefined) continue;
    (days.get(day) as Accumulator).unrealizedChange = snapshot - previousUnrealized;
    previousUnrealized = snapshot;
  }

  const months = new Map<string, Accumulator>();
  const total = empty();
  for (const day of orderedDays) {
    const acc = days.get(day) as Accumulator;
    const monthKey = day.slice(0, 7);
    const month = months.get(monthKey) ?? empty();
    for (const target of [month, total]) {
      target.realized += acc.realized;
      target.fees += acc.fees;
      target.unrealizedChange += acc.unrealizedChange;
      target.fills += acc.fills;
    }
    months.set(monthKey, month);
  }
  return {
    daily: orderedDays.map((day) => bucket(day, days.get(day) as Accumulator)),
    monthly: [...months.entries()].map(([month, acc]) => bucket(month, acc)),
    inceptionToDate: bucket('ITD', total),
  };
}

/**
 * Total P&L per calendar day from `firstDay` to `lastDay` inclusive, 0 for days without a bucket:
 * the series a Sharpe ratio over calendar days needs.
 */
export function calendarDailyPnl(daily: readonly PnlBucket[], firstDay: string, lastDay: string, zone = DESK_ZONE): number[] {
  const byDay = new Map(daily.map((bucket) => [bucket.period, bucket.totalMoney]));
  const series: number[] = [];
  for (let day = DateTime.fromISO(firstDay, { zone }); (day.toISODate() as string) <= lastDay; day = day.plus({ days: 1 })) {
    series.push(byDay.get(day.toISODate() as string) ?? 0);
  }
  return series;
}
