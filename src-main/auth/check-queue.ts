/**
 * The password checks of the whole terminal, a few at a time. scrypt already runs on libuv's thread
 * pool, off the event loop; what made a flood stall every sign-in was the pool's unbounded queue:
 * a legitimate login waited behind hundreds of guesses. Here at most `concurrent` checks run and at
 * most `queued` wait: a caller asks `hasRoom` before it counts an attempt and refuses it
 * (RATE_LIMITED) at once when there is none, which costs nothing. An attempt once admitted is never
 * refused later. An administrator's unlock goes to the front, so it never waits behind a flood.
 */
export class CheckQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: { concurrent: number; queued: number }) {}

  /** Whether a check asked for now would be taken; callers ask before counting an attempt. */
  hasRoom(): boolean {
    return this.running < this.limits.concurrent || this.waiting.length < this.limits.queued;
  }

  async run<T>(check: () => Promise<T>, options: { first?: boolean } = {}): Promise<T> {
    if (this.running >= this.limits.concurrent) {
      await new Promise<void>((resolve) => (options.first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
    } else {
      this.running++;
    }
    try {
      return await check();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the line.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
