import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { type RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** pure-rand's generator; mutable, so functions that must stay pure clone it first. */
export type Rng = RandomGenerator;

const GOLDEN = 0x9e3779b9;

function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hashes any integers (timestamps included: both 32-bit halves count) into one 32-bit word. */
export function hashInts(parts: readonly number[]): number {
  let acc = GOLDEN;
  for (const part of parts) {
    acc = fmix32(acc ^ (part >>> 0)) + GOLDEN;
    acc = fmix32(acc ^ (Math.floor(part / 0x1_0000_0000) | 0)) + GOLDEN;
  }
  return fmix32(acc);
}

/**
 * A generator for a key (a seed, or a seed plus the coordinates of a noise value). The four
 * state words are hashed because xoroshiro128plus(seed) puts the seed into the state almost
 * as is, and seeds 1 and 2 would then start with related outputs.
 */
export function rngFor(...parts: number[]): Rng {
  const base = hashInts(parts);
  const state = [fmix32(base), fmix32(base + GOLDEN), fmix32(base + 2 * GOLDEN), fmix32(base + 3 * GOLDEN)];
  // xoroshiro's all-zero state is a fixed point.
  if (!state.some((w) => w !== 0)) state[0] = GOLDEN | 0;
  return xoroshiro128plusFromState(state);
}

export function uniform01(rng: Rng): number {
  return uniformFloat64(rng);
}

export function intBetween(rng: Rng, from: number, to: number): number {
  return uniformInt(rng, from, to);
}

export function chance(rng: Rng, probability: number): boolean {
  return uniform01(rng) < probability;
}

/** Box–Muller; 1 − u keeps the logarithm away from zero. */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - uniform01(rng);
  const u2 = uniform01(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - uniform01(rng));
}
