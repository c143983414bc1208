import type { Dataset } from '../data/dataset.js';
import { countPresent, kurtosis, max, mean, median, min, sd, skewness } from '../stats/descriptive.js';
import { requireColumns, yearSlices } from './years.js';

/**
 * Indicator statistics as COINr 1.1.14's `get_stats()` (R/stats.R, `get_stats.data.frame`),
 * one row per indicator and year. Conventions, kept from COINr even where they look uneven:
 * - `sd` is the sample standard deviation (n - 1); `skewness` and `kurtosis` are COINr's
 *   `skew()` and `kurt()` (e1071 type 2, excess kurtosis), see stats/descriptive.ts.
 * - `fractionNonZero`, `fractionUnique` and `fractionSame` divide by the number of available
 *   values, but `flagNonZero` and `flagUnique` compare counts divided by the number of units
 *   (`nzero/n` and `nunq/n` in COINr), so that missing values count against an indicator.
 * - `same` is the size of the largest group of equal values (COINr `max(table(x))`). Values
 *   are compared exactly; R's `table()` compares them after formatting to 15 significant
 *   digits, which only differs for values equal to 15 digits but not to 17.
 * - COINr 1.1.14's `get_stats()` has no collinearity column; collinearity is flagged by
 *   `get_corr_flags()`, here `parentCorrelations()` in correlation.ts.
 */
export interface DescribeOptions {
  /** Absolute skewness above which (with kurtosis) an indicator is flagged "OUT". COINr `t_skew`, default 2. */
  skewThreshold?: number;
  /** Kurtosis above which (with skewness) an indicator is flagged "OUT". COINr `t_kurt`, default 3.5. */
  kurtosisThreshold?: number;
  /** Share of available values below which an indicator is flagged "LOW". COINr `t_avail`, default 0.65. */
  availabilityThreshold?: number;
  /** Share of non-zero values (of all units) below which an indicator is flagged "LOW". COINr `t_zero`, default 0.5. */
  nonZeroThreshold?: number;
  /** Share of unique values (of all units) below which an indicator is flagged "LOW". COINr `t_unq`, default 0.5. */
  uniqueThreshold?: number;
}

export const defaultDescribeOptions: Required<DescribeOptions> = {
  skewThreshold: 2,
  kurtosisThreshold: 3.5,
  availabilityThreshold: 0.65,
  nonZeroThreshold: 0.5,
  uniqueThreshold: 0.5,
};

/** Statistics of one column; COINr's column names in brackets. */
export interface ColumnStatistics {
  /** Number of units (rows) in the year, available or not (COINr `nrow(x)`). */
  units: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Sample standard deviation (COINr `Std`). */
  sd: number;
  /** COINr `Skew`. */
  skewness: number;
  /** Excess kurtosis (COINr `Kurt`). */
  kurtosis: number;
  /** Non-missing values (COINr `N.Avail`). */
  available: number;
  /** Non-missing values that are not zero (COINr `N.NonZero`). */
  nonZero: number;
  /** Values equal to zero. */
  zeros: number;
  /** Distinct non-missing values (COINr `N.Unique`). */
  unique: number;
  /** Size of the largest group of equal values (COINr `N.Same`). */
  same: number;
  /** available / units (COINr `Frc.Avail`). */
  fractionAvailable: number;
  /** nonZero / available (COINr `Frc.NonZero`). */
  fractionNonZero: number;
  /** zeros / available. */
  fractionZero: number;
  /** unique / available (COINr `Frc.Unique`). */
  fractionUnique: number;
  /** same / available (COINr `Frc.Same`). */
  fractionSame: number;
  /** "LOW" when fractionAvailable < availabilityThreshold (COINr `Flag.Avail`). */
  flagAvailability: 'ok' | 'LOW';
  /** "LOW" when nonZero / units < nonZeroThreshold (COINr `Flag.NonZero`). */
  flagNonZero: 'ok' | 'LOW';
  /** "LOW" when unique / units < uniqueThreshold (COINr `Flag.Unique`). */
  flagUnique: 'ok' | 'LOW';
  /**
   * "OUT" when |skewness| > skewThreshold and kurtosis > kurtosisThreshold (COINr
   * `Flag.SkewKurt`); null when either is undefined (fewer than four values, or a constant
   * column), where COINr gives NA.
   */
  flagSkewKurtosis: 'ok' | 'OUT' | null;
}

