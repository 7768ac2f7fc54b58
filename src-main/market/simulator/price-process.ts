import { CALIBRATION, type Calibration } from './calibration';
import { chance, exponential, rngFor, standardNormal, type Rng } from './rng';
import { deliveryZoneOf } from '../delivery-days';
import { localClock, shapePrice, solarBell, solarSeason } from './shape';

export const STEP_MS = 15 * 60_000;
const STEP_HOURS = 0.25;

export interface SimulatedQuarter {
  startUtcMs: number;
  durationMin: 15;
  /** 0.01 €/MWh. */
  priceUnits: number;
}

export interface PriceProcessOptions {
  seed: number;
  /** Rounded down to a quarter-hour. */
  startUtcMs: number;
  calibration?: Partial<Calibration>;
  /** The area whose prices are simulated; its local calendar shapes demand and the sun. The home area by default. */
  area?: string;
}

/** Exact discretisation of an Ornstein–Uhlenbeck step, so the spread stays right at any step size. */
function ouStep(x: number, halfLifeHours: number, stdDev: number, rng: Rng): number {
  const decay = Math.exp((-Math.LN2 / halfLifeHours) * STEP_HOURS);
  return x * decay + stdDev * Math.sqrt(1 - decay * decay) * standardNormal(rng);
}

/**
 * Quarter-hourly day-ahead-like prices: the seasonal/daily/weekly shape plus two mean-reverting
 * factors (a slow weather regime and fast noise), a per-day sunshine draw that deepens the
 * midday dip, and occasional spikes that fade within hours. Deterministic for a seed and start.
 */
export class PriceProcess {
  private readonly c: Calibration;
  private readonly zone: string;
  private readonly rng: Rng;
  private t: number;
  private slow: number;
  private fast: number;
  private spike = 0;
  private sunshine: number;
  private day = Number.NaN;

  constructor(options: PriceProcessOptions) {
    if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`);
    if (!Number.isFinite(options.startUtcMs)) throw new RangeError('startUtcMs must be a finite time');
    this.c = { ...CALIBRATION, ...options.calibration };
    this.zone = deliveryZoneOf(options.area);
    this.rng = rngFor(options.seed, 0x5eed);
    this.t = Math.floor(options.startUtcMs / STEP_MS) * STEP_MS;
    // Start from the factors' long-run distributions so the first days are not special.
    this.slow = this.c.slowStdDev * standardNormal(this.rng);
    this.fast = this.c.fastStdDev * standardNormal(this.rng);
    this.sunshine = this.drawSunshine(1);
  }

  private drawSunshine(previous: number): number {
    const rho = this.c.sunshinePersistence;
    const next = 1 + rho * (previous - 1) + this.c.sunshineSpread * Math.sqrt(1 - rho * rho) * standardNormal(this.rng);
    return Math.min(2.2, Math.max(0.05, next));
  }

  /** Sunny middays are where the market floods, so spikes there mostly go down. */
  private spikeSign(midHour: number, dayOfYear: number): number {
    const sunnyMidday = solarBell(midHour, this.c) > 0.5 && this.sunshine * solarSeason(dayOfYear) > 0.8;
    const upShare = sunnyMidday ? 0.2 : this.c.spikeUpShare;
    return chance(this.rng, upShare) ? 1 : -1;
  }

  next(): SimulatedQuarter {
    const startUtcMs = this.t;
    const clock = localClock(startUtcMs, this.zone);
    if (clock.dayNumber !== this.day) {
      if (!Number.isNaN(this.day)) this.sunshine = this.drawSunshine(this.sunshine);
      this.day = clock.dayNumber;
    }
    const midHour = clock.hour + STEP_HOURS / 2;
    this.slow = ouStep(this.slow, this.c.slowHalfLifeHours, this.c.slowStdDev, this.rng);
    this.fast = ouStep(this.fast, this.c.fastHalfLifeHours, this.c.fastStdDev, this.rng);
    this.spike *= Math.exp((-Math.LN2 / this.c.spikeHalfLifeHours) * STEP_HOURS);
    if (chance(this.rng, (this.c.spikesPerDay * STEP_HOURS) / 24)) {
      this.spike += this.spikeSign(midHour, clock.dayOfYear) * exponential(this.rng, this.c.spikeMean);
    }
    const eur = shapePrice(clock, midHour, this.sunshine, this.c) + this.slow + this.fast + this.spike;
    const clamped = Math.min(this.c.cap, Math.max(this.c.floor, eur));
    this.t += STEP_MS;
    return { startUtcMs, durationMin: 15, priceUnits: Math.round(clamped * 100) + 0 }; // + 0: a rounded -0 would differ from 0 under Object.is
  }
}

/** `count` consecutive quarter-hours. */
export function simulateQuarterHours(options: PriceProcessOptions & { count: number }): SimulatedQuarter[] {
  const process = new PriceProcess(options);
  return Array.from({ length: options.count }, () => process.next());
}
