/**
 * Gradient-boosted regression trees for squared error, small and deterministic.
 *
 * Start from the mean price; each round fits one depth-limited tree to the current residuals and
 * adds learningRate × its leaf means. Split candidates are per-feature cut points at training-set
 * quantiles (at most `bins` − 1 per feature, every distinct value when there are fewer), chosen by
 * the largest reduction in squared error with at least `minLeaf` rows per side. No sampling, and
 * ties go to the lower feature index and then the lower cut, so the same rows give the same model.
 *
 * Features: local hour, ISO weekday, month, price 24 h and 168 h ago, exogenous values.
 */
import type { FeatureRow } from './features';
import { checkStop, type FitControl, type Predictor } from './model';

export interface BoostOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  bins: number;
}

export const DEFAULT_BOOST: BoostOptions = { rounds: 150, learningRate: 0.08, maxDepth: 3, minLeaf: 20, bins: 48 };

/** A leaf has feature −1 and carries `value`; an inner node sends x[feature] ≤ threshold left. */
interface TreeNode {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

const featuresOf = (row: FeatureRow): number[] => [row.hour, row.weekday, row.month, row.lag24, row.lag168, ...row.extras];

function cutPoints(values: Float64Array, bins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (const v of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  if (distinct.length <= bins) return Float64Array.from(distinct.slice(0, -1));
  const cuts: number[] = [];
  for (let b = 1; b < bins; b += 1) {
    const v = sorted[Math.floor((b * sorted.length) / bins)] as number;
    if (cuts.length === 0 || v > (cuts[cuts.length - 1] as number)) cuts.push(v);
  }
  // A cut at the maximum would leave the right side empty.
  if (cuts.length > 0 && (cuts[cuts.length - 1] as number) >= (sorted[sorted.length - 1] as number)) cuts.pop();
  return Float64Array.from(cuts);
}

/** Index of the first cut ≥ value (= number of cuts when above all): value ≤ cuts[k] ⇔ bin ≤ k. */
function binOf(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cuts[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function predictTree(nodes: readonly TreeNode[], x: readonly number[]): number {
  let node = nodes[0] as TreeNode;
  while (node.feature >= 0) node = nodes[(x[node.feature] as number) <= node.threshold ? node.left : node.right] as TreeNode;
  return node.value;
}

export function fitBoostedTrees(rows: readonly FeatureRow[], options: Partial<BoostOptions> = {}, control?: FitControl): Predictor {
  const opts = { ...DEFAULT_BOOST, ...options };
  const n = rows.length;
  if (n === 0) throw new RangeError('boosted trees need training rows');
  const matrix = rows.map(featuresOf);
  const f = (matrix[0] as number[]).length;
  const columns = Array.from({ length: f }, (_, j) => Float64Array.from(matrix, (x) => x[j] as number));
  const cuts = columns.map((column) => cutPoints(column, opts.bins));
  const binned = columns.map((column, j) => Uint16Array.from(column, (v) => binOf(cuts[j] as Float64Array, v)));

  let base = 0;
  for (const row of rows) base += row.y / n;
  const residual = Float64Array.from(rows, (row) => row.y - base);
  const trees: TreeNode[][] = [];

  const grow = (nodes: TreeNode[], indices: Uint32Array, depth: number): number => {
    const id = nodes.length;
    let sum = 0;
    for (const i of indices) sum += residual[i] as number;
    const count = indices.length;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: (opts.learningRate * sum) / count });
    if (depth >= opts.maxDepth || count < 2 * opts.minLeaf) return id;

    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestCut = -1;
    const parentScore = (sum * sum) / count;
    for (let j = 0; j < f; j += 1) {
      const nCuts = (cuts[j] as Float64Array).length;
      if (nCuts === 0) continue;
      const sums = new Float64Array(nCuts + 1);
      const counts = new Uint32Array(nCuts + 1);
      const bins = binned[j] as Uint16Array;
      for (const i of indices) {
        const b = bins[i] as number;
        sums[b] = (sums[b] as number) + (residual[i] as number);
        counts[b] = (counts[b] as number) + 1;
      }
      let leftSum = 0;
      let leftCount = 0;
      for (let k = 0; k < nCuts; k += 1) {
        leftSum += sums[k] as number;
        leftCount += counts[k] as number;
        const rightCount = count - leftCount;
        if (leftCount < opts.minLeaf) continue;
        if (rightCount < opts.minLeaf) break;
        const rightSum = sum - leftSum;
        const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestCut = k;
        }
      }
    }
    if (bestFeature < 0) return id;

    const bins = binned[bestFeature] as Uint16Array;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of indices) ((bins[i] as number) <= bestCut ? left : right).push(i);
    const node = nodes[id] as TreeNode;
    node.feature = bestFeature;
    node.threshold = (cuts[bestFeature] as Float64Array)[bestCut] as number;
    node.left = grow(nodes, Uint32Array.from(left), depth + 1);
    node.right = grow(nodes, Uint32Array.from(right), depth + 1);
    return id;
  };

  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let round = 0; round < opts.rounds; round += 1) {
    checkStop(control);
    const nodes: TreeNode[] = [];
    grow(nodes, all, 0);
    trees.push(nodes);
    matrix.forEach((x, i) => {
      residual[i] = (residual[i] as number) - predictTree(nodes, x);
    });
  }

  return {
    predict(row) {
      const x = featuresOf(row);
      let sum = base;
      for (const tree of trees) sum += predictTree(tree, x);
      return sum;
    },
  };
}
