/**
 * Ridge regression whose λ is chosen by generalised cross-validation on the training rows alone.
 *
 * Solves (XᵀX + λ·D)β = Xᵀy by Cholesky for each λ of a grid, D = diag(penalised), and keeps the
 * λ with the lowest GCV(λ) = n·RSS(λ) / (n − df(λ))², df(λ) = trace(X(XᵀX + λD)⁻¹Xᵀ)
 * = p − λ·Σ_j D_jj·[(XᵀX + λD)⁻¹]_jj (Golub, Heath & Wahba 1979). GCV approximates leave-one-out
 * error without refitting, so the penalty is picked from training days only, never from the day
 * being forecast. Columns should be standardised so that one λ suits all of them; the grid is
 * relative to n (XᵀX of standardised columns has n on its diagonal).
 */
import { cholesky } from '../math/linalg';

export const RIDGE_GRID: readonly number[] = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3];

export interface RidgeFit {
  beta: Float64Array;
  lambda: number;
  gcv: number;
}

/**
 * @param x row-major n × p design matrix
 * @param penalised per column: true when it is shrunk (false for the intercept)
 */
export function ridgeGcv(x: Float64Array, y: Float64Array, p: number, penalised: readonly boolean[], grid: readonly number[] = RIDGE_GRID): RidgeFit {
  const n = y.length;
  if (x.length !== n * p) throw new RangeError('design matrix size does not match');
  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  let yty = 0;
  for (let i = 0; i < n; i += 1) {
    const row = i * p;
    const yi = y[i] as number;
    yty += yi * yi;
    for (let a = 0; a < p; a += 1) {
      const xa = x[row + a] as number;
      if (xa === 0) continue;
      xty[a] = (xty[a] as number) + xa * yi;
      for (let b = 0; b <= a; b += 1) gram[a * p + b] = (gram[a * p + b] as number) + xa * (x[row + b] as number);
    }
  }
  for (let a = 0; a < p; a += 1) for (let b = 0; b < a; b += 1) gram[b * p + a] = gram[a * p + b] as number;

  let best: RidgeFit | null = null;
  const shifted = new Float64Array(p * p);
  for (const relative of grid) {
    const lambda = relative * n;
    shifted.set(gram);
    for (let j = 0; j < p; j += 1) if (penalised[j]) shifted[j * p + j] = (shifted[j * p + j] as number) + lambda;
    const lower = cholesky({ n: p, data: shifted });
    if (!lower) continue;
    const beta = solveCholesky(lower, xty, p);
    // RSS = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ.
    let rss = yty;
    for (let a = 0; a < p; a += 1) {
      let gb = 0;
      for (let b = 0; b < p; b += 1) gb += (gram[a * p + b] as number) * (beta[b] as number);
      rss += (beta[a] as number) * (gb - 2 * (xty[a] as number));
    }
    const inverseDiagonal = choleskyInverseDiagonal(lower, p);
    let df = p;
    for (let j = 0; j < p; j += 1) if (penalised[j]) df -= lambda * (inverseDiagonal[j] as number);
    const gcv = (n * Math.max(rss, 0)) / Math.max(n - df, 1) ** 2;
    if (best === null || gcv < best.gcv) best = { beta, lambda, gcv };
  }
  if (!best) throw new RangeError('ridge system is not positive definite for any λ of the grid');
  return best;
}

function solveCholesky(lower: Float64Array, b: Float64Array, p: number): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (lower[i * p + k] as number) * (z[k] as number);
    z[i] = sum / (lower[i * p + i] as number);
  }
  const out = new Float64Array(p);
  for (let i = p - 1; i >= 0; i -= 1) {
    let sum = z[i] as number;
    for (let k = i + 1; k < p; k += 1) sum -= (lower[k * p + i] as number) * (out[k] as number);
    out[i] = sum / (lower[i * p + i] as number);
  }
  return out;
}

/** diag(A⁻¹) for A = LLᵀ: A⁻¹ = L⁻ᵀL⁻¹, so [A⁻¹]_jj = Σ_k (L⁻¹)_kj². */
function choleskyInverseDiagonal(lower: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  for (let j = 0; j < p; j += 1) {
    inv[j * p + j] = 1 / (lower[j * p + j] as number);
    for (let i = j + 1; i < p; i += 1) {
      let sum = 0;
      for (let k = j; k < i; k += 1) sum -= (lower[i * p + k] as number) * (inv[k * p + j] as number);
      inv[i * p + j] = sum / (lower[i * p + i] as number);
    }
  }
  const diagonal = new Float64Array(p);
  for (let j = 0; j < p; j += 1) {
    let sum = 0;
    for (let k = j; k < p; k += 1) sum += (inv[k * p + j] as number) ** 2;
    diagonal[j] = sum;
  }
  return diagonal;
}
