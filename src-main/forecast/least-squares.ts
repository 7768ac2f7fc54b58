/**
 * Ridge least squares by Householder QR of the augmented system
 *   [ X        ]       [ y ]
 *   [ diag(√λ) ] β  ≈  [ 0 ]
 * which minimises |Xβ − y|² + Σ λ_j β_j². QR on X itself keeps the conditioning of X (normal
 * equations would square it), and the ridge rows make the system full rank even when a column is
 * all zeros (a month absent from the training window). A column with λ = 0 that is still rank
 * deficient gets coefficient 0.
 */

/**
 * @param x row-major n × p design matrix
 * @param penalties λ_j ≥ 0 per column (0 for the intercept)
 */
export function ridgeLeastSquares(x: Float64Array, y: Float64Array, p: number, penalties: readonly number[]): Float64Array {
  const n = y.length;
  if (x.length !== n * p) throw new RangeError('design matrix size does not match');
  if (penalties.length !== p) throw new RangeError('one penalty per column');
  const m = n + p;
  // Column-major copy: Householder works column by column.
  const a = new Float64Array(m * p);
  for (let i = 0; i < n; i += 1) for (let j = 0; j < p; j += 1) a[j * m + i] = x[i * p + j] as number;
  for (let j = 0; j < p; j += 1) a[j * m + n + j] = Math.sqrt(Math.max(0, penalties[j] as number));
  const b = new Float64Array(m);
  b.set(y);

  const v = new Float64Array(m);
  for (let k = 0; k < p; k += 1) {
    const col = k * m;
    let norm = 0;
    for (let i = k; i < m; i += 1) norm += (a[col + i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const head = a[col + k] as number;
    const alpha = head > 0 ? -norm : norm;
    let vNorm2 = 0;
    for (let i = k; i < m; i += 1) {
      const value = (a[col + i] as number) - (i === k ? alpha : 0);
      v[i] = value;
      vNorm2 += value * value;
    }
    if (vNorm2 === 0) continue;
    for (let j = k; j < p; j += 1) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i += 1) dot += (v[i] as number) * (a[cj + i] as number);
      const factor = (2 * dot) / vNorm2;
      for (let i = k; i < m; i += 1) a[cj + i] = (a[cj + i] as number) - factor * (v[i] as number);
    }
    let dot = 0;
    for (let i = k; i < m; i += 1) dot += (v[i] as number) * (b[i] as number);
    const factor = (2 * dot) / vNorm2;
    for (let i = k; i < m; i += 1) b[i] = (b[i] as number) - factor * (v[i] as number);
  }

  let maxDiagonal = 0;
  for (let k = 0; k < p; k += 1) maxDiagonal = Math.max(maxDiagonal, Math.abs(a[k * m + k] as number));
  const tolerance = maxDiagonal * 1e-12 * Math.max(m, p);
  const beta = new Float64Array(p);
  for (let k = p - 1; k >= 0; k -= 1) {
    const diagonal = a[k * m + k] as number;
    if (Math.abs(diagonal) <= tolerance) continue;
    let sum = b[k] as number;
    for (let j = k + 1; j < p; j += 1) sum -= (a[j * m + k] as number) * (beta[j] as number);
    beta[k] = sum / diagonal;
  }
  return beta;
}
