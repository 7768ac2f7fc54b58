/** Time comes in from outside so tests can move it; nothing in the core reads Date directly. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The machine's time moved ahead by a fixed amount: a rehearsal of a later market moment, running at real speed. */
export function aheadClock(offsetMs: number): Clock {
  return { now: () => Date.now() + offsetMs };
}

export class ManualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