export interface IndicatorStatistics extends ColumnStatistics {
  indicator: string;
  /** NaN when the data have no year. */
  year: number;
}

function resolveOptions(options: DescribeOptions): Required<DescribeOptions> {
  const resolved = { ...defaultDescribeOptions };
  for (const key of Object.keys(defaultDescribeOptions) as (keyof DescribeOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new Error(`describeIndicators: option ${key} is ${value}; give a finite number`);
    resolved[key] = value;
  }
  return resolved;
}

function largestTie(sorted: Float64Array): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Statistics and COINr flags of one column (missing = NaN). An all-missing column gives NaN
 * statistics, zero counts, NaN fractions of available values and "LOW" flags.
 *
 * @example
 * describeColumn(Float64Array.of(0, 0, 1, NaN)).fractionNonZero // 1/3
 * describeColumn(Float64Array.of(0, 0, 1, NaN)).flagNonZero      // 'LOW' (1/4 < 0.5)
 */
export function describeColumn(values: ArrayLike<number>, options: DescribeOptions = {}): ColumnStatistics {
  const o = resolveOptions(options);
  const units = values.length;
  const available = countPresent(values);
  const present = new Float64Array(available);
  let k = 0;
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    present[k++] = v;
    if (v !== 0) nonZero++;
  }
  present.sort();
  let unique = 0;
  for (let i = 0; i < present.length; i++) if (i === 0 || present[i] !== present[i - 1]) unique++;
  const same = largestTie(present);
  const skew = skewness(present);
  const kurt = kurtosis(present);
  const fractionAvailable = units > 0 ? available / units : NaN;
  const flagSkewKurtosis = Number.isNaN(skew) || Number.isNaN(kurt) ? null : Math.abs(skew) > o.skewThreshold && kurt > o.kurtosisThreshold ? 'OUT' : 'ok';
  return {
    units,
    min: min(present),
    max: max(present),
    mean: mean(present),
    median: median(present),
    sd: sd(present),
    skewness: skew,
    kurtosis: kurt,
    available,
    nonZero,
    zeros: available - nonZero,
    unique,
    same,
    fractionAvailable,
    fractionNonZero: nonZero / available,
    fractionZero: (available - nonZero) / available,
    fractionUnique: unique / available,
    fractionSame: same / available,
    flagAvailability: fractionAvailable >= o.availabilityThreshold ? 'ok' : 'LOW',
    flagNonZero: nonZero / units >= o.nonZeroThreshold ? 'ok' : 'LOW',
    flagUnique: unique / units >= o.uniqueThreshold ? 'ok' : 'LOW',
    flagSkewKurtosis,
  };
}

/**
 * COINr's `get_stats()` for each indicator in `codes` and each year of the data set: one row
 * per (indicator, year), years ascending, indicators in the order given. Throws naming every
 * code that is not a column.
 *
 * @example
 * // COINr's ASEM example:
 * describeIndicators(build.datasets.get('raw')!, ['LPI', 'Flights'])
 * // [{ indicator: 'LPI', year: 2018, min: 2.067254, max: 4.225967, …, flagSkewKurtosis: 'ok' }, { indicator: 'Flights', … }]
 */
export function describeIndicators(dataset: Dataset, codes: readonly string[], options: DescribeOptions = {}): IndicatorStatistics[] {
  requireColumns(dataset, codes, 'describeIndicators');
  const resolved = resolveOptions(options);
  const out: IndicatorStatistics[] = [];
  for (const slice of yearSlices(dataset, codes)) {
    codes.forEach((indicator, i) => out.push({ indicator, year: slice.year, ...describeColumn(slice.columns[i], resolved) }));
  }
  return out;
}
