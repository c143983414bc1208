import type { Dataset, IndexData } from '../data/dataset.js';
import { SoftPowerError, problem } from '../errors.js';
import { compileBuild, type CompiledBuild } from '../pipeline/incremental.js';
import type { IndexSpec } from '../spec/schema.js';
import { applySample, parseAssumptions, resolveAssumptions, type Assumption, type ResolvedAssumption } from './assumptions.js';
import { sobolIndices, type SobolIndex } from './estimators.js';
import { saltelliRun, seededRandom, sobolMaxDimension, uncertaintyRow, type Sampling } from './sampling.js';
import { summariseRanks, summariseRuns } from './uncertainty.js';

/**
 * Uncertainty analysis (Monte Carlo over the declared assumptions) and variance-based
 * sensitivity analysis (Saltelli's design, COINr's estimators) of a composite index.
 *
 * Replication i depends only on (seed, i): its point of the sample is computed directly (see
 * `uncertaintyRow`, `saltelliRun`), so the runs can be cut into chunks [start, end), run
 * anywhere (`runChunk`, e.g. on worker threads) and merged (`mergeChunks`) into the same
 * numbers whatever the number of workers. `runUncertainty` and `runSensitivity` do all of it
 * in one thread.
 */

export type AnalysisKind = 'uncertainty' | 'sensitivity';

/**
 * The scalar output whose variance the sensitivity indices apportion:
 * - mean-absolute-rank-shift: COINr's choice, the mean over units of |rank − nominal rank|
 *   of the target node (units missing in either removed);
 * - rank / score: one unit's rank or score in the target node.
 */
export type OutputVariable = { readonly kind: 'mean-absolute-rank-shift' } | { readonly kind: 'rank' | 'score'; readonly unit: string; readonly year?: number };

export interface AnalysisSettings {
  /** Replications (uncertainty) or base sample size N (sensitivity: N(d + 2) runs). */
  readonly n: number;
  readonly seed: number;
  readonly sampling?: Sampling;
  /** The node whose ranks and scores define the output variable (default: the root, the index). */
  readonly code?: string;
  /** Sensitivity only (default mean-absolute-rank-shift). */
  readonly output?: OutputVariable;
  /** Sensitivity only: bootstrap replicates for the confidence intervals (default 100; 0 = none). */
  readonly bootstrap?: number;
  /** Name of the assumptions file, for error messages. */
  readonly assumptionsFile?: string;
}

/** Something that can say it was cancelled, such as an AbortSignal. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface RunOptions extends AnalysisSettings {
  /** Called after every chunk with the runs done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked before every chunk; when aborted the run throws `AnalysisCancelledError`. */
  readonly signal?: CancelSignal;
  /** Runs per chunk (default 64). The results do not depend on it. */
  readonly chunkSize?: number;
}

export class AnalysisCancelledError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'AnalysisCancelledError';
  }
}

/** Everything needed to run any chunk of an analysis; rebuilt identically on every worker. */
export interface PreparedAnalysis {
  readonly kind: AnalysisKind;
  readonly spec: IndexSpec;
  readonly data: IndexData;
  readonly assumptions: readonly ResolvedAssumption[];
  readonly compiled: CompiledBuild;
  readonly n: number;
  readonly seed: number;
  readonly sampling: Sampling;
  readonly bootstrap: number;
  /** Number of assumptions. */
  readonly d: number;
  /** Total runs: n (uncertainty) or n(d + 2) (sensitivity). */
  readonly runs: number;
  /** Runs whose ranks and scores are kept for the rank statistics: n, or 2n (A and B) as COINr. */
  readonly keptRuns: number;
  /** Framework node indices tracked (every aggregate, and the target), and their codes and levels. */
  readonly nodes: readonly number[];
  readonly codes: readonly string[];
  readonly levels: readonly number[];
  /** Position of the target node in `nodes`. */
  readonly target: number;
  readonly output: OutputVariable;
  /** Raw-data row of the unit (and year) of a rank or score output; -1 otherwise. */
  readonly outputRow: number;
  /** Rows of the raw data: every unit-year that may appear in a replication. */
  readonly rowCount: number;
  /** Nominal scores and ranks, cell = node position × rowCount + raw row. */
  readonly nominalScores: Float64Array;
  readonly nominalRanks: Float64Array;
}

