/**
 * What a simulated device would measure: solar follows a daylight curve, wind a slow random walk,
 * meters a household-like load, batteries whatever they were told within their limits. Power in W
 * (positive = export), energy in Wh. Deterministic given the random source, so tests can replay.
 */
export type Random = () => number;

/** 0 at night, a half-sine from 06:00 to 20:00 UTC peaking at 13:00, times a little cloud noise. */
export function daylightFactor(ts: number, random: Random): number {
  const hour = (ts % 86_400_000) / 3_600_000;
  if (hour < 6 || hour > 20) return 0;
  const sun = Math.sin(((hour - 6) / 14) * Math.PI);
  return Math.max(0, sun * (0.85 + random() * 0.15));
}

export function windFactor(previous: number, random: Random): number {
  return Math.min(1, Math.max(0, previous + (random() - 0.5) * 0.1));
}

export function meterLoadW(ratedPowerW: number, ts: number, random: Random): number {
  const hour = (ts % 86_400_000) / 3_600_000;
  const evening = hour > 17 && hour < 22 ? 0.6 : 0.25;
  return -Math.round(ratedPowerW * evening * (0.7 + random() * 0.6));
}

/** Inverter temperature: ambient plus heat proportional to the power converted. */
export function inverterTemperatureC(powerW: number, ratedPowerW: number, random: Random): number {
  const load = ratedPowerW > 0 ? Math.abs(powerW) / ratedPowerW : 0;
  return Math.round((25 + 30 * load + (random() - 0.5)) * 10) / 10;
}
