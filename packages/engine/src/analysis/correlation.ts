import type { Dataset } from '../data/dataset.js';
import type { Framework } from '../framework/framework.js';
import type { BuildResult } from '../pipeline/build.js';
import { normalTwoSided, studentTTwoSided } from './distributions.js';
import { nodesPresent, requireColumns, yearSlices } from './years.js';

/**
 * Correlations as R's `cor(x, y, method, use = "pairwise.complete.obs")`, which COINr's
 * `get_corr()` and `get_corr_flags()` call (COINr 1.1.14, R/correlations.R):
 * - every pair of columns uses the rows where both are present;
 * - Spearman is Pearson on average ranks (R's `rank(ties.method = "average")`), the ranks taken
 *   over those rows only;
 * - Kendall is tau-b, Σ sign(Δx)·sign(Δy) / √(Σ sign(Δx)² · Σ sign(Δy)²), as R's C code;
 * - a result is NaN when fewer than two pairs remain or one side is constant (R: NA with a
 *   warning), and is clamped to [-1, 1] as R does.
 *
 * P-values are two-sided, as R's `cor.test()` (which COINr's `get_pvals()` calls):
 * - Pearson: t = r √((n - 2) / (1 - r²)) with n - 2 degrees of freedom, exactly as R.
 * - Spearman: the same t approximation. R's `cor.test(method = "spearman")` gives the same
 *   value when there are ties or n >= 1290, but otherwise uses an exact test (algorithm AS 89),
 *   so for small samples without ties our p-value is the approximation, not R's.
 * - Kendall: normal approximation with tie correction, as R's `cor.test(method = "kendall",
 *   exact = FALSE)`, no continuity correction. R uses an exact test when n < 50 and there are
 *   no ties.
 */
export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall';

export const correlationMethods: readonly CorrelationMethod[] = ['pearson', 'spearman', 'kendall'];

function checkMethod(method: string, who: string): asserts method is CorrelationMethod {
  if (!(correlationMethods as readonly string[]).includes(method)) {
    throw new Error(`${who}: unknown correlation method "${method}"; expected one of ${correlationMethods.map((m) => `"${m}"`).join(', ')}`);
  }
}

/**
 * Average ranks of the non-missing values (1 = smallest), ties sharing the mean of their
 * ranks, as R's `rank(x, ties.method = "average", na.last = "keep")`; missing stays NaN.
 *
 * @example averageRanks(Float64Array.of(10, 20, 20, NaN, 5)) // [2, 3.5, 3.5, NaN, 1]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) order.push(i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) out[order[k]] = rank;
    start = end;
  }
  return out;
}

/** The pairs where both values are present, copied into two dense arrays. */
function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const n = Math.min(x.length, y.length);
  let count = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) count++;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
      xs[k] = x[i];
      ys[k] = y[i];
      k++;
    }
  }
  return { x: xs, y: ys };
}

function clamp(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** Pearson correlation of dense arrays without missing values (two-pass: means, then sums). */
function pearsonDense(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return clamp(sxy / Math.sqrt(sxx * syy));
}

function kendallDense(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return NaN;
  let s = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const sx = Math.sign(x[i] - x[j]);
      const sy = Math.sign(y[i] - y[j]);
      s += sx * sy;
      tx += sx * sx;
      ty += sy * sy;
    }
  }
  if (tx === 0 || ty === 0) return NaN;
  return clamp(s / Math.sqrt(tx * ty));
}

function correlationDense(x: Float64Array, y: Float64Array, method: CorrelationMethod): number {
  switch (method) {
    case 'pearson':
      return pearsonDense(x, y);
    case 'spearman':
      return pearsonDense(averageRanks(x), averageRanks(y));
    case 'kendall':
      return kendallDense(x, y);
  }
}

/**
 * Pearson product-moment correlation over the pairs where both values are present.
 *
 * @example pearson(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 5, 9)) // 0.9647638212377322 (= 11 / √130)
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const p = completePairs(x, y);
  return pearsonDense(p.x, p.y);
}

/**
 * Spearman rank correlation: Pearson on average ranks of the complete pairs.
 *
 * @example spearman(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 8, 27, 64)) // 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const p = completePairs(x, y);
  return pearsonDense(averageRanks(p.x), averageRanks(p.y));
}

/**
 * Kendall's tau-b over the complete pairs (O(n²)).
 *
 * @example kendall(Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)) // -1
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const p = completePairs(x, y);
  return kendallDense(p.x, p.y);
}

/**
 * Correlation by method name over the complete pairs; throws on an unknown method.
 *
 * @example correlation(Float64Array.of(1, 2, 3), Float64Array.of(1, 4, 9), 'spearman') // 1
 */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, method: CorrelationMethod = 'pearson'): number {
  checkMethod(method, 'correlation');
  const p = completePairs(x, y);
  return correlationDense(p.x, p.y, method);
}

export interface CorrelationTest {
  method: CorrelationMethod;
  /** The correlation coefficient. */
  r: number;
  /** Number of complete pairs. */
  n: number;
  /** t (Pearson, Spearman) or z (Kendall). */
  statistic: number;
  /** Two-sided p-value; NaN when n < 3 or r is undefined. */
  pValue: number;
}

