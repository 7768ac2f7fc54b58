/**
 * Parameters of the simulated German day-ahead price, in €/MWh unless noted, fitted by eye to
 * SMARD's 2023 DE-LU day-ahead prices (Bundesnetzagentur | SMARD.de, CC BY 4.0):
 *
 * - mean 95.18, standard deviation 47.6, min -500.00, max 524.27, 301 negative hours (3.4 %),
 *   172 of them on weekends and most between 11:00 and 16:00 local time;
 * - weekday hourly means run from ~79 at 03:00 to 131 at 07:00–08:00, dip to 83 at 13:00–14:00
 *   and peak at 144 at 19:00; weekends are ~30 lower and their midday dip is deep (35 at 14:00,
 *   -4 on spring weekends);
 * - the midday dip is small in winter (Jan–Mar weekdays 113 at 13:00 vs 158 at 18:00) and large
 *   in summer (64 vs 141);
 * - daily means vary with a standard deviation of 36 and a day-to-day autocorrelation of 0.63,
 *   i.e. weather regimes last a few days.
 *
 * With these values a simulated year (seeds 1–3) has a mean of 94–99, a standard deviation of
 * ~43, 140–150 negative hours (mostly sunny weekend middays), weekday means of ~75 at night,
 * ~128 in the morning, ~78 at midday and ~143 at 19:00, and weekend middays near 30.
 *
 * 2023 was a year of falling gas prices (monthly means 128 in February, 69 in December); the
 * simulator keeps only a mild winter premium rather than that trend. Public holidays are
 * treated as weekdays.
 */
export const CALIBRATION = {
  /** Weekday level; the mean of a simulated year lands near 95 after weekend and solar discounts. */
  level: 114,
  /** Winter is this much above the year's level, summer this much below. */
  seasonalAmplitude: 10,
  weekendDiscount: 24,
  /** Deepest midday solar dip on a clear midsummer weekday. */
  solarDip: 56,
  weekendSolarFactor: 1.55,
  solarPeakHour: 13.25,
  solarWidthHours: 2.6,
  /** Day-to-day persistence of sunshine and its spread around 1. */
  sunshinePersistence: 0.55,
  sunshineSpread: 0.5,

  /** Weather/fuel regime: slow Ornstein–Uhlenbeck factor. */
  slowHalfLifeHours: 36,
  slowStdDev: 28,
  /** Hour-to-hour noise: fast Ornstein–Uhlenbeck factor. */
  fastHalfLifeHours: 3,
  fastStdDev: 9,

  /** Expected spikes per day, their mean size and how fast they fade. */
  spikesPerDay: 0.2,
  spikeMean: 80,
  spikeHalfLifeHours: 1,
  /** Share of spikes that go up when they are not at a sunny midday. */
  spikeUpShare: 0.8,

  /** SDAC harmonised clearing limits. */
  floor: -500,
  cap: 4000,
} as const;

export type Calibration = { -readonly [K in keyof typeof CALIBRATION]: number };

/** Hour-of-day shape before solar, € above or below the day's level (centred in shape.ts). */
export const WEEKDAY_PROFILE: readonly number[] = [
  -20, -26, -30, -33, -32, -23, 2, 24, 30, 20, 10, 5, 1, 0, 2, 6, 12, 22, 34, 38, 26, 12, 3, -14,
];
export const WEEKEND_PROFILE: readonly number[] = [
  -10, -15, -15, -18, -18, -17, -14, -8, -1, 2, 0, -3, -7, -12, -12, -6, 4, 22, 36, 34, 23, 13, 11, 1,
];
