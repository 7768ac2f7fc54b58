/**
 * Variance-stabilising transform of prices: z = asinh((p − median) / s), s = MAD / 0.6745
 * (the median absolute deviation scaled to σ for normal data), with median and MAD of the
 * training prices. Near the median it is linear; far out (−500 €/MWh hours, scarcity spikes) it
 * grows like a logarithm, so a few extreme hours do not dominate a least-squares fit (Uniejewski,
 * Weron & Ziel 2018; the transform of the LEAR model in epftoolbox).
 */
import { quantileSorted, sortedAscending } from '../math/stats';

export interface PriceTransform {
  forward(priceUnits: number): number;
  inverse(z: number): number;
}

export function asinhTransform(prices: ArrayLike<number>): PriceTransform {
  const sorted = sortedAscending(prices);
  const median = quantileSorted(sorted, 0.5);
  const deviations = sortedAscending(Float64Array.from(sorted, (p) => Math.abs(p - median)));
  const mad = quantileSorted(deviations, 0.5) / 0.6745;
  // A flat window (all prices equal) still needs a scale: one €/MWh.
  const scale = mad > 0 ? mad : 100;
  return {
    forward: (p) => Math.asinh((p - median) / scale),
    inverse: (z) => median + scale * Math.sinh(z),
  };
}