/** Sizes of the groups of tied values (groups of one left out). */
function tieGroups(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).sort();
  const groups: number[] = [];
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) groups.push(run);
      run = 1;
    }
  }
  return groups;
}

/** z statistic of Kendall's tau-b, as R's cor.test(method = "kendall", exact = FALSE). */
function kendallZ(x: Float64Array, y: Float64Array, tau: number): number {
  const n = x.length;
  const tx = tieGroups(x);
  const ty = tieGroups(y);
  const sum = (ts: number[], f: (t: number) => number) => ts.reduce((acc, t) => acc + f(t), 0);
  const t0 = (n * (n - 1)) / 2;
  const t1 = sum(tx, (t) => t * (t - 1)) / 2;
  const t2 = sum(ty, (t) => t * (t - 1)) / 2;
  const s = tau * Math.sqrt((t0 - t1) * (t0 - t2));
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = sum(tx, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(ty, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(tx, (t) => t * (t - 1)) * sum(ty, (t) => t * (t - 1));
  const v2 = sum(tx, (t) => t * (t - 1) * (t - 2)) * sum(ty, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
  return s / Math.sqrt(varS);
}

/**
 * Correlation with its two-sided p-value over the complete pairs (conventions at the top of
 * this file; for Spearman and Kendall the p-value is the large-sample approximation).
 *
 * @example
 * correlationTest(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(2, 1, 4, 3, 5))
 * // { method: 'pearson', r: 0.8, n: 5, statistic: 2.3094010767585034, pValue: 0.10408803866182782 }
 */
export function correlationTest(x: ArrayLike<number>, y: ArrayLike<number>, method: CorrelationMethod = 'pearson'): CorrelationTest {
  checkMethod(method, 'correlationTest');
  const p = completePairs(x, y);
  const n = p.x.length;
  const r = correlationDense(p.x, p.y, method);
  if (n < 3 || Number.isNaN(r)) return { method, r, n, statistic: NaN, pValue: NaN };
  if (method === 'kendall') {
    const z = kendallZ(p.x, p.y, r);
    return { method, r, n, statistic: z, pValue: normalTwoSided(z) };
  }
  const df = n - 2;
  const t = Math.abs(r) === 1 ? Math.sign(r) * Infinity : r * Math.sqrt(df / (1 - r * r));
  return { method, r, n, statistic: t, pValue: studentTTwoSided(t, df) };
}

/**
 * Correlation matrix of a set of columns (each pair over its complete rows), as R's
 * `cor(X, method, use = "pairwise.complete.obs")`: symmetric, with 1 on the diagonal of every
 * non-constant column and NaN for pairs that cannot be computed (including a constant
 * column's diagonal, as R).
 *
 * @example correlationMatrix([Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)]) // [[1, -1], [-1, 1]]
 */
export function correlationMatrix(columns: readonly ArrayLike<number>[], method: CorrelationMethod = 'pearson'): Float64Array[] {
  checkMethod(method, 'correlationMatrix');
  const k = columns.length;
  const out = Array.from({ length: k }, () => new Float64Array(k));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const p = completePairs(columns[i], columns[j]);
      const r = i === j ? (Number.isNaN(pearsonDense(p.x, p.y)) ? NaN : 1) : correlationDense(p.x, p.y, method);
      out[i][j] = r;
      out[j][i] = r;
    }
  }
  return out;
}

/** One pair of columns in one year. */
export interface CorrelationPair {
  year: number;
  variable1: string;
  variable2: string;
  method: CorrelationMethod;
  r: number;
  n: number;
  pValue: number;
}

/**
 * Every pair of the given columns (upper triangle, in the order of `codes`), each year,
 * with p-values.
 *
 * @example
 * correlationTable(aggregated, ['Conn', 'Sust'], 'spearman')
 * // [{ year: 2018, variable1: 'Conn', variable2: 'Sust', method: 'spearman', r: …, n: 51, pValue: … }]
 */
export function correlationTable(dataset: Dataset, codes: readonly string[], method: CorrelationMethod = 'pearson'): CorrelationPair[] {
  checkMethod(method, 'correlationTable');
  requireColumns(dataset, codes, 'correlationTable');
  const out: CorrelationPair[] = [];
  for (const slice of yearSlices(dataset, codes)) {
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const test = correlationTest(slice.columns[i], slice.columns[j], method);
        out.push({ year: slice.year, variable1: codes[i], variable2: codes[j], method, r: test.r, n: test.n, pValue: test.pValue });
      }
    }
  }
  return out;
}

export interface ParentCorrelationOptions {
  /** Default "pearson", as COINr. */
  method?: CorrelationMethod;
  /** Pairs of siblings with |r| above this are collinear. Default 0.9, as COINr `get_corr_flags()`. */
  collinearityThreshold?: number;
  /** Correlations with the parent below this are flagged. Default 0 (negative correlations). */
  negativeThreshold?: number;
}

