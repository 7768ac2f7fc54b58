import { withStore, type Harness } from '../helpers/core';

/** Fixes the simulator's seed before its first tick, as a stored setting (the way a terminal keeps it). */
export function seedSimulator(harness: Harness, seed: number): void {
  withStore(harness, (db) => db.prepare('INSERT INTO md_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('simulator.seed', JSON.stringify(seed)));
}

/** Moves the manual clock in steps and lets the market-data service act on each, as its timer would. */
export async function runClock(harness: Harness, steps: number, stepMs = 1_000): Promise<void> {
  for (let i = 0; i < steps; i++) {
    harness.clock.advance(stepMs);
    await harness.core.tick('trading');
    await harness.core.tick('marketdata');
  }
}
