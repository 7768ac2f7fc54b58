import { deliveryZoneOf } from '../delivery-days';
import { type Calibration } from './calibration';
import { PriceProcess, STEP_MS } from './price-process';
import { rngFor, standardNormal } from './rng';
import { localClock } from './shape';

/** Anything with a delivery window; a ProductView fits. */
export interface DeliveryWindow {
  deliveryStart: number;
  deliveryEnd: number;
}

export interface MarketSimulatorOptions {
  seed: number;
  /** First quarter-hour the simulation knows; earlier deliveries are refused. */
  originUtcMs: number;
  calibration?: Partial<Calibration>;
  /** The area whose prices are simulated (the home area by default). */
  area?: string;
  /** Standard deviation of the market's view vs the final price, at or beyond the horizon. Default 12 €/MWh. */
  forecastErrorEur?: number;
  /** Lead time from which the forecast error stops growing. Default 36 h. */
  forecastHorizonHours?: number;
}

/** Keeps the lazily extended curve bounded when a caller asks for a far-off date by mistake. */
const MAX_QUARTERS = 6 * 366 * 96;
const DAY_NOISE = 1;
const QUARTER_NOISE = 2;
const OCTAVES: ReadonlyArray<{ gridMs: number; weight: number }> = [
  { gridMs: 20 * 60_000, weight: 0.8 },
  { gridMs: 2 * 60_000, weight: 0.6 },
];

/**
 * What a product "should" trade at, seen at a given moment. Each quarter-hour has a final
 * price from the seeded PriceProcess; before delivery the market sees it through a forecast
 * error that shrinks with lead time (√lead) and drifts smoothly as time passes, partly shared
 * by all quarters of a day (weather news moves the whole day) and partly per quarter. A
 * quarter's uncertainty ends when its own delivery starts, so an hour already half delivered
 * is half known.
 * Products longer than a quarter are the mean of their quarters, so hour, block and quarter
 * prices stay consistent. Same seed, same answers, in any call order.
 */
export class MarketSimulator {
  private readonly originMs: number;
  private readonly process: PriceProcess;
  private readonly quarters: number[] = [];
  private readonly seed: number;
  private readonly zone: string;
  private readonly errorUnits: number;
  private readonly horizonMs: number;

  constructor(options: MarketSimulatorOptions) {
    this.seed = options.seed;
    this.zone = deliveryZoneOf(options.area);
    this.originMs = Math.floor(options.originUtcMs / STEP_MS) * STEP_MS;
    this.process = new PriceProcess({ seed: options.seed, startUtcMs: this.originMs, calibration: options.calibration, area: options.area });
    this.errorUnits = (options.forecastErrorEur ?? 12) * 100;
    this.horizonMs = (options.forecastHorizonHours ?? 36) * 3_600_000;
  }

  private quarterIndex(startMs: number): number {
    if (startMs % STEP_MS !== 0) throw new RangeError(`delivery must start on a quarter-hour, got ${new Date(startMs).toISOString()}`);
    const index = (startMs - this.originMs) / STEP_MS;
    if (index < 0) throw new RangeError(`delivery ${new Date(startMs).toISOString()} is before the simulation origin`);
    if (index >= MAX_QUARTERS) throw new RangeError(`delivery ${new Date(startMs).toISOString()} is too far after the simulation origin`);
    return index;
  }

  private finalQuarter(index: number): number {
    while (this.quarters.length <= index) this.quarters.push(this.process.next().priceUnits);
    return this.quarters[index] ?? 0;
  }

  private quarterStarts(window: DeliveryWindow): number[] {
    const first = this.quarterIndex(window.deliveryStart);
    const last = this.quarterIndex(window.deliveryEnd - STEP_MS);
    if (last < first || (window.deliveryEnd - window.deliveryStart) % STEP_MS !== 0) {
      throw new RangeError('delivery window must be a positive number of quarter-hours');
    }
    return Array.from({ length: last - first + 1 }, (_, i) => window.deliveryStart + i * STEP_MS);
  }

  /** The final (day-ahead-like) price of a window, in price units. */
  deliveryPrice(window: DeliveryWindow): number {
    const starts = this.quarterStarts(window);
    const sum = starts.reduce((acc, start) => acc + this.finalQuarter(this.quarterIndex(start)), 0);
    return Math.round(sum / starts.length) + 0;
  }

  /** Smooth unit-variance noise in time: interpolated Gaussians on a grid, renormalised between knots. */
  private smoothNoise(kind: number, key: number, nowMs: number): number {
    let total = 0;
    for (const { gridMs, weight } of OCTAVES) {
      const k = Math.floor(nowMs / gridMs);
      const f = (nowMs - k * gridMs) / gridMs;
      const w = f * f * (3 - 2 * f);
      const a = standardNormal(rngFor(this.seed, kind, key, gridMs, k));
      const b = standardNormal(rngFor(this.seed, kind, key, gridMs, k + 1));
      total += (weight * (a * (1 - w) + b * w)) / Math.sqrt((1 - w) * (1 - w) + w * w);
    }
    return total;
  }

  /** The market's view of a window at `nowMs`, in price units; equals deliveryPrice once delivery starts. */
  fairPrice(window: DeliveryWindow, nowMs: number): number {
    const starts = this.quarterStarts(window);
    const dayNoise = new Map<number, number>();
    let sum = 0;
    for (const start of starts) {
      const final = this.finalQuarter(this.quarterIndex(start));
      const lead = start - nowMs;
      if (lead <= 0) {
        sum += final;
        continue;
      }
      const day = localClock(start, this.zone).dayNumber;
      let shared = dayNoise.get(day);
      if (shared === undefined) {
        shared = this.smoothNoise(DAY_NOISE, day, nowMs);
        dayNoise.set(day, shared);
      }
      const own = this.smoothNoise(QUARTER_NOISE, start, nowMs);
      const sigma = this.errorUnits * Math.sqrt(Math.min(lead, this.horizonMs) / this.horizonMs);
      sum += final + sigma * (0.8 * shared + 0.6 * own);
    }
    return Math.round(sum / starts.length) + 0;
  }
}
