import { IANAZone } from 'luxon';
import { deliveryZoneOf } from '../delivery-days';
import { type Calibration, WEEKDAY_PROFILE, WEEKEND_PROFILE } from './calibration';

const centred = (profile: readonly number[]): number[] => {
  const mean = profile.reduce((a, b) => a + b, 0) / profile.length;
  return profile.map((v) => v - mean);
};
const WEEKDAY = centred(WEEKDAY_PROFILE);
const WEEKEND = centred(WEEKEND_PROFILE);

/** Where an instant sits in the simulated area's local calendar, which is what demand and the sun follow. */
export interface LocalClock {
  /** Wall-clock hours since local midnight, fractional. */
  hour: number;
  weekend: boolean;
  /** 0 = 1 January. */
  dayOfYear: number;
  /** Days since 1970-01-01 in local time, to key per-day randomness. */
  dayNumber: number;
}

const DAY_MS = 86_400_000;

/** `zone`: the simulated area's (the home area's by default). */
export function localClock(utcMs: number, zone: string = deliveryZoneOf()): LocalClock {
  const wallMs = utcMs + IANAZone.create(zone).offset(utcMs) * 60_000;
  const dayNumber = Math.floor(wallMs / DAY_MS);
  const date = new Date(dayNumber * DAY_MS);
  const weekday = date.getUTCDay();
  return {
    hour: (wallMs - dayNumber * DAY_MS) / 3_600_000,
    weekend: weekday === 0 || weekday === 6,
    dayOfYear: Math.floor((dayNumber * DAY_MS - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS),
    dayNumber,
  };
}

/** Linear between hourly values, read at interval midpoints so quarters of an hour differ a little. */
function profileAt(profile: readonly number[], hour: number): number {
  const x = hour - 0.5;
  const i = Math.floor(x);
  const f = x - i;
  const a = profile[(i + 24) % 24] ?? 0;
  const b = profile[(i + 25) % 24] ?? 0;
  return a + (b - a) * f;
}

/** 0.1 at the winter solstice to 1 at the summer solstice. */
export function solarSeason(dayOfYear: number): number {
  return 0.55 - 0.45 * Math.cos((2 * Math.PI * (dayOfYear + 10)) / 365.25);
}

export function solarBell(hour: number, c: Calibration): number {
  const z = (hour - c.solarPeakHour) / c.solarWidthHours;
  return Math.exp(-0.5 * z * z);
}

/**
 * The expected price of an interval given the day's sunshine (1 = typical), before weather
 * regimes, noise and spikes. `midHour` is the local hour at the interval's midpoint.
 */
export function shapePrice(clock: LocalClock, midHour: number, sunshine: number, c: Calibration): number {
  const season = Math.cos((2 * Math.PI * (clock.dayOfYear - 15)) / 365.25);
  const level = c.level + c.seasonalAmplitude * season - (clock.weekend ? c.weekendDiscount : 0);
  const profile = profileAt(clock.weekend ? WEEKEND : WEEKDAY, midHour);
  const solar = c.solarDip * solarSeason(clock.dayOfYear) * sunshine * solarBell(midHour, c) * (clock.weekend ? c.weekendSolarFactor : 1);
  return level + profile - solar;
}
