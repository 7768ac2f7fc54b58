import type { Harness } from '../helpers/core';

/** Fixes the simulator's seed before its first tick, as a stored setting (the way a terminal keeps it). */
export function seedSimulator(harness: Harness, seed: number): void {
  harness.core.db.transaction(() => harness.core.marketdata.state.set('simulator.seed', seed))();
}

/** Moves the manual clock in steps and lets the market-data service act on each, as its timer would. */
export async function runClock(harness: Harness, steps: number, stepMs = 1_000): Promise<void> {
  for (let i = 0; i < steps; i++) {
    harness.clock.advance(stepMs);
    harness.core.trading.onClock();
    await harness.core.marketdata.onClock();
  }
}
