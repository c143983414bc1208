import type { Dataset } from '../data/dataset.js';
import type { Framework } from '../framework/framework.js';
import { symmetricEigen, type Eigen } from '../stats/eigen.js';
import { nodesPresent, yearSlices } from './years.js';

export { symmetricEigen, type Eigen };

/**
 * Principal component analysis of standardised columns, as COINr 1.1.14's `get_PCA()`
 * (R/PCA.R), which calls `stats::prcomp(na.omit(X), center = TRUE, scale = TRUE)`:
 * - rows with any missing value are dropped (complete cases);
 * - the components are the eigenvectors of the correlation matrix, found with the cyclic
 *   Jacobi eigenvalue algorithm (Numerical Recipes §11.1), deterministic, sorted by
 *   eigenvalue descending (ties keep column order);
 * - eigenvalues are prcomp's `sdev^2`; variance shares are eigenvalue / k (their sum, the
 *   trace of the correlation matrix);
 * - PC1 `loadings` are the unit eigenvector, prcomp's `rotation[, 1]`, which COINr takes as
 *   "PCA weights". Sign convention: the component of largest absolute value is positive (the
 *   first one, if several are equal within 1e-9 relative). prcomp's sign comes from an SVD
 *   and is arbitrary, so a COINr loading vector may be this one times -1.
 * - `correlations` are the loadings times √eigenvalue: each column's correlation with PC1.
 */
export interface PrincipalComponents {
  /** Columns analysed. */
  k: number;
  /** Complete rows used. */
  n: number;
  /** Eigenvalues of the correlation matrix, descending. */
  eigenvalues: Float64Array;
  /** Share of the total variance of each component; sums to 1. */
  varianceShares: Float64Array;
  cumulativeShares: Float64Array;
  /** PC1 unit eigenvector (prcomp `rotation[, 1]`), largest |component| positive. */
  loadings: Float64Array;
  /** Correlation of each column with PC1 (loadings · √λ1). */
  correlations: Float64Array;
  /** Eigenvalues above 1 (Kaiser's criterion for retaining a component). */
  componentsAboveOne: number;
}

function notComputable(k: number, n: number): PrincipalComponents {
  const nan = () => new Float64Array(k).fill(NaN);
  return { k, n, eigenvalues: nan(), varianceShares: nan(), cumulativeShares: nan(), loadings: nan(), correlations: nan(), componentsAboveOne: NaN };
}

/**
 * PCA of the standardised columns over their complete rows. Every output is NaN when fewer
 * than two complete rows remain or a column is constant over them (prcomp stops with "cannot
 * rescale a constant/zero column to unit variance").
 *
 * @example
 * // Two columns with correlation r have eigenvalues 1 ± r.
 * principalComponents([Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 3, 2, 4)]).eigenvalues // [1.8, 0.2]
 */
export function principalComponents(columns: readonly ArrayLike<number>[]): PrincipalComponents {
  const k = columns.length;
  const rows = k > 0 ? columns[0].length : 0;
  for (let j = 1; j < k; j++) {
    if (columns[j].length !== rows) throw new Error(`principalComponents: column ${j} has ${columns[j].length} rows, column 0 has ${rows}; give columns of equal length`);
  }
  const keep: number[] = [];
  for (let i = 0; i < rows; i++) if (columns.every((c) => !Number.isNaN(c[i]))) keep.push(i);
  const n = keep.length;
  if (k === 0 || n < 2) return notComputable(k, n);
  // Standardise each column over the complete rows (sample sd, as prcomp's scale = TRUE).
  const z = columns.map((c) => {
    let m = 0;
    for (const i of keep) m += c[i];
    m /= n;
    let ss = 0;
    for (const i of keep) ss += (c[i] - m) * (c[i] - m);
    const s = Math.sqrt(ss / (n - 1));
    return Float64Array.from(keep, (i) => (c[i] - m) / s);
  });
  if (z.some((col) => col.some((x) => !Number.isFinite(x)))) return notComputable(k, n);
  const r = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += z[a][i] * z[b][i];
      const value = a === b ? 1 : s / (n - 1);
      r[a * k + b] = value;
      r[b * k + a] = value;
    }
  }
  const { values, vectors } = symmetricEigen(r, k);
  let total = 0;
  for (const x of values) total += x;
  const varianceShares = Float64Array.from(values, (x) => x / total);
  const cumulativeShares = new Float64Array(k);
  let running = 0;
  for (let j = 0; j < k; j++) cumulativeShares[j] = running += varianceShares[j];
  const loadings = vectors[0];
  const root1 = Math.sqrt(Math.max(values[0], 0));
  return {
    k,
    n,
    eigenvalues: values,
    varianceShares,
    cumulativeShares,
    loadings,
    correlations: Float64Array.from(loadings, (x) => x * root1),
    componentsAboveOne: values.filter((x) => x > 1).length,
  };
}

/** One principal component of one aggregate's children, one year. */
export interface PcaComponentRow {
  year: number;
  aggregate: string;
  level: number;
  /** 1 for PC1. */
  component: number;
  eigenvalue: number;
  varianceShare: number;
  cumulativeShare: number;
  /** Complete rows used. */
  n: number;
}

/** One child's PC1 loading within its aggregate, one year. */
export interface PcaLoadingRow {
  year: number;
  aggregate: string;
  child: string;
  /** prcomp `rotation[, 1]` (COINr's PCA weight), sign as documented above. */
  loading: number;
  /** Correlation of the child with PC1. */
  correlation: number;
}

export interface PcaByAggregate {
  components: PcaComponentRow[];
  loadings: PcaLoadingRow[];
  /** Per aggregate and year, the full result (for plots and further checks). */
  results: { year: number; aggregate: string; level: number; children: string[]; pca: PrincipalComponents }[];
}

/**
 * PCA of the children of every aggregate, each year (COINr `get_PCA(by_groups = TRUE)` at
 * each level). Aggregates with a single child are skipped.
 *
 * @example
 * // COINr's ASEM example, default pipeline:
 * pcaByAggregate(framework, aggregated).components.filter((c) => c.aggregate === 'Conn')
 * // [{ component: 1, eigenvalue: 2.9434…, varianceShare: 0.5886…, … }, …]
 */
export function pcaByAggregate(framework: Framework, dataset: Dataset): PcaByAggregate {
  const codes = framework.nodes.map((n) => n.code);
  const { codes: sliceCodes, column: at } = nodesPresent(framework, dataset, 'pcaByAggregate');
  const out: PcaByAggregate = { components: [], loadings: [], results: [] };
  for (const slice of yearSlices(dataset, sliceCodes)) {
    for (const a of framework.aggregates) {
      const node = framework.nodes[a];
      const present = node.children.filter((c) => at[c] >= 0);
      if (present.length < 2) continue;
      const children = present.map((c) => codes[c]);
      const pca = principalComponents(present.map((c) => slice.columns[at[c]]));
      out.results.push({ year: slice.year, aggregate: node.code, level: node.level, children, pca });
      for (let j = 0; j < pca.k; j++) {
        out.components.push({ year: slice.year, aggregate: node.code, level: node.level, component: j + 1, eigenvalue: pca.eigenvalues[j], varianceShare: pca.varianceShares[j], cumulativeShare: pca.cumulativeShares[j], n: pca.n });
      }
      children.forEach((child, j) => out.loadings.push({ year: slice.year, aggregate: node.code, child, loading: pca.loadings[j], correlation: pca.correlations[j] }));
    }
  }
  return out;
}