/** The outputs of runs [start, end) of an analysis. */
export interface ChunkResult {
  readonly start: number;
  readonly end: number;
  /** Scores and ranks of the kept runs in the chunk, run-major: (run − start) × cells + cell. */
  readonly scores: Float64Array;
  readonly ranks: Float64Array;
  /** The output variable of every run (sensitivity; empty for uncertainty). */
  readonly outputs: Float64Array;
  /** The value of every assumption in every run, (run − start) × d + i (see `assumptionCoordinate`). */
  readonly parameters: Float64Array;
  /** Runs whose build failed (e.g. a geometric mean of a zero), with the reason: their values are missing. */
  readonly failures: readonly { readonly run: number; readonly message: string }[];
}

export interface NodeUnitStatistics {
  readonly code: string;
  readonly level: number;
  readonly unit: string;
  readonly year: number;
  readonly nominalRank: number;
  readonly meanRank: number;
  readonly medianRank: number;
  readonly q05Rank: number;
  readonly q95Rank: number;
  readonly nominalScore: number;
  readonly meanScore: number;
  readonly medianScore: number;
  readonly q05Score: number;
  readonly q95Score: number;
  /** Replications in which the unit had a rank. */
  readonly count: number;
}

export interface UncertaintyResult {
  readonly kind: AnalysisKind;
  readonly n: number;
  readonly runs: number;
  readonly seed: number;
  readonly sampling: Sampling;
  readonly assumptions: readonly string[];
  /** Code of the target node. */
  readonly code: string;
  /** Rank and score statistics for every tracked node and unit present in any run, nodes in framework order. */
  readonly statistics: readonly NodeUnitStatistics[];
  /** The target node's scores and ranks in each kept run: units (raw rows) × runs. */
  readonly target: {
    readonly units: readonly string[];
    readonly years: readonly number[];
    readonly scores: readonly Float64Array[];
    readonly ranks: readonly Float64Array[];
  };
  /** Assumption values per run (runs × d, run-major). */
  readonly parameters: Float64Array;
  readonly failures: readonly { readonly run: number; readonly message: string }[];
}

export interface SensitivityIndexRow extends SobolIndex {
  readonly assumption: string;
}

export interface SensitivityResult extends UncertaintyResult {
  readonly output: OutputVariable;
  /** The output variable of every run, in Saltelli order (A, B, AB_1 … AB_d). */
  readonly outputs: Float64Array;
  /** var(c(y_A, y_B)). */
  readonly variance: number;
  readonly indices: readonly SensitivityIndexRow[];
  readonly bootstrap: number;
}

/**
 * Checks the inputs and compiles the build; the same arguments give the same prepared
 * analysis on every thread. `assumptions` may be raw (parsed here) or already parsed.
 */