/** A node's correlation with its parent and with the index (the root), one year. */
export interface ParentCorrelation {
  year: number;
  node: string;
  level: number;
  parent: string;
  /** Correlation with the parent. */
  withParent: number;
  pValueWithParent: number;
  /** Correlation with the root of the framework. */
  withIndex: number;
  pValueWithIndex: number;
  /** Complete pairs with the parent. */
  n: number;
  /** True when withParent < negativeThreshold. */
  negative: boolean;
}

/** Two children of one aggregate whose correlation exceeds the collinearity threshold in absolute value. */
export interface CollinearPair {
  year: number;
  group: string;
  level: number;
  node1: string;
  node2: string;
  r: number;
}

export interface ParentCorrelations {
  method: CorrelationMethod;
  parents: ParentCorrelation[];
  collinear: CollinearPair[];
}

/**
 * Correlations that check a framework against its data (JRC audit practice; COINr
 * `get_corr(withparent = TRUE)` and `get_corr_flags()`): each node (indicator or aggregate,
 * not the root) with its parent and with the index, flagging correlations with the parent
 * below `negativeThreshold`; and every pair of children of each aggregate whose |r| exceeds
 * `collinearityThreshold`.
 *
 * Differences from COINr's `get_corr_flags()`: COINr looks only within the groups of one
 * level (default 2) and, with `thresh_type = "high"`, flags r > threshold; here every
 * aggregate's children are checked and |r| is compared, so a pair with r < -0.9 is flagged too.
 * No p-value screening is applied (COINr's `get_corr()` blanks correlations with p > 0.05 by
 * default); the p-values are returned instead.
 *
 * The data set must hold every aggregate's column (the output of an aggregate step); indicators
 * it lacks (dropped by a screen step) are left out.
 *
 * @example
 * // COINr's ASEM example, default pipeline:
 * parentCorrelations(framework, aggregated).parents[0]
 * // { year: 2018, node: 'LPI', level: 1, parent: 'Physical', withParent: 0.7670…, withIndex: 0.7251…, n: 51, negative: false, … }
 */
export function parentCorrelations(framework: Framework, dataset: Dataset, options: ParentCorrelationOptions = {}): ParentCorrelations {
  const method = options.method ?? 'pearson';
  checkMethod(method, 'parentCorrelations');
  const collinearity = options.collinearityThreshold ?? 0.9;
  const negativeThreshold = options.negativeThreshold ?? 0;
  if (!(collinearity >= 0 && collinearity <= 1)) throw new Error(`parentCorrelations: collinearityThreshold is ${collinearity}; give a number from 0 to 1`);
  if (!(negativeThreshold >= -1 && negativeThreshold <= 1)) throw new Error(`parentCorrelations: negativeThreshold is ${negativeThreshold}; give a number from -1 to 1`);
  const { codes, column: at } = nodesPresent(framework, dataset, 'parentCorrelations');
  const root = framework.root;
  const parents: ParentCorrelation[] = [];
  const collinear: CollinearPair[] = [];
  for (const slice of yearSlices(dataset, codes)) {
    const column = (i: number) => slice.columns[at[i]];
    for (const node of framework.nodes) {
      if (node.index === root || at[node.index] < 0) continue;
      const withParent = correlationTest(column(node.index), column(node.parent), method);
      const withIndex = correlationTest(column(node.index), column(root), method);
      parents.push({
        year: slice.year,
        node: node.code,
        level: node.level,
        parent: framework.nodes[node.parent].code,
        withParent: withParent.r,
        pValueWithParent: withParent.pValue,
        withIndex: withIndex.r,
        pValueWithIndex: withIndex.pValue,
        n: withParent.n,
        negative: withParent.r < negativeThreshold,
      });
    }
    for (const a of framework.aggregates) {
      const group = framework.nodes[a];
      const kids = group.children.filter((k) => at[k] >= 0);
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const r = correlation(column(kids[i]), column(kids[j]), method);
          if (Math.abs(r) > collinearity) {
            collinear.push({ year: slice.year, group: group.code, level: group.level, node1: framework.nodes[kids[i]].code, node2: framework.nodes[kids[j]].code, r });
          }
        }
      }
    }
  }
  return { method, parents, collinear };
}

/**
 * `parentCorrelations()` on a build's data set `dataset` (default "aggregated", the default
 * output of the aggregate step). Throws naming the data sets that exist when it is absent.
 *
 * @example
 * // COINr's ASEM example, default pipeline: TBTs works against its group.
 * correlationsWithParents(buildIndex(spec, data)).parents.filter((p) => p.negative)
 * // [{ node: 'TBTs', parent: 'Instit', withParent: -0.615…, … }]
 */
export function correlationsWithParents(build: BuildResult, options: ParentCorrelationOptions & { dataset?: string } = {}): ParentCorrelations {
  const name = options.dataset ?? 'aggregated';
  const dataset = build.datasets.get(name);
  if (!dataset) {
    throw new Error(`correlationsWithParents: the build has no data set "${name}"; data sets are ${[...build.datasets.keys()].join(', ')}. Name the output of the aggregate step.`);
  }
  return parentCorrelations(build.framework, dataset, options);
}
