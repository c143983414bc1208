/**
 * Descriptive statistics over Float64Array columns. Missing values are NaN and are skipped.
 *
 * Conventions (stated so results can be defended against R):
 * - `sd` and `variance` are sample statistics with n - 1 in the denominator, as R's `sd()`.
 * - `skewness` and `kurtosis` are the bias-adjusted sample versions, type 2 of e1071
 *   (identical to Excel's SKEW and KURT), as COINr's `skew()` and `kurt()`.
 * - `quantile` is R's default, type 7.
 */

/** The single rule for "missing": `null`, `undefined` or NaN. Zero is a value. */
export function isMissing(value: number | null | undefined): boolean {
  return value == null || Number.isNaN(value);
}

/** Number of non-missing values. */
export function countPresent(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  return n;
}

/**
 * Arithmetic mean of the non-missing values, computed as R does: a first pass for the sum,
 * then a correction pass (sum of residuals / n) that removes most rounding error.
 * Returns NaN when no value is present.
 *
 * @example mean(Float64Array.of(1, 2, NaN, 4)) // 2.3333333333333335
 */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  if (n === 0) return NaN;
  const m = sum / n;
  if (!Number.isFinite(m)) return m;
  let correction = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) correction += v - m;
  }
  return m + correction / n;
}

/** Sample variance (n - 1), as R's `var()`. NaN for fewer than two values. */
export function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      const d = v - m;
      ss += d * d;
      n++;
    }
  }
  return n < 2 ? NaN : ss / (n - 1);
}

/** Sample standard deviation (n - 1), as R's `sd()`. */
export function sd(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values));
}

/** Minimum of the non-missing values; NaN when none. */
export function min(values: ArrayLike<number>): number {
  let m = Infinity;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      any = true;
      if (v < m) m = v;
    }
  }
  return any ? m : NaN;
}

/** Maximum of the non-missing values; NaN when none. */
export function max(values: ArrayLike<number>): number {
  let m = -Infinity;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) {
      any = true;
      if (v > m) m = v;
    }
  }
  return any ? m : NaN;
}

function centralSums(values: ArrayLike<number>): { n: number; m2: number; m3: number; m4: number } {
  const m = mean(values);
  let n = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const d = v - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    n++;
  }
  return { n, m2, m3, m4 };
}

/**
 * Bias-adjusted sample skewness (e1071 type 2, Excel SKEW), as COINr's `skew()`.
 * NaN when fewer than three values are present or the values are constant.
 *
 * @example skewness(Float64Array.of(1, 2, 3, 10)) // 1.8561...
 */
export function skewness(values: ArrayLike<number>): number {
  const { n, m2, m3 } = centralSums(values);
  if (n < 3) return NaN;
  const g1 = (Math.sqrt(n) * m3) / Math.pow(m2, 1.5);
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

/**
 * Bias-adjusted sample excess kurtosis (e1071 type 2, Excel KURT), as COINr's `kurt()`.
 * NaN when fewer than four values are present or the values are constant.
 */
export function kurtosis(values: ArrayLike<number>): number {
  const { n, m2, m4 } = centralSums(values);
  if (n < 4) return NaN;
  const r = (n * m4) / (m2 * m2);
  return (((n + 1) * (r - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

/** Sorted copy of the non-missing values. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(countPresent(values));
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out.sort();
}

/**
 * Quantile of type 7 (R's default) of already sorted values without missing entries.
 * @example quantileSorted(Float64Array.of(1, 2, 3, 4), 0.5) // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Quantile of type 7 (R's default) of the non-missing values. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedPresent(values), p);
}

/** Median of the non-missing values, as R's `median(na.rm = TRUE)`. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
