/**
 * The store keeps integers only (see schema.ts); these convert the decimals devices send. Rounding
 * happens once, here, so a value read back is exactly what was stored.
 */
export const toDv = (volts: number): number => Math.round(volts * 10);
export const fromDv = (dv: number): number => dv / 10;
export const toMhz = (hz: number): number => Math.round(hz * 1000);
export const fromMhz = (mhz: number): number => mhz / 1000;
export const toPm = (pct: number): number => Math.round(pct * 10);
export const fromPm = (pm: number): number => pm / 10;
export const toDc = (celsius: number): number => Math.round(celsius * 10);
export const fromDc = (dc: number): number => dc / 10;

export const orNull = <T, R>(value: T | null | undefined, f: (v: T) => R): R | null =>
  value === null || value === undefined ? null : f(value);

export const MINUTE_MS = 60_000;
export const QUARTER_MS = 15 * MINUTE_MS;
export const DAY_MS = 24 * 60 * MINUTE_MS;