export function prepareAnalysis(kind: AnalysisKind, spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, settings: AnalysisSettings): PreparedAnalysis {
  const parsed = parseAssumptions(assumptions, settings.assumptionsFile);
  const { n, seed } = settings;
  const sampling = settings.sampling ?? 'random';
  const bootstrap = settings.bootstrap ?? 100;
  const bad = (message: string, value: unknown, hint: string) => new SoftPowerError([problem('ANALYSIS_SETTING', message, { value, hint })]);
  const minimum = kind === 'sensitivity' ? 2 : 1;
  if (!Number.isInteger(n) || n < minimum) throw bad(`${kind} analysis: the number of replications must be a whole number of at least ${minimum}, got ${n}`, n, 'Give N as a positive whole number (COINr uses N = 100 to 1000).');
  if (!Number.isSafeInteger(seed) || seed < 0) throw bad(`${kind} analysis: the seed must be a non-negative whole number, got ${seed}`, seed, 'Give any whole number from 0 up, e.g. --seed 42.');
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw bad(`sensitivity analysis: the number of bootstrap replicates must be a non-negative whole number, got ${bootstrap}`, bootstrap, 'Give 0 for no confidence intervals, or e.g. 100 as COINr.');
  if (sampling !== 'random' && sampling !== 'sobol') throw bad(`${kind} analysis: sampling "${String(sampling)}" is unknown; expected "random" or "sobol"`, sampling, 'Use random (seeded pseudo-random) or sobol (quasi-random).');
  const resolved = resolveAssumptions(spec, parsed, settings.assumptionsFile);
  const d = resolved.length;
  const dimensions = kind === 'sensitivity' ? 2 * d : d;
  if (sampling === 'sobol' && dimensions > sobolMaxDimension()) throw bad(`${kind} analysis: Sobol sampling of ${d} assumptions needs ${dimensions} dimensions; the direction numbers shipped cover ${sobolMaxDimension()}`, d, 'Use random sampling, or fewer assumptions.');
  const compiled = compileBuild(spec, data);
  const framework = compiled.nominal.framework;
  const code = settings.code ?? framework.nodes[framework.root].code;
  const targetNode = framework.byCode.get(code);
  if (targetNode === undefined) throw bad(`${kind} analysis: the target "${code}" is not a framework node`, code, 'Name an aggregate or indicator of the framework, or leave the target out to use the index.');
  const finalCodes = new Set(compiled.nominal.results.codes);
  if (!finalCodes.has(code)) throw bad(`${kind} analysis: the target "${code}" has no scores in the results`, code, 'Name a node the build scores (an aggregate, or an indicator that survives screening).');
  const nodes = framework.nodes.filter((node) => (!node.isIndicator || node.index === targetNode) && finalCodes.has(node.code)).map((node) => node.index);
  const rowCount = data.raw.rows.units.length;
  const output = settings.output ?? { kind: 'mean-absolute-rank-shift' };
  let outputRow = -1;
  if (kind === 'sensitivity' && output.kind !== 'mean-absolute-rank-shift') {
    const rows: number[] = [];
    data.raw.rows.units.forEach((u, r) => {
      if (u === output.unit && (output.year === undefined || data.raw.rows.years[r] === output.year)) rows.push(r);
    });
    if (rows.length !== 1) {
      throw bad(
        `sensitivity analysis: the output ${output.kind} of unit "${output.unit}"${output.year === undefined ? '' : ` in ${output.year}`} matches ${rows.length} rows of the data`,
        output.unit,
        rows.length > 1 ? 'Give the year as well.' : 'Name a unit code of the data (e.g. NZL).',
      );
    }
    outputRow = rows[0];
  }
  const prepared: Omit<PreparedAnalysis, 'nominalScores' | 'nominalRanks'> = {
    kind,
    spec,
    data,
    assumptions: resolved,
    compiled,
    n,
    seed,
    sampling,
    bootstrap,
    d,
    runs: kind === 'sensitivity' ? n * (d + 2) : n,
    keptRuns: kind === 'sensitivity' ? 2 * n : n,
    nodes,
    codes: nodes.map((i) => framework.nodes[i].code),
    levels: nodes.map((i) => framework.nodes[i].level),
    target: nodes.indexOf(targetNode),
    output,
    outputRow,
    rowCount,
  };
  const nominalScores = new Float64Array(nodes.length * rowCount);
  const nominalRanks = new Float64Array(nodes.length * rowCount);
  const extractor = makeExtractor(prepared as PreparedAnalysis);
  extractor(compiled.run(spec).final, nominalScores, nominalRanks, 0);
  return { ...prepared, nominalScores, nominalRanks };
}

/**
 * Ranks of values[0..n) into out, 1 = largest, ties at the minimum, NaN kept: the numbers of
 * `rankDescending` (R's rank(-x, ties.method = "min")), by insertion sort of an index buffer
 * (no allocation; the groups ranked are a few hundred units at most).
 */
