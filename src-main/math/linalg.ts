/**
 * Covariance and Cholesky factorisation on dense row-major Float64Arrays (n × n).
 */

export interface SquareMatrix {
  readonly n: number;
  /** Row-major, n × n. */
  readonly data: Float64Array;
}

export function squareMatrix(rows: readonly (readonly number[])[]): SquareMatrix {
  const n = rows.length;
  const data = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new RangeError('matrix is not square');
    row.forEach((value, j) => {
      data[i * n + j] = value;
    });
  });
  return { n, data };
}

export function at(matrix: SquareMatrix, i: number, j: number): number {
  return matrix.data[i * matrix.n + j] as number;
}

/** Sample covariance (divisor T − 1) of observations[t][k]: T observations of n variables. */
export function sampleCovariance(observations: readonly (readonly number[])[]): SquareMatrix {
  const t = observations.length;
  const first = observations[0];
  if (!first || t < 2) throw new RangeError('covariance needs at least two observations');
  const n = first.length;
  const means = new Float64Array(n);
  for (const row of observations) {
    if (row.length !== n) throw new RangeError('observations have different lengths');
    for (let k = 0; k < n; k += 1) means[k] = (means[k] as number) + (row[k] as number) / t;
  }
  const centred = new Float64Array(t * n);
  observations.forEach((row, r) => {
    for (let k = 0; k < n; k += 1) centred[r * n + k] = (row[k] as number) - (means[k] as number);
  });
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = 0;
      for (let r = 0; r < t; r += 1) sum += (centred[r * n + i] as number) * (centred[r * n + j] as number);
      const value = sum / (t - 1);
      data[i * n + j] = value;
      data[j * n + i] = value;
    }
  }
  return { n, data };
}

/** Lower-triangular L with L·Lᵀ = A, or null when A is not (numerically) positive definite. */
export function cholesky(matrix: SquareMatrix, diagonalShift = 0): Float64Array | null {
  const { n, data } = matrix;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = (data[i * n + j] as number) + (i === j ? diagonalShift : 0);
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / (l[j * n + j] as number);
      }
    }
  }
  return l;
}

export interface JitteredCholesky {
  lower: Float64Array;
  /** What was added to the diagonal; 0 when the matrix was positive definite as given. */
  jitter: number;
}

/**
 * Cholesky that survives matrices that are only positive semi-definite (more delivery periods
 * than observations, perfectly correlated periods, a period that never moved). It retries with
 * jitter = 1e-10, 1e-9, … × the mean diagonal added to the diagonal — a variance that small
 * changes no VaR figure — and gives up past 1e-2 relative, which would mean a broken input.
 */
export function choleskyWithJitter(matrix: SquareMatrix): JitteredCholesky {
  const plain = cholesky(matrix);
  if (plain) return { lower: plain, jitter: 0 };
  let trace = 0;
  for (let i = 0; i < matrix.n; i += 1) trace += at(matrix, i, i);
  const scale = trace > 0 ? trace / matrix.n : 1;
  for (let exponent = -10; exponent <= -2; exponent += 1) {
    const jitter = scale * 10 ** exponent;
    const lower = cholesky(matrix, jitter);
    if (lower) return { lower, jitter };
  }
  throw new RangeError('matrix is not positive semi-definite: Cholesky failed even with jitter');
}
