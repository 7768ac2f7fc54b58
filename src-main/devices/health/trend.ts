/**
 * Predictive maintenance, kept deliberately simple: an inverter's temperature is mostly explained by
 * the power it converts, so fit temperature = a + b·power on its history (ordinary least squares) and
 * watch the residuals. When the mean residual of the recent window exceeds `sigma` times the
 * historical residual standard deviation, the device runs hotter than its own past at the same power:
 * a fan, a filter or a heat sink is worth a look before it fails.
 */
export interface TrendSample {
  powerW: number;
  temperatureC: number;
}

export interface TrendResult {
  drift: boolean;
  /** Mean recent residual (°C above what history predicts). */
  recentResidualC: number;
  historySigmaC: number;
  slopeCPerKw: number;
}

/** Too few points make a regression say anything; below this we stay silent. */
export const MIN_HISTORY = 16;
export const MIN_RECENT = 4;
/** Sensor resolution: a history this quiet must not turn 0.2 °C into an alarm. */
const SIGMA_FLOOR_C = 0.5;

export function detectDrift(history: readonly TrendSample[], recent: readonly TrendSample[], sigma: number): TrendResult | null {
  if (history.length < MIN_HISTORY || recent.length < MIN_RECENT) return null;
  const n = history.length;
  const meanP = history.reduce((s, x) => s + x.powerW, 0) / n;
  const meanT = history.reduce((s, x) => s + x.temperatureC, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const x of history) {
    sxx += (x.powerW - meanP) ** 2;
    sxy += (x.powerW - meanP) * (x.temperatureC - meanT);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanT - slope * meanP;
  const residual = (x: TrendSample) => x.temperatureC - (intercept + slope * x.powerW);
  const variance = history.reduce((s, x) => s + residual(x) ** 2, 0) / Math.max(1, n - 2);
  const historySigma = Math.max(SIGMA_FLOOR_C, Math.sqrt(variance));
  const recentResidual = recent.reduce((s, x) => s + residual(x), 0) / recent.length;
  return {
    drift: recentResidual > sigma * historySigma,
    recentResidualC: Math.round(recentResidual * 10) / 10,
    historySigmaC: Math.round(historySigma * 100) / 100,
    slopeCPerKw: Math.round(slope * 1000 * 100) / 100,
  };
}
