/**
 * The core's clock as this screen sees it. Gates, auctions and sessions run on the core's time; a
 * browser on another machine of the LAN may be minutes off, and would count down to a gate that has
 * already closed (or show a closed product as open). The offset is learnt from an answer stamped
 * with the core's time, taking the answer to have been made halfway through the round trip.
 */

let offsetMs = 0;

/** How far the core's clock is ahead of this screen's (negative when behind). */
export function clockOffset(coreTime: number, sentAt: number, receivedAt: number): number {
  return Math.round(coreTime - (sentAt + receivedAt) / 2);
}

export function learnCoreTime(coreTime: number, sentAt: number, receivedAt: number): void {
  offsetMs = clockOffset(coreTime, sentAt, receivedAt);
}

/** Now on the core's clock, ms since the epoch. */
export function coreNow(): number {
  return Date.now() + offsetMs;
}