function rankDescendingInto(values: Float64Array, n: number, out: Float64Array, order: Int32Array): void {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    let j = m++;
    while (j > 0 && values[order[j - 1]] < v) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  for (let k = 0; k < m; k++) {
    const i = order[k];
    out[i] = k > 0 && values[i] === values[order[k - 1]] ? out[order[k - 1]] : k + 1;
  }
}

/** Reads the tracked columns of a final data set into (scores, ranks) at `offset`, by raw row. */
function makeExtractor(p: PreparedAnalysis) {
  const cells = p.nodes.length * p.rowCount;
  const values = new Float64Array(p.rowCount);
  const ranked = new Float64Array(p.rowCount);
  const order = new Int32Array(p.rowCount);
  let columnsOf: readonly string[] | undefined;
  const positions = new Int32Array(p.nodes.length);
  return (final: Dataset, scores: Float64Array, ranks: Float64Array, offset: number) => {
    scores.fill(NaN, offset, offset + cells);
    ranks.fill(NaN, offset, offset + cells);
    const origin = final.rows.origin;
    if (columnsOf !== final.codes) {
      columnsOf = final.codes;
      for (let k = 0; k < p.nodes.length; k++) positions[k] = final.codes.indexOf(p.codes[k]);
    }
    for (let k = 0; k < p.nodes.length; k++) {
      const column = positions[k] < 0 ? undefined : final.columns[positions[k]];
      if (!column) continue;
      const base = offset + k * p.rowCount;
      for (const rows of final.rows.byYear.values()) {
        const m = rows.length;
        for (let j = 0; j < m; j++) values[j] = column[rows[j]];
        rankDescendingInto(values, m, ranked, order);
        for (let j = 0; j < m; j++) {
          const r = origin[rows[j]];
          scores[base + r] = values[j];
          ranks[base + r] = ranked[j];
        }
      }
    }
  };
}

/** Mean over units of |rank − nominal rank| of the target node, missing pairs removed (COINr). */
function meanAbsoluteRankShift(p: PreparedAnalysis, ranks: Float64Array, offset: number): number {
  const base = p.target * p.rowCount;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < p.rowCount; r++) {
    const a = ranks[offset + base + r];
    const b = p.nominalRanks[base + r];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sum += Math.abs(a - b);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Runs [start, end) of a prepared analysis. Pure and synchronous: the result depends only on
 * the prepared analysis and the range.
 */
export function runChunk(p: PreparedAnalysis, start: number, end: number): ChunkResult {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > p.runs || start > end) throw new RangeError(`runChunk: [${start}, ${end}) is not a range of the ${p.runs} runs`);
  const cells = p.nodes.length * p.rowCount;
  const kept = Math.max(0, Math.min(end, p.keptRuns) - start);
  const scores = new Float64Array(kept * cells);
  const ranks = new Float64Array(kept * cells);
  const scratchScores = new Float64Array(cells);
  const scratchRanks = new Float64Array(cells);
  const outputs = new Float64Array(p.kind === 'sensitivity' ? end - start : 0);
  const parameters = new Float64Array((end - start) * p.d);
  const failures: { run: number; message: string }[] = [];
  const u = new Float64Array(p.d);
  const scratch = new Float64Array(2 * p.d);
  const coordinates = new Float64Array(p.d);
  const extract = makeExtractor(p);
  for (let run = start; run < end; run++) {
    if (p.kind === 'sensitivity') saltelliRun(run, p.n, p.d, p.seed, p.sampling, u, scratch);
    else uncertaintyRow(run, p.d, p.seed, p.sampling, u);
    const variant = applySample(p.spec, p.assumptions, u, p.seed, coordinates);
    parameters.set(coordinates, (run - start) * p.d);
    const keep = run < p.keptRuns;
    const s = keep ? scores : scratchScores;
    const r = keep ? ranks : scratchRanks;
    const offset = keep ? (run - start) * cells : 0;
    try {
      extract(p.compiled.run(variant).final, s, r, offset);
    } catch (e) {
      if (!(e instanceof SoftPowerError)) throw e;
      failures.push({ run, message: e.message });
      s.fill(NaN, offset, offset + cells);
      r.fill(NaN, offset, offset + cells);
    }
    if (p.kind === 'sensitivity') {
      const o = p.output;
      outputs[run - start] =
        o.kind === 'mean-absolute-rank-shift' ? meanAbsoluteRankShift(p, r, offset) : (o.kind === 'rank' ? r : s)[offset + p.target * p.rowCount + p.outputRow];
    }
  }
  return { start, end, scores, ranks, outputs, parameters, failures };
}

