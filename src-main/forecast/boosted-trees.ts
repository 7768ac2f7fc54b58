/**
 * Gradient-boosted regression trees for squared error, small and deterministic.
 *
 * Start from the mean price; each round fits one depth-limited tree to the current residuals and
 * adds learningRate × its leaf means. Split candidates are per-feature cut points at training-set
 * quantiles (at most `bins` − 1 per feature, every distinct value when there are fewer), chosen by
 * the largest reduction in squared error with at least `minLeaf` rows per side. No sampling, and
 * ties go to the lower feature index and then the lower cut, so the same rows give the same model.
 *
 * A generic regressor on feature vectors; tree-model.ts says which features a price forecast uses.
 */
import { checkStop, type FitControl } from './model';

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

export interface VectorPredictor {
  predict(x: ArrayLike<number>): number;
}

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

function predictTree(nodes: readonly TreeNode[], x: ArrayLike<number>): number {
  let node = nodes[0] as TreeNode;
  while (node.feature >= 0) node = nodes[(x[node.feature] as number) <= node.threshold ? node.left : node.right] as TreeNode;
  return node.value;
}

/** @param matrix one feature vector per training row, all of the same length; `y` the targets. */
export function fitBoostedTrees(matrix: readonly ArrayLike<number>[], y: ArrayLike<number>, options: Partial<BoostOptions> = {}, control?: FitControl): VectorPredictor {
  const opts = { ...DEFAULT_BOOST, ...options };
  const n = matrix.length;
  if (n === 0) throw new RangeError('boosted trees need training rows');
  if (y.length !== n) throw new RangeError('one target per training row');
  const f = (matrix[0] as ArrayLike<number>).length;
  const columns = Array.from({ length: f }, (_, j) => Float64Array.from(matrix, (x) => x[j] as number));
  const cuts = columns.map((column) => cutPoints(column, opts.bins));
  const binned = columns.map((column, j) => Uint16Array.from(column, (v) => binOf(cuts[j] as Float64Array, v)));

  let base = 0;
  for (let i = 0; i < n; i += 1) base += (y[i] as number) / n;
  const residual = Float64Array.from(y, (v) => v - base);
  const trees: TreeNode[][] = [];

  // Per-feature histogram buffers, reused by every node (a node's bins fit in the largest).
  const maxCuts = Math.max(0, ...cuts.map((c) => c.length));
  const sums = new Float64Array(maxCuts + 1);
  const counts = new Uint32Array(maxCuts + 1);

  /** Grows a node over `indices` and, at its leaves, takes the leaf value off their residuals. */
  const grow = (nodes: TreeNode[], indices: Uint32Array, depth: number): number => {
    const id = nodes.length;
    const count = indices.length;
    let sum = 0;
    for (let r = 0; r < count; r += 1) sum += residual[indices[r] as number] as number;
    const value = (opts.learningRate * sum) / count;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value });

    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestCut = -1;
    if (depth < opts.maxDepth && count >= 2 * opts.minLeaf) {
      const parentScore = (sum * sum) / count;
      for (let j = 0; j < f; j += 1) {
        const nCuts = (cuts[j] as Float64Array).length;
        if (nCuts === 0) continue;
        sums.fill(0, 0, nCuts + 1);
        counts.fill(0, 0, nCuts + 1);
        const bins = binned[j] as Uint16Array;
        for (let r = 0; r < count; r += 1) {
          const i = indices[r] as number;
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
    }
    if (bestFeature < 0) {
      // A leaf: its rows' residuals move by the leaf's value (no second pass over the tree).
      for (let r = 0; r < count; r += 1) {
        const i = indices[r] as number;
        residual[i] = (residual[i] as number) - value;
      }
      return id;
    }

    const bins = binned[bestFeature] as Uint16Array;
    let leftCount = 0;
    for (let r = 0; r < count; r += 1) if ((bins[indices[r] as number] as number) <= bestCut) leftCount += 1;
    const left = new Uint32Array(leftCount);
    const right = new Uint32Array(count - leftCount);
    let l = 0;
    let rr = 0;
    for (let r = 0; r < count; r += 1) {
      const i = indices[r] as number;
      if ((bins[i] as number) <= bestCut) left[l++] = i;
      else right[rr++] = i;
    }
    const node = nodes[id] as TreeNode;
    node.feature = bestFeature;
    node.threshold = (cuts[bestFeature] as Float64Array)[bestCut] as number;
    node.left = grow(nodes, left, depth + 1);
    node.right = grow(nodes, right, depth + 1);
    return id;
  };

  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let round = 0; round < opts.rounds; round += 1) {
    checkStop(control);
    const nodes: TreeNode[] = [];
    grow(nodes, all, 0);
    trees.push(nodes);
  }

  return {
    predict(x) {
      let sum = base;
      for (const tree of trees) sum += predictTree(tree, x);
      return sum;
    },
  };
}
