import type { Dataset } from '../data/dataset.js';
import type { Framework } from '../framework/framework.js';
import { nodesPresent, yearSlices } from './years.js';

/**
 * Cronbach's alpha, as COINr 1.1.14's `get_cronbach()` (R/correlations.R):
 *
 *   α = k² · mean(off-diagonal covariances) / Σ(all covariances)
 *     = k / (k - 1) · (1 - Σ var_i / var(Σ x_i)),
 *
 * with sample covariances (n - 1), as R's `cov()`. Missing values:
 * - "complete" (default here): only the rows where all k columns are present, so the two
 *   forms above agree exactly;
 * - "pairwise": each covariance over the rows where its two columns are present, as COINr's
 *   default `use = "pairwise.complete.obs"`. On data without missing values the two agree.
 *
 * NaN when k < 2, when fewer than two rows can be used, or when the total variance is zero.
 */
export type CovarianceUse = 'complete' | 'pairwise';

export interface CronbachResult {
  alpha: number;
  /** Number of columns. */
  k: number;
  /** Rows where every column is present. */
  completeRows: number;
}

/** Sample covariance over the rows where both are present (and, if given, `keep` is set). */
function covariance(x: ArrayLike<number>, y: ArrayLike<number>, keep?: Uint8Array): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    if ((keep && !keep[i]) || Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    mx += x[i];
    my += y[i];
    n++;
  }
  if (n < 2) return NaN;
  mx /= n;
  my /= n;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if ((keep && !keep[i]) || Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    s += (x[i] - mx) * (y[i] - my);
  }
  return s / (n - 1);
}

/**
 * Cronbach's alpha of a set of columns of equal length (missing = NaN).
 *
 * @example
 * // Columns (1, 2, 3) and (1, 2, 4): var 1 and 7/3, cov 3/2, total 1 + 7/3 + 2·3/2 = 19/3,
 * // α = 2 · (1 - (10/3) / (19/3)) = 18/19.
 * cronbachAlpha([Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4)]).alpha // 0.9473684210526315
 */
export function cronbachAlpha(columns: readonly ArrayLike<number>[], use: CovarianceUse = 'complete'): CronbachResult {
  if (use !== 'complete' && use !== 'pairwise') throw new Error(`cronbachAlpha: unknown use "${use as string}"; expected "complete" or "pairwise"`);
  const k = columns.length;
  const rows = k > 0 ? columns[0].length : 0;
  for (let j = 1; j < k; j++) {
    if (columns[j].length !== rows) throw new Error(`cronbachAlpha: column ${j} has ${columns[j].length} rows, column 0 has ${rows}; give columns of equal length`);
  }
  const complete = new Uint8Array(rows);
  let completeRows = 0;
  for (let i = 0; i < rows; i++) {
    let ok = 1;
    for (let j = 0; j < k && ok; j++) if (Number.isNaN(columns[j][i])) ok = 0;
    complete[i] = ok;
    completeRows += ok;
  }
  if (k < 2) return { alpha: NaN, k, completeRows };
  const keep = use === 'complete' ? complete : undefined;
  let total = 0;
  let diagonal = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const c = covariance(columns[a], columns[b], keep);
      if (a === b) {
        diagonal += c;
        total += c;
      } else total += 2 * c;
    }
  }
  // COINr sums with na.rm = TRUE, silently dropping a covariance that cannot be computed; here alpha is NaN instead.
  if (Number.isNaN(total) || total === 0) return { alpha: NaN, k, completeRows };
  return { alpha: (k / (k - 1)) * (1 - diagonal / total), k, completeRows };
}

export interface CronbachRow {
  year: number;
  aggregate: string;
  level: number;
  /** Children codes, separated by "|" (kept as text so the row can be written as CSV). */
  children: string;
  k: number;
  completeRows: number;
  alpha: number;
  /** True when alpha < threshold (not when alpha is undefined). */
  low: boolean;
}

/**
 * Cronbach's alpha of the children of every aggregate, each year (COINr
 * `get_cronbach(coin, dset, iCodes = aggregate, Level = level - 1)`). Aggregates in the
 * framework's computation order (by level).
 *
 * @example
 * // COINr's ASEM example, default pipeline:
 * cronbachByAggregate(framework, aggregated).find((r) => r.aggregate === 'Physical')
 * // { year: 2018, aggregate: 'Physical', level: 2, children: 'LPI|Flights|…', k: 8, completeRows: 51, alpha: 0.6633…, low: true }
 */
export function cronbachByAggregate(framework: Framework, dataset: Dataset, options: { use?: CovarianceUse; threshold?: number } = {}): CronbachRow[] {
  const threshold = options.threshold ?? 0.7;
  if (!Number.isFinite(threshold)) throw new Error(`cronbachByAggregate: threshold is ${threshold}; give a finite number`);
  const codes = framework.nodes.map((n) => n.code);
  const { codes: sliceCodes, column: at } = nodesPresent(framework, dataset, 'cronbachByAggregate');
  const out: CronbachRow[] = [];
  for (const slice of yearSlices(dataset, sliceCodes)) {
    for (const a of framework.aggregates) {
      const node = framework.nodes[a];
      const present = node.children.filter((c) => at[c] >= 0);
      const kids = present.map((c) => codes[c]);
      const result = cronbachAlpha(
        present.map((c) => slice.columns[at[c]]),
        options.use ?? 'complete',
      );
      out.push({ year: slice.year, aggregate: node.code, level: node.level, children: kids.join('|'), k: result.k, completeRows: result.completeRows, alpha: result.alpha, low: result.alpha < threshold });
    }
  }
  return out;
}