/** Cuts [0, runs) into chunks of `size` runs. */
export function planChunks(runs: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < runs; s += size) out.push([s, Math.min(runs, s + size)]);
  return out;
}

/** Merges chunks covering [0, runs) in any order into the analysis result. */
export function mergeChunks(p: PreparedAnalysis, chunks: readonly ChunkResult[]): UncertaintyResult | SensitivityResult {
  const sorted = chunks.slice().sort((a, b) => a.start - b.start);
  let at = 0;
  for (const c of sorted) {
    if (c.start !== at) throw new RangeError(`mergeChunks: runs [${at}, ${c.start}) are missing or overlap`);
    at = c.end;
  }
  if (at !== p.runs) throw new RangeError(`mergeChunks: the chunks cover ${at} of ${p.runs} runs`);
  const cells = p.nodes.length * p.rowCount;
  const scores = new Float64Array(p.keptRuns * cells);
  const ranks = new Float64Array(p.keptRuns * cells);
  const outputs = new Float64Array(p.kind === 'sensitivity' ? p.runs : 0);
  const parameters = new Float64Array(p.runs * p.d);
  const failures: { run: number; message: string }[] = [];
  for (const c of sorted) {
    if (c.scores.length > 0) {
      scores.set(c.scores, c.start * cells);
      ranks.set(c.ranks, c.start * cells);
    }
    if (outputs.length > 0) outputs.set(c.outputs, c.start);
    parameters.set(c.parameters, c.start * p.d);
    failures.push(...c.failures);
  }
  const rankStats = summariseRanks(ranks, p.keptRuns, cells, p.rowCount);
  const scoreStats = summariseRuns(scores, p.keptRuns, cells);
  const framework = p.compiled.nominal.framework;
  const units = p.data.raw.rows.units;
  const years = p.data.raw.rows.years;
  const statistics: NodeUnitStatistics[] = [];
  p.nodes.forEach((_, k) => {
    for (let r = 0; r < p.rowCount; r++) {
      const c = k * p.rowCount + r;
      if (Number.isNaN(p.nominalRanks[c]) && rankStats.count[c] === 0) continue;
      statistics.push({
        code: p.codes[k],
        level: p.levels[k],
        unit: units[r],
        year: years[r],
        nominalRank: p.nominalRanks[c],
        meanRank: rankStats.mean[c],
        medianRank: rankStats.median[c],
        q05Rank: rankStats.q05[c],
        q95Rank: rankStats.q95[c],
        nominalScore: p.nominalScores[c],
        meanScore: scoreStats.mean[c],
        medianScore: scoreStats.median[c],
        q05Score: scoreStats.q05[c],
        q95Score: scoreStats.q95[c],
        count: rankStats.count[c],
      });
    }
  });
  const targetScores: Float64Array[] = [];
  const targetRanks: Float64Array[] = [];
  for (let r = 0; r < p.rowCount; r++) {
    const s = new Float64Array(p.keptRuns);
    const k = new Float64Array(p.keptRuns);
    const c = p.target * p.rowCount + r;
    for (let run = 0; run < p.keptRuns; run++) {
      s[run] = scores[run * cells + c];
      k[run] = ranks[run * cells + c];
    }
    targetScores.push(s);
    targetRanks.push(k);
  }
  const base: UncertaintyResult = {
    kind: p.kind,
    n: p.n,
    runs: p.runs,
    seed: p.seed,
    sampling: p.sampling,
    assumptions: p.assumptions.map((a) => a.name),
    code: framework.nodes[p.nodes[p.target]].code,
    statistics,
    target: { units: units.slice(), years: Array.from(years), scores: targetScores, ranks: targetRanks },
    parameters,
    failures,
  };
  if (p.kind === 'uncertainty') return base;
  const estimate = sobolIndices(outputs, p.n, p.d, { bootstrap: p.bootstrap, random: seededRandom(p.seed, 3) });
  return {
    ...base,
    output: p.output,
    outputs,
    variance: estimate.variance,
    bootstrap: p.bootstrap,
    indices: estimate.indices.map((index, i) => ({ assumption: p.assumptions[i].name, ...index })),
  };
}

