import { problem, SoftPowerError, type Problem } from '../errors.js';

/** Options of `nelderMead`; the defaults are those of R's `optim(method = "Nelder-Mead")`. */
export interface NelderMeadOptions {
  /**
   * Maximum number of function evaluations (R's `maxit`, which for Nelder–Mead counts
   * evaluations, not iterations). Default 500. With 0 the function is evaluated once at
   * `x0` and nothing else happens.
   */
  maxIterations?: number;
  /**
   * Relative convergence tolerance (R's `reltol`): stop when the highest and lowest values
   * on the simplex differ by at most `tolerance · (|f(x0)| + tolerance)`. Default
   * √(machine ε) ≈ 1.49e-8.
   */
  tolerance?: number;
  /** Stop as soon as the lowest value is at or below this (R's `abstol`). Default -Infinity. */
  absoluteTolerance?: number;
  /** Reflection factor (R's `alpha`). Default 1. */
  reflection?: number;
  /** Contraction factor, also used to shrink the simplex (R's `beta`). Default 0.5. */
  contraction?: number;
  /** Expansion factor (R's `gamma`). Default 2. */
  expansion?: number;
}

/** Why `nelderMead` stopped. */
export type NelderMeadStatus = 'converged' | 'max-iterations' | 'shrink-failed';

export interface NelderMeadResult {
  /** The best vertex of the final simplex (R's `par`). */
  x: Float64Array;
  /** Its function value (R's `value`), after non-finite values were replaced by 1e35. */
  value: number;
  /** Function evaluations used (R's `counts["function"]`). */
  evaluations: number;
  /** True when the tolerance test stopped the search (R's `convergence == 0`). */
  converged: boolean;
  /** R's `convergence` code in words: 0 converged, 1 max-iterations, 10 shrink-failed. */
  status: NelderMeadStatus;
}

/** R's replacement for a non-finite function value during the search (`big` in optim.c). */
const BIG = 1.0e35;

/**
 * Minimises `f` from `x0` with the Nelder–Mead simplex method exactly as R's
 * `optim(method = "Nelder-Mead")`: a line-for-line port of `nmmin` in R's
 * src/appl/optim.c (J. C. Nash, Compact Numerical Methods for Computers, 2nd ed., 1990,
 * as re-crafted by B. D. Ripley), so the same function and start give the same sequence of
 * evaluations as R.
 *
 * - Initial simplex: `x0` and, for each coordinate i, `x0` with `step` added to x0[i], where
 *   `step = 0.1 · max |x0|` (0.1 when x0 is all zeros), multiplied by 10 until it changes
 *   x0[i].
 * - Each iteration reflects the worst vertex through the centroid of the others; if the
 *   reflection beats the best vertex it tries an expansion; otherwise it contracts towards
 *   the centroid and, when even that fails and the reflection was no better than the worst
 *   vertex, shrinks the simplex towards the best vertex. A shrink that does not reduce the
 *   simplex size (Σ|P_j - P_best|) ends the search with status `shrink-failed`.
 * - A non-finite value during the search counts as 1e35, as in R.
 * - Convergence: highest and lowest values on the simplex within
 *   `tolerance · (|f(x0)| + tolerance)`, or the lowest at or below `absoluteTolerance`.
 *
 * Degenerate cases: an empty or non-finite `x0`, or a non-finite `f(x0)` (R: "function
 * cannot be evaluated at initial parameters"), is an error. One dimension works as in R
 * (which warns that Nelder–Mead is unreliable there). The function is never called
 * concurrently and `x` passed to it must not be kept: the buffer is reused.
 *
 * @example nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1])
 * // { x: Float64Array [1.000260…, 1.000506…], value: 8.825241e-8, evaluations: 195, converged: true, … }
 * // (Rosenbrock's function, as R's optim(c(-1.2, 1), fr) in ?optim)
 */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const problems: Problem[] = [];
  const bad = (message: string, value: unknown) => problems.push(problem('SPEC_BAD_PARAMETER', `nelderMead: ${message}`, { value }));
  if (x0.length === 0) bad('the starting point has no coordinates', x0.length);
  for (let i = 0; i < x0.length; i++) if (!Number.isFinite(x0[i])) bad(`starting coordinate ${i} is ${x0[i]}; every coordinate must be finite`, x0[i]);
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 0) bad(`maxIterations is ${maxIterations}; expected an integer ≥ 0`, maxIterations);
  const tolerance = options.tolerance ?? Math.sqrt(Number.EPSILON);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) bad(`tolerance is ${tolerance}; expected a finite number ≥ 0`, tolerance);
  const absoluteTolerance = options.absoluteTolerance ?? -Infinity;
  if (Number.isNaN(absoluteTolerance)) bad('absoluteTolerance is NaN', absoluteTolerance);
  const reflection = options.reflection ?? 1;
  const contraction = options.contraction ?? 0.5;
  const expansion = options.expansion ?? 2;
  if (!(reflection > 0) || !Number.isFinite(reflection)) bad(`reflection is ${reflection}; expected a finite number > 0`, reflection);
  if (!(contraction > 0 && contraction < 1)) bad(`contraction is ${contraction}; expected a number in (0, 1)`, contraction);
  if (!(expansion > 1) || !Number.isFinite(expansion)) bad(`expansion is ${expansion}; expected a finite number > 1`, expansion);
  if (problems.length > 0) throw new SoftPowerError(problems);
  return _nelderMead(f, Float64Array.from(x0), maxIterations, tolerance, absoluteTolerance, reflection, contraction, expansion);
}

