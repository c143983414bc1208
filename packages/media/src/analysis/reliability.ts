import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { MediaAnalysisError } from './errors.js';

/** Levels of measurement of Krippendorff's alpha. */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** A value one coder gave one unit; null, undefined or NaN is missing. */
export type CodedValue = number | string | null | undefined;

export interface AlphaResult {
  metric: AlphaMetric;
  /** Krippendorff's alpha; NaN when undefined (see `warnings`). */
  alpha: number;
  /** Units with at least two values (pairable). */
  units: number;
  /** Pairable values n. */
  values: number;
  /** Observed and expected disagreement, D_o and D_e; alpha = 1 − D_o / D_e. */
  observed: number;
  expected: number;
  warnings: string[];
}

/** Randomness for the bootstrap: a uniform integer in [0, n). The engine's `Random` fits. */
export interface UniformInt {
  nextInt(n: number): number;
}

/**
 * A seeded generator (pure-rand's xoroshiro128+) for `bootstrapAlpha`.
 *
 * @example seededUniformInt(42).nextInt(12) // the same integer in [0, 12) on every run
 */
export function seededUniformInt(seed: number): UniformInt {
  if (!Number.isSafeInteger(seed)) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `seededUniformInt: the seed must be a safe integer, got ${seed}`);
  const generator = xoroshiro128plus(seed);
  return { nextInt: (n) => unsafeUniformIntDistribution(0, n - 1, generator) };
}

function isMissing(v: CodedValue): v is null | undefined {
  return v == null || (typeof v === 'number' && Number.isNaN(v));
}

/** Units as lists of the values they received (missing values dropped), categories indexed. */
interface Prepared {
  categories: Array<number | string>;
  /** Per unit, the category indices of its values. */
  units: number[][];
}

function prepare(data: ReadonlyArray<ReadonlyArray<CodedValue>>, metric: AlphaMetric): Prepared {
  if (!Array.isArray(data) || data.length === 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', 'krippendorffAlpha: reliability data must be a non-empty coders × units matrix');
  const width = Math.max(...data.map((row) => row.length));
  const problems: string[] = [];
  const distinct = new Set<number | string>();
  data.forEach((row, coder) =>
    row.forEach((v: CodedValue, unit: number) => {
      if (isMissing(v)) return;
      if (metric !== 'nominal' && (typeof v !== 'number' || !Number.isFinite(v))) problems.push(`coder ${coder + 1}, unit ${unit + 1}: "${String(v)}" is not a number`);
      else if (metric === 'ratio' && (v as number) < 0) problems.push(`coder ${coder + 1}, unit ${unit + 1}: ${v} is negative, impossible on a ratio scale`);
      distinct.add(v);
    }),
  );
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `krippendorffAlpha: ${metric} data need numbers; ${problems[0]}`, problems);
  const categories = [...distinct].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const index = new Map(categories.map((c, i) => [c, i]));
  const units: number[][] = [];
  for (let u = 0; u < width; u++) {
    const values: number[] = [];
    for (const row of data) {
      const v = row[u];
      if (!isMissing(v)) values.push(index.get(v)!);
    }
    units.push(values);
  }
  return { categories, units };
}

/** δ² for every pair of categories, given the marginal totals n_c (needed by the ordinal metric). */
function distances(metric: AlphaMetric, categories: Array<number | string>, marginals: Float64Array): Float64Array {
  const k = categories.length;
  const d = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) {
      if (c === e) continue;
      let v: number;
      if (metric === 'nominal') v = 1;
      else if (metric === 'ordinal') {
        const [lo, hi] = c < e ? [c, e] : [e, c];
        let s = 0;
        for (let g = lo; g <= hi; g++) s += marginals[g];
        s -= (marginals[c] + marginals[e]) / 2;
        v = s * s;
      } else {
        const a = categories[c] as number;
        const b = categories[e] as number;
        if (metric === 'interval') v = (a - b) * (a - b);
        else v = a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      }
      d[c * k + e] = v;
    }
  }
  return d;
}