function runAll(kind: AnalysisKind, spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions) {
  const p = prepareAnalysis(kind, spec, data, assumptions, options);
  const chunks: ChunkResult[] = [];
  for (const [start, end] of planChunks(p.runs, options.chunkSize ?? 64)) {
    if (options.signal?.aborted) throw new AnalysisCancelledError();
    chunks.push(runChunk(p, start, end));
    options.onProgress?.(end, p.runs);
  }
  return mergeChunks(p, chunks);
}

/** A macrotask boundary (setTimeout exists in browsers and Node; the engine is typed without either). */
function nextTask(): Promise<void> {
  const schedule = (globalThis as { setTimeout?: (callback: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (schedule ? schedule(resolve, 0) : resolve()));
}

/**
 * `runUncertainty` or `runSensitivity` that yields to the event loop between chunks, so that a
 * page stays responsive and an `AbortSignal` aborted meanwhile stops the run (it rejects with
 * `AnalysisCancelledError`). The numbers are those of the synchronous functions.
 *
 * @example
 * const controller = new AbortController();
 * const ua = await runAnalysis('uncertainty', spec, data, assumptions, { n: 1000, seed: 42, signal: controller.signal });
 */
export async function runAnalysis(kind: 'uncertainty', spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions): Promise<UncertaintyResult>;
export async function runAnalysis(kind: 'sensitivity', spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions): Promise<SensitivityResult>;
export async function runAnalysis(kind: AnalysisKind, spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions): Promise<UncertaintyResult | SensitivityResult> {
  const p = prepareAnalysis(kind, spec, data, assumptions, options);
  const chunks: ChunkResult[] = [];
  for (const [start, end] of planChunks(p.runs, options.chunkSize ?? 64)) {
    await nextTask();
    if (options.signal?.aborted) throw new AnalysisCancelledError();
    chunks.push(runChunk(p, start, end));
    options.onProgress?.(end, p.runs);
  }
  return mergeChunks(p, chunks);
}

/**
 * Uncertainty analysis: n replications of the index, each with every assumption drawn at
 * random (or from Sobol's sequence); per node and unit, the nominal rank and the mean,
 * median, 5th and 95th percentile of the ranks and scores (as COINr's `get_sensitivity` with
 * `SA_type = "UA"`, whose RankStats it reproduces).
 *
 * @example
 * const ua = runUncertainty(spec, data, [{ name: 'Aggregation', kind: 'discrete', pointer: '/steps/aggregate/params/method', values: ['arithmetic-mean', 'geometric-mean'] }], { n: 1000, seed: 42 });
 * ua.statistics.find((s) => s.code === 'Index' && s.unit === 'NZL') // { nominalRank: 14, q05Rank: 12, q95Rank: 17, … }
 */
export function runUncertainty(spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions): UncertaintyResult {
  return runAll('uncertainty', spec, data, assumptions, options);
}

/**
 * Sensitivity analysis: Saltelli's design of N(d + 2) runs; first-order and total Sobol
 * indices of the output variable (default COINr's mean absolute rank shift of the index)
 * with bootstrap 5–95 % intervals, and the rank statistics of the 2N runs of A and B (as
 * COINr's `get_sensitivity` with `SA_type = "SA"`).
 */
export function runSensitivity(spec: IndexSpec, data: IndexData, assumptions: readonly Assumption[] | unknown, options: RunOptions): SensitivityResult {
  return runAll('sensitivity', spec, data, assumptions, options) as SensitivityResult;
}
