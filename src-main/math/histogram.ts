/** Equal-width histogram of a sample, for the P&L distribution chart. */

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/** Bins cover [min, max]; a value equal to max falls in the last bin. One bin when all values are equal. */
export function histogram(values: ArrayLike<number>, bins = 50): HistogramBin[] {
  if (values.length === 0) return [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return [{ lower: min, upper: max, count: values.length }];
  const count = Math.max(1, Math.floor(bins));
  const width = (max - min) / count;
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i += 1) {
    const index = Math.min(count - 1, Math.floor(((values[i] as number) - min) / width));
    counts[index] = (counts[index] as number) + 1;
  }
  return counts.map((c, i) => ({ lower: min + i * width, upper: i === count - 1 ? max : min + (i + 1) * width, count: c }));
}