/** Alpha from units given as category-index lists, with unit weights (bootstrap multiplicities). */
function alphaOf(metric: AlphaMetric, categories: Array<number | string>, units: number[][], weights?: Int32Array): AlphaResult {
  const k = categories.length;
  const o = new Float64Array(k * k);
  let pairable = 0;
  for (let u = 0; u < units.length; u++) {
    const w = weights ? weights[u] : 1;
    const values = units[u];
    const m = values.length;
    if (m < 2 || w === 0) continue;
    pairable += w;
    const share = w / (m - 1);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) o[values[i] * k + values[j]] += share;
  }
  const marginals = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) marginals[c] += o[c * k + e];
    n += marginals[c];
  }
  const warnings: string[] = [];
  if (n < 2) {
    warnings.push('krippendorffAlpha: no unit has two or more values, so there is nothing to compare; alpha is undefined (NaN)');
    return { metric, alpha: Number.NaN, units: pairable, values: n, observed: Number.NaN, expected: Number.NaN, warnings };
  }
  const d = distances(metric, categories, marginals);
  let observedSum = 0;
  let expectedSum = 0;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) {
      const delta = d[c * k + e];
      if (delta === 0) continue;
      observedSum += o[c * k + e] * delta;
      expectedSum += marginals[c] * marginals[e] * delta;
    }
  }
  const observed = observedSum / n;
  const expected = expectedSum / (n * (n - 1));
  if (expected === 0) {
    warnings.push('krippendorffAlpha: all pairable values are equal, so expected disagreement is 0; alpha is undefined (NaN)');
    return { metric, alpha: Number.NaN, units: pairable, values: n, observed, expected, warnings };
  }
  return { metric, alpha: 1 - observed / expected, units: pairable, values: n, observed, expected, warnings };
}

/**
 * Krippendorff's alpha for reliability data with missing values (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"): coincidences within units, each pair
 * weighted 1/(m_u − 1), and α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, with δ² for
 * nominal, ordinal (ranks from the marginal frequencies), interval and ratio data.
 *
 * @param data coders × units; `null`, `undefined` or NaN is a missing value.
 * @example
 * krippendorffAlpha([[1, 2, 3, 3], [1, 2, 3, 4]], 'nominal').alpha // → 0.6956…
 */
export function krippendorffAlpha(data: ReadonlyArray<ReadonlyArray<CodedValue>>, metric: AlphaMetric = 'nominal'): AlphaResult {
  if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(metric)) {
    throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `krippendorffAlpha: unknown metric "${String(metric)}"; expected one of "nominal", "ordinal", "interval", "ratio"`);
  }
  const { categories, units } = prepare(data, metric);
  return alphaOf(metric, categories, units);
}

export interface AlphaInterval extends AlphaResult {
  /** Percentile bootstrap interval over units resampled with replacement. */
  lower: number;
  upper: number;
  level: number;
  replicates: number;
  /** Replicates where alpha was undefined (all values equal), left out of the percentiles. */
  undefinedReplicates: number;
}

/**
 * Krippendorff's alpha with a percentile bootstrap interval: the units (columns) are
 * resampled with replacement and alpha recomputed, as in Zapf et al. (2016), "Measuring
 * inter-rater reliability for nominal data", BMC Medical Research Methodology 16:93.
 * Quantiles by linear interpolation (R's quantile type 7).
 *
 * @example
 * bootstrapAlpha(data, 'interval', { replicates: 2000, random: seededUniformInt(1) }) // → { alpha: 0.849…, lower, upper, … }
 */
