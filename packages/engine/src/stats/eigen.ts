/**
 * Eigen-decomposition of small real symmetric matrices (correlation matrices of one
 * aggregation group), shared by PCA weights and the PCA audit.
 */

export interface Eigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as columns: vectors[j] is the unit eigenvector of values[j]. */
  vectors: Float64Array[];
}

/**
 * Eigenvalues and eigenvectors of a real symmetric k × k matrix (row-major `k * k` array), by
 * cyclic Jacobi rotations until the off-diagonal sum of squares is below 1e-30 of the total
 * (at most 100 sweeps). Vectors are normalised, each with its largest-magnitude component positive (the first one if several are equal within 1e-9 relative).
 *
 * @example symmetricEigen(Float64Array.of(1, 0.5, 0.5, 1), 2).values // [1.5, 0.5]
 */
export function symmetricEigen(matrix: ArrayLike<number>, k: number): Eigen {
  if (!Number.isInteger(k) || k < 0 || matrix.length !== k * k) throw new Error(`symmetricEigen: expected a ${k} × ${k} matrix (${k * k} entries), got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const x = a[i * k + j];
      const y = a[j * k + i];
      if (Number.isNaN(x) || Number.isNaN(y) || Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(x))) {
        throw new Error(`symmetricEigen: the matrix is not symmetric (or has missing entries) at [${i}, ${j}]: ${x} vs ${y}`);
      }
    }
  }
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  let total = 0;
  for (let i = 0; i < k * k; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (apq === 0) continue;
        // Rotation that zeroes a[p][q]: θ = (a_qq - a_pp) / (2 a_pq), t = sgn θ / (|θ| + √(θ² + 1)).
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        a[p * k + p] -= t * apq;
        a[q * k + q] += t * apq;
        a[p * k + q] = 0;
        a[q * k + p] = 0;
        for (let r = 0; r < k; r++) {
          if (r !== p && r !== q) {
            const arp = a[r * k + p];
            const arq = a[r * k + q];
            a[r * k + p] = a[p * k + r] = c * arp - s * arq;
            a[r * k + q] = a[q * k + r] = s * arp + c * arq;
          }
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => a[j * k + j] - a[i * k + i] || i - j);
  const values = Float64Array.from(order, (i) => a[i * k + i]);
  const vectors = order.map((col) => {
    const vec = Float64Array.from({ length: k }, (_, r) => v[r * k + col]);
    let norm = 0;
    for (let r = 0; r < k; r++) norm += vec[r] * vec[r];
    norm = Math.sqrt(norm);
    let largest = 0;
    for (let r = 0; r < k; r++) largest = Math.max(largest, Math.abs(vec[r]));
    let pivot = 0;
    while (pivot < k && Math.abs(vec[pivot]) < largest * (1 - 1e-9)) pivot++;
    const sign = pivot < k && vec[pivot] < 0 ? -1 : 1;
    for (let r = 0; r < k; r++) vec[r] = (sign * vec[r]) / norm;
    return vec;
  });
  return { values, vectors };
}
