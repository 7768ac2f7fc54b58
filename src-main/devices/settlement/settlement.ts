/**
 * Energy in an interval from cumulative counters (Wh), as a pure function so the rules can be tested
 * on their own and documented in one place (docs/mqtt-namespace.md, "Metered settlement"):
 *
 * - Between two consecutive readings the counter is assumed to rise linearly. The energy of an
 *   interval is the sum, over consecutive pairs, of the pair's increase times the share of the pair's
 *   time span that lies inside the interval. This is linear interpolation of the counter at the
 *   interval boundaries, and it makes missed readings harmless: a longer pair simply spans more.
 * - A counter that goes down was reset (device restart, `reset_counter` command). The increase of that
 *   pair is the new value: the counter restarted from zero. What was counted between the last reading
 *   and the reset is lost; it cannot be known.
 * - Duplicate readings (same value, same time) add nothing.
 * - `complete` is false when there is no reading at or before the start or none at or after the end:
 *   the energy outside the readings' span is then missing, not guessed.
 */
export interface CounterPoint {
  ts: number;
  value: number;
}

export interface IntervalEnergy {
  /** Unrounded, so a site can sum devices before rounding once. */
  wh: number;
  readingsInside: number;
  complete: boolean;
}

export function energyInInterval(points: readonly CounterPoint[], from: number, to: number): IntervalEnergy {
  let wh = 0;
  let readingsInside = 0;
  let coversStart = false;
  let coversEnd = false;
  for (let i = 0; i < points.length; i++) {
    const b = points[i]!;
    if (b.ts >= from && b.ts < to) readingsInside++;
    if (b.ts <= from) coversStart = true;
    if (b.ts >= to) coversEnd = true;
    if (i === 0) continue;
    const a = points[i - 1]!;
    const span = b.ts - a.ts;
    if (span <= 0) continue;
    const increase = b.value >= a.value ? b.value - a.value : b.value;
    const overlap = Math.min(b.ts, to) - Math.max(a.ts, from);
    if (overlap > 0) wh += (increase * overlap) / span;
  }
  return { wh, readingsInside, complete: coversStart && coversEnd };
}

/** Interval boundaries are aligned to the epoch (UTC), so 15-minute intervals start at :00, :15, … */
export function intervalStartOf(ts: number, intervalMs: number): number {
  return ts - (((ts % intervalMs) + intervalMs) % intervalMs);
}