export function bootstrapAlpha(
  data: ReadonlyArray<ReadonlyArray<CodedValue>>,
  metric: AlphaMetric,
  options: { replicates?: number; level?: number; random: UniformInt },
): AlphaInterval {
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 1) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `bootstrapAlpha: replicates must be a positive integer, got ${replicates}`);
  if (!(level > 0 && level < 1)) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `bootstrapAlpha: level must lie in (0, 1), got ${level}`);
  const point = krippendorffAlpha(data, metric);
  const { categories, units } = prepare(data, metric);
  const pairable = units.map((u, i) => (u.length >= 2 ? i : -1)).filter((i) => i >= 0);
  const weights = new Int32Array(units.length);
  const alphas: number[] = [];
  let undefinedReplicates = 0;
  for (let r = 0; r < replicates; r++) {
    weights.fill(0);
    for (let j = 0; j < pairable.length; j++) weights[pairable[options.random.nextInt(pairable.length)]]++;
    const a = alphaOf(metric, categories, units, weights).alpha;
    if (Number.isNaN(a)) undefinedReplicates++;
    else alphas.push(a);
  }
  alphas.sort((a, b) => a - b);
  const quantile = (p: number): number => {
    if (alphas.length === 0) return Number.NaN;
    const h = (alphas.length - 1) * p;
    const lo = Math.floor(h);
    return alphas[lo] + (h - lo) * ((alphas[Math.min(lo + 1, alphas.length - 1)] ?? alphas[lo]) - alphas[lo]);
  };
  const warnings = [...point.warnings];
  if (undefinedReplicates > 0) warnings.push(`bootstrapAlpha: alpha was undefined in ${undefinedReplicates} of ${replicates} replicates (all values equal); they are left out of the interval`);
  return { ...point, warnings, lower: quantile((1 - level) / 2), upper: quantile(1 - (1 - level) / 2), level, replicates, undefinedReplicates };
}

/** One coding: a coder's value for a unit, with the unit's language. */
export interface Coding {
  unit: string;
  coder: string;
  value: CodedValue;
  language?: string | null;
}

export interface AgreementRow {
  /** `all` or an ISO 639-1 language. */
  language: string;
  /** `coders` (humans only) or `coders+classifier`, or `coder:<id>-classifier`. */
  comparison: string;
  alpha: number;
  units: number;
  values: number;
  warnings: string[];
}

function matrixOf(codings: readonly Coding[], coders: readonly string[]): CodedValue[][] {
  const units = [...new Set(codings.map((c) => c.unit))];
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  const rows = coders.map(() => new Array<CodedValue>(units.length).fill(null));
  const coderIndex = new Map(coders.map((c, i) => [c, i]));
  for (const c of codings) {
    const row = coderIndex.get(c.coder);
    if (row != null) rows[row][unitIndex.get(c.unit)!] = c.value;
  }
  return rows;
}

/**
 * Agreement among human coders and between them and a classifier, overall and per language:
 * alpha among the humans, alpha with the classifier as one more coder, and alpha of each
 * human coder against the classifier.
 *
 * @example
 * agreementReport(codings, { metric: 'nominal', classifier: 'model' })
 * // → [{ language: 'all', comparison: 'coders', alpha: 0.74, … }, { language: 'all', comparison: 'coders+classifier', … }, …]
 */
export function agreementReport(codings: readonly Coding[], options: { metric: AlphaMetric; classifier?: string }): AgreementRow[] {
  const seen = new Map<string, Coding>();
  const duplicates: string[] = [];
  for (const c of codings) {
    const key = `${c.unit}\u0000${c.coder}`;
    if (seen.has(key)) duplicates.push(`unit "${c.unit}", coder "${c.coder}"`);
    seen.set(key, c);
  }
  if (duplicates.length > 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `agreementReport: ${duplicates.length} unit/coder pair(s) coded twice, first ${duplicates[0]}; keep one coding per coder and unit`, duplicates);
  const classifier = options.classifier;
  const humans = [...new Set(codings.map((c) => c.coder))].filter((c) => c !== classifier).sort();
  const languages = ['all', ...[...new Set(codings.map((c) => c.language ?? 'und'))].sort()];
  const rows: AgreementRow[] = [];
  const add = (language: string, comparison: string, subset: readonly Coding[], coders: readonly string[]): void => {
    const r = krippendorffAlpha(matrixOf(subset, coders), options.metric);
    rows.push({ language, comparison, alpha: r.alpha, units: r.units, values: r.values, warnings: r.warnings });
  };
  for (const language of languages) {
    const subset = language === 'all' ? codings : codings.filter((c) => (c.language ?? 'und') === language);
    if (humans.length >= 2) add(language, 'coders', subset, humans);
    if (classifier) {
      add(language, 'coders+classifier', subset, [...humans, classifier]);
      for (const h of humans) add(language, `coder:${h}-classifier`, subset, [h, classifier]);
    }
  }
  return rows;
}
