import { arithmeticMean } from '../aggregate/arithmetic-mean.js';
import { problem, SoftPowerError, type Problem } from '../errors.js';
import type { Aggregation } from '../spec/schema.js';
import { nelderMead } from '../stats/nelder-mead.js';

/** What `optimiseWeights` aims for. */
export type OptimisationTarget = 'balance' | 'infomax';

export interface OptimiseWeightsOptions {
  /** Starting weights, one per child, any scale (default: equal weights 1/m). */
  start?: Float64Array;
  /** Maximum number of objective evaluations (R's `maxit` for Nelder–Mead). Default 500, as COINr. */
  maxIterations?: number;
  /**
   * Relative convergence tolerance of the Nelder–Mead search (R's `reltol`). Default
   * √(machine ε) ≈ 1.49e-8, R's `optim` default; COINr's `get_opt_weights` passes 0.1 unless
   * told otherwise (`toler`): pass 0.1 to stop where COINr stops by default.
   */
  tolerance?: number;
}

export interface OptimisedWeights {
  /** One weight per child, summing to 1. Not constrained to be positive (as COINr). */
  weights: Float64Array;
  /** Pearson correlation of each child with the aggregate, at `weights`. */
  correlations: Float64Array;
  /** The objective at `weights` (see `optimiseWeights`); lower is better. */
  objective: number;
  /** Objective evaluations used (R's `counts["function"]`). */
  iterations: number;
  /** True when the tolerance test stopped the search (R's `convergence == 0`). */
  converged: boolean;
}

/**
 * The balance objective's mean squared difference is floored here before its logarithm is
 * taken, so that an exactly balanced simplex reads as converged instead of log 0 = -∞.
 */
const BALANCE_FLOOR = 1e-30;

/** The arithmetic mean takes no parameters; the row aggregator's signature wants some. */
const ARITHMETIC: Aggregation = { method: 'arithmetic-mean' };

/**
 * Correlation-optimised weights for the children of one aggregate, as COINr 1.1.14's
 * `get_opt_weights()` (R/weights.R) with `itarg = "equal"`, `cortype = "pearson"`. The
 * aggregate is the weighted arithmetic mean of the children present for each unit (COINr's
 * `a_amean`, weights re-scaled over the present children); the correlations are Pearson's,
 * each over the units where both the child and the aggregate have a value (R's
 * `cor(use = "pairwise.complete.obs")`).
 *
 * For a parameter vector v the weights are w = v / Σv, and with r_j = cor(child_j, aggregate):
 * - `balance`: make every child equally correlated with the aggregate, minimising
 *   log(Σ_j (1/m - r_j / Σr)² / m), COINr's `log(sum((itarg - crs_n)^2)/length(crs_n))` with
 *   equal target importances; the mean squared difference is floored at 1e-30 before the log.
 * - `infomax`: maximise the total information carried, minimising -Σ_j r_j.
 *
 * The search is R's `optim()` default Nelder–Mead (see `nelderMead`) from `start` (default
 * equal weights, COINr's start for `balance`; COINr starts `infomax` from the coin's current
 * weights, so pass those as `start` to reproduce it), with at most `maxIterations` (500)
 * evaluations. The result is the best vertex re-scaled to sum to 1.
 *
 * Conventions and degenerate cases:
 * - No positivity constraint, as COINr: a weight may come out negative or zero when that
 *   balances (or raises) the correlations.
 * - A single child gets weight 1 without a search (iterations 0, converged).
 * - The objective must be finite at `start`: a constant child or aggregate, fewer than two
 *   units with both values, or (balance) correlations summing to 0 is an error, as in R
 *   ("function cannot be evaluated at initial parameters"). Later non-finite values count as
 *   1e35, steering the search away.
 * - Balance with two children has a closed form: w₁ / w₂ = sd₂ / sd₁ (the aggregate is the
 *   sum of the standardised children), whatever their correlation short of ±1.
 * - Same input, same output, bit for bit.
 *
 * @example optimiseWeights([Float64Array.of(0, 1, 2, 3), Float64Array.of(0, 4, 2, 6)], 'balance').weights
 * // ≈ Float64Array [0.6667, 0.3333] (sd 1.29 and 2.58: w₁ / w₂ = 2)
 */