function _nelderMead(
  fn: (x: Float64Array) => number,
  start: Float64Array,
  maxit: number,
  reltol: number,
  abstol: number,
  alpha: number,
  beta: number,
  gamma: number,
): NelderMeadResult {
  const n = start.length;
  const bvec = Float64Array.from(start);
  if (maxit <= 0) {
    const value = fn(bvec);
    return { x: Float64Array.from(start), value, evaluations: 0, converged: true, status: 'converged' };
  }
  let f = fn(bvec);
  if (!Number.isFinite(f)) {
    throw new SoftPowerError([
      problem('SPEC_BAD_PARAMETER', `nelderMead: the function cannot be evaluated at the starting point (value ${f})`, {
        value: f,
        hint: 'Start from a point where the function is finite.',
      }),
    ]);
  }
  const evaluate = (): number => {
    const v = fn(bvec);
    return Number.isFinite(v) ? v : BIG;
  };
  // P[i][j]: coordinate i (row n holds the function value) of vertex j; column n + 1 is
  // the centroid scratch vertex (C in optim.c). Indices are 0-based here, 1-based there.
  const n1 = n + 1;
  const c = n + 1;
  const P = Array.from({ length: n1 }, () => new Float64Array(n + 2));
  let funcount = 1;
  let status: NelderMeadStatus = 'converged';
  const convtol = reltol * (Math.abs(f) + reltol);
  P[n][0] = f;
  for (let i = 0; i < n; i++) P[i][0] = bvec[i];
  let L = 0;
  let size = 0;
  let step = 0;
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]) > step) step = 0.1 * Math.abs(bvec[i]);
  if (step === 0) step = 0.1;
  for (let j = 1; j < n1; j++) {
    for (let i = 0; i < n; i++) P[i][j] = bvec[i];
    let trystep = step;
    while (P[j - 1][j] === bvec[j - 1]) {
      P[j - 1][j] = bvec[j - 1] + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  let oldsize = size;
  let calcvert = true;
  do {
    if (calcvert) {
      for (let j = 0; j < n1; j++) {
        if (j !== L) {
          for (let i = 0; i < n; i++) bvec[i] = P[i][j];
          P[n][j] = evaluate();
          funcount++;
        }
      }
      calcvert = false;
    }
    let VL = P[n][L];
    let VH = VL;
    let H = L;
    for (let j = 0; j < n1; j++) {
      if (j !== L) {
        const v = P[n][j];
        if (v < VL) {
          L = j;
          VL = v;
        }
        if (v > VH) {
          H = j;
          VH = v;
        }
      }
    }
    if (VH <= VL + convtol || VL <= abstol) break;

    for (let i = 0; i < n; i++) {
      let temp = -P[i][H];
      for (let j = 0; j < n1; j++) temp += P[i][j];
      P[i][c] = temp / n;
    }
    for (let i = 0; i < n; i++) bvec[i] = (1 + alpha) * P[i][c] - alpha * P[i][H];
    f = evaluate();
    funcount++;
    const VR = f;
    if (VR < VL) {
      P[n][c] = f;
      for (let i = 0; i < n; i++) {
        const e = gamma * bvec[i] + (1 - gamma) * P[i][c];
        P[i][c] = bvec[i];
        bvec[i] = e;
      }
      f = evaluate();
      funcount++;
      if (f < VR) {
        for (let i = 0; i < n; i++) P[i][H] = bvec[i];
        P[n][H] = f;
      } else {
        for (let i = 0; i < n; i++) P[i][H] = P[i][c];
        P[n][H] = VR;
      }
    } else {
      if (VR < VH) {
        for (let i = 0; i < n; i++) P[i][H] = bvec[i];
        P[n][H] = VR;
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - beta) * P[i][H] + beta * P[i][c];
      f = evaluate();
      funcount++;
      if (f < P[n][H]) {
        for (let i = 0; i < n; i++) P[i][H] = bvec[i];
        P[n][H] = f;
      } else if (VR >= VH) {
        calcvert = true;
        size = 0;
        for (let j = 0; j < n1; j++) {
          if (j !== L) {
            for (let i = 0; i < n; i++) {
              P[i][j] = beta * (P[i][j] - P[i][L]) + P[i][L];
              size += Math.abs(P[i][j] - P[i][L]);
            }
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          status = 'shrink-failed';
          break;
        }
      }
    }
  } while (funcount <= maxit);

  if (funcount > maxit) status = 'max-iterations';
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = P[i][L];
  return { x, value: P[n][L], evaluations: funcount, converged: status === 'converged', status };
}