export function optimiseWeights(children: readonly Float64Array[], target: OptimisationTarget, options: OptimiseWeightsOptions = {}): OptimisedWeights {
  const problems: Problem[] = [];
  const bad = (message: string, value?: unknown) => problems.push(problem('SPEC_BAD_PARAMETER', `optimiseWeights: ${message}`, { value }));
  if (target !== 'balance' && target !== 'infomax') bad(`unknown target "${String(target)}"; expected one of "balance", "infomax"`, target);
  if (children.length === 0) bad('the aggregate has no children to weigh', 0);
  const units = children.length === 0 ? 0 : children[0].length;
  if (children.some((c) => c.length !== units)) bad(`the children have different numbers of units (${children.map((c) => c.length).join(', ')})`);
  const { start, maxIterations, tolerance } = options;
  if (start !== undefined) {
    if (start.length !== children.length) bad(`start has ${start.length} weights for ${children.length} children`, start.length);
    else if (start.some((w) => !Number.isFinite(w))) bad(`start has a non-finite weight (${Array.from(start).join(', ')})`);
    else if (start.reduce((s, w) => s + w, 0) === 0) bad(`the start weights sum to 0 (${Array.from(start).join(', ')}), so they cannot be re-scaled`);
  }
  if (maxIterations !== undefined && (!Number.isInteger(maxIterations) || maxIterations < 0)) bad(`maxIterations is ${maxIterations}; expected an integer ≥ 0`, maxIterations);
  if (tolerance !== undefined && !(tolerance >= 0 && Number.isFinite(tolerance))) bad(`tolerance is ${tolerance}; expected a finite number ≥ 0`, tolerance);
  if (problems.length > 0) throw new SoftPowerError(problems);
  const m = children.length;
  return _optimiseWeights(children, target, start ?? new Float64Array(m).fill(1 / m), maxIterations ?? 500, tolerance ?? Math.sqrt(Number.EPSILON));
}

function _optimiseWeights(children: readonly Float64Array[], target: OptimisationTarget, start: Float64Array, maxIterations: number, tolerance: number): OptimisedWeights {
  const m = children.length;
  const units = children[0].length;
  const aggregate = new Float64Array(units);
  const correlations = new Float64Array(m);
  const weights = new Float64Array(m);
  const values = new Float64Array(m);
  const present = new Float64Array(m);

  /** Fills `weights`, `aggregate` and `correlations` for parameters v; returns the objective. */
  const objective = (v: Float64Array): number => {
    let total = 0;
    for (let j = 0; j < m; j++) total += v[j];
    for (let j = 0; j < m; j++) weights[j] = v[j] / total;
    for (let u = 0; u < units; u++) {
      let n = 0;
      for (let j = 0; j < m; j++) {
        const x = children[j][u];
        if (!Number.isNaN(x)) {
          values[n] = x;
          present[n] = weights[j];
          n++;
        }
      }
      aggregate[u] = arithmeticMean(values, present, n, ARITHMETIC);
    }
    let sum = 0;
    for (let j = 0; j < m; j++) {
      correlations[j] = pairwisePearson(children[j], aggregate);
      sum += correlations[j];
    }
    if (target === 'infomax') return -sum;
    let squares = 0;
    for (let j = 0; j < m; j++) squares += (1 / m - correlations[j] / sum) ** 2;
    return Math.log(Math.max(squares / m, BALANCE_FLOOR));
  };

  const atStart = objective(start);
  if (m === 1) {
    return { weights: Float64Array.of(1), correlations: Float64Array.from(correlations), objective: atStart, iterations: 0, converged: true };
  }
  if (!Number.isFinite(atStart)) {
    const undefinedFor = Array.from(correlations, (r, j) => (Number.isNaN(r) ? j : -1)).filter((j) => j >= 0);
    const why =
      undefinedFor.length > 0
        ? `the correlation with the aggregate is undefined for child ${undefinedFor.join(', ')} (a constant child or aggregate, or fewer than two units with both values)`
        : `the correlations (${Array.from(correlations).join(', ')}) sum to 0, so they cannot be compared as shares`;
    throw new SoftPowerError([
      problem('DATA_EMPTY', `optimiseWeights (${target}): the objective cannot be evaluated at the start weights (${Array.from(start).join(', ')}): ${why}`, {
        value: atStart,
        hint: 'Remove constant children, impute missing values, or weigh this group with another method.',
      }),
    ]);
  }
  const result = nelderMead(objective, start, { maxIterations, tolerance });
  const value = objective(result.x);
  return { weights: Float64Array.from(weights), correlations: Float64Array.from(correlations), objective: value, iterations: result.evaluations, converged: result.converged };
}

/**
 * Pearson correlation of x and y over the units where both have a value, as R's
 * `cor(x, y, use = "pairwise.complete.obs")`: two-pass (means first, then centred sums).
 * NaN with fewer than two such units or when either is constant on them (tested exactly,
 * so that rounding in the mean cannot fake a spread).
 */
function pairwisePearson(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let varyX = false;
  let varyY = false;
  let firstX = NaN;
  let firstY = NaN;
  for (let u = 0; u < x.length; u++) {
    if (Number.isNaN(x[u]) || Number.isNaN(y[u])) continue;
    if (n === 0) {
      firstX = x[u];
      firstY = y[u];
    } else {
      if (x[u] !== firstX) varyX = true;
      if (y[u] !== firstY) varyY = true;
    }
    n++;
    sx += x[u];
    sy += y[u];
  }
  if (n < 2 || !varyX || !varyY) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let u = 0; u < x.length; u++) {
    if (Number.isNaN(x[u]) || Number.isNaN(y[u])) continue;
    const dx = x[u] - mx;
    const dy = y[u] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
