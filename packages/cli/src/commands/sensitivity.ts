import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import YAML from 'yaml';
import {
  problem,
  removeOneAtATime,
  SoftPowerError,
  type NodeUnitStatistics,
  type OutputVariable,
  type RemoveOneResult,
  type Sampling,
  type SensitivityResult,
  type UncertaintyResult,
} from '@softpower/engine';
import { textTable } from '../format.js';
import { toCsv, type Cell } from '../io/csv.js';
import { loadSpec, type InputFile } from '../io/spec.js';
import { writeFolderAtomically } from '../io/write.js';
import { defaultWorkers, runParallel } from '../parallel.js';
import type { Reporter } from '../reporter.js';

export type SensitivityMethod = 'uncertainty' | 'sobol' | 'remove-one';

export interface SensitivityOptions {
  assumptions?: string;
  method: SensitivityMethod;
  n: number;
  seed: number;
  workers?: number;
  out?: string;
  sampling: Sampling;
  bootstrap: number;
  /** Framework node whose ranks are analysed (default: the index). */
  target?: string;
  /** Sobol output variable: "mean-rank-shift", "rank:<unit>[@year]" or "score:<unit>[@year]". */
  output: string;
  /** remove-one: framework level whose elements are dropped in turn. */
  level: number;
  top: number;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** Cancels the run; the command installs a Ctrl-C handler that aborts it as well. */
  signal?: AbortSignal;
}

/** Parses the --output option into the engine's output variable. */
export function parseOutputVariable(text: string): OutputVariable {
  if (text === 'mean-rank-shift') return { kind: 'mean-absolute-rank-shift' };
  const match = /^(rank|score):([^@]+)(?:@(\d+))?$/.exec(text);
  if (!match) {
    throw new SoftPowerError([
      problem('ANALYSIS_SETTING', `sensitivity: --output "${text}" is not an output variable`, { value: text, hint: 'Use mean-rank-shift (COINr), rank:<unit> or score:<unit>, e.g. rank:NZL or rank:NZL@2018.' }),
    ]);
  }
  return { kind: match[1] as 'rank' | 'score', unit: match[2], year: match[3] === undefined ? undefined : Number(match[3]) };
}

/** Reads a YAML or JSON assumptions file; syntax errors name the file and line. */
async function readAssumptionsFile(path: string): Promise<{ value: unknown; input: InputFile }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SoftPowerError([
      problem('DATA_FILE_UNREADABLE', `sensitivity: cannot read the assumptions file ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: path, hint: 'Check the path given to --assumptions.' }),
    ]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SoftPowerError(
      doc.errors.map((e) => problem('ASSUMPTION_INVALID', `${path}: ${e.message.split('\n')[0]}`, { file: path, row: e.linePos?.[0]?.line, hint: 'Fix the YAML/JSON syntax at that line.' })),
    );
  }
  return { value: doc.toJS(), input: { path, sha256: createHash('sha256').update(text).digest('hex') } };
}

const rankColumns = ['code', 'level', 'unit', 'year', 'nominal_rank', 'mean_rank', 'median_rank', 'q05_rank', 'q95_rank', 'nominal_score', 'mean_score', 'median_score', 'q05_score', 'q95_score', 'replications'];

function rankRow(s: NodeUnitStatistics): Cell[] {
  return [s.code, s.level, s.unit, Number.isNaN(s.year) ? null : s.year, s.nominalRank, s.meanRank, s.medianRank, s.q05Rank, s.q95Rank, s.nominalScore, s.meanScore, s.medianScore, s.q05Score, s.q95Score, s.count];
}

function isSensitivity(result: UncertaintyResult): result is SensitivityResult {
  return result.kind === 'sensitivity';
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function jsonRows(columns: readonly string[], rows: readonly Cell[][]): Record<string, Cell>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, typeof row[i] === 'number' ? finite(row[i]) : row[i]])));
}

/** The target node's value in every kept run, one row per unit-year: unit, year, r1 … rN. */
function perRunTable(result: UncertaintyResult, which: 'scores' | 'ranks'): Cell[][] {
  const runs = result.target[which][0]?.length ?? 0;
  const header: Cell[] = ['unit', 'year', ...Array.from({ length: runs }, (_, i) => `r${i + 1}`)];
  const rows: Cell[][] = result.target.units.map((unit, r) => [unit, Number.isNaN(result.target.years[r]) ? null : result.target.years[r], ...Array.from(result.target[which][r])]);
  return [header, ...rows.filter((row) => row.slice(2).some((v) => !Number.isNaN(v as number)))];
}

const fixed = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '');

/** Rank intervals of the target node, best nominal rank first. */
function intervalsText(result: UncertaintyResult, top: number): string {
  const rows = result.statistics
    .filter((s) => s.code === result.code && !Number.isNaN(s.nominalRank))
    .sort((a, b) => a.nominalRank - b.nominalRank || a.unit.localeCompare(b.unit))
    .slice(0, top);
  return textTable(
    ['Nominal', 'Unit', 'Median', '5 %', '95 %', 'Mean'],
    rows.map((s) => [String(s.nominalRank), s.unit, fixed(s.medianRank), fixed(s.q05Rank), fixed(s.q95Rank), fixed(s.meanRank, 2)]),
    [true, false, true, true, true, true],
  );
}

function indicesText(result: SensitivityResult): string {
  const ci = (lo: number, hi: number) => (Number.isNaN(lo) ? '' : `[${fixed(lo, 3)}, ${fixed(hi, 3)}]`);
  return textTable(
    ['Assumption', 'Si', 'Si 5–95 %', 'STi', 'STi 5–95 %'],
    result.indices.map((s) => [s.assumption, fixed(s.first, 3), ci(s.firstQ05, s.firstQ95), fixed(s.total, 3), ci(s.totalQ05, s.totalQ95)]),
    [false, true, false, true, false],
  );
}

function removeOneText(result: RemoveOneResult): string {
  return textTable(
    ['Removed', 'Mean |rank change|', 'Largest move'],
    result.elements
      .slice()
      .sort((a, b) => b.meanAbsoluteRankChange - a.meanAbsoluteRankChange)
      .map((e) => {
        let largest = 0;
        let unit = '';
        e.rankChanges.forEach((c, r) => {
          if (Math.abs(c) > Math.abs(largest)) [largest, unit] = [c, result.units[r]];
        });
        return [e.removed, fixed(e.meanAbsoluteRankChange, 2), largest === 0 ? '' : `${unit} ${largest > 0 ? '+' : ''}${largest}`];
      }),
    [false, true, false],
  );
}

/** A progress bar with ETA on stderr, or nothing when stderr is not a terminal. */
function progressBar(enabled: boolean, label: string) {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% | {value}/{total} runs | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/**
 * `softpower index sensitivity`: uncertainty analysis (rank intervals), variance-based
 * sensitivity analysis (Sobol indices) or remove-one-at-a-time analysis of an index. Prints
 * a summary; with --out writes CSV and JSON tables and a manifest (seed, assumptions, inputs)
 * atomically. Ctrl-C (or `options.signal`) cancels: nothing is written.
 */
export async function sensitivityCommand(specPath: string, options: SensitivityOptions, reporter: Reporter): Promise<void> {
  const started = performance.now();
  const loaded = await loadSpec(resolve(specPath));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onSigint, { once: true });
  process.once('SIGINT', onSigint);
  try {
    const workers = options.workers ?? defaultWorkers();
    if (options.method === 'remove-one') {
      const result = removeOneAtATime(loaded.spec, loaded.data, { level: options.level, code: options.target });
      reporter.out(removeOneText(result));
      reporter.info(`remove one at a time: ${result.elements.length} elements of level ${result.level} dropped in turn (weight 0 in "${result.weightSet}"), ranks of ${result.code}`);
      if (options.out) {
        const summary = [['removed', 'mean_abs_rank_change'], ...result.elements.map((e) => [e.removed, finite(e.meanAbsoluteRankChange)])];
        const long: Cell[][] = [['removed', 'unit', 'year', 'nominal_rank', 'rank', 'rank_change', 'nominal_score', 'score']];
        for (const e of result.elements) {
          result.units.forEach((unit, r) => long.push([e.removed, unit, Number.isNaN(result.years[r]) ? null : result.years[r], result.nominalRanks[r], e.ranks[r], e.rankChanges[r], result.nominalScores[r], e.scores[r]]));
        }
        await writeOutputs(options.out, reporter, { 'remove-one.csv': toCsv(summary), 'remove-one-ranks.csv': toCsv(long) }, { removeOne: jsonRows(summary[0] as string[], summary.slice(1)), ranks: jsonRows(long[0] as string[], long.slice(1)) }, {
          method: 'remove-one',
          level: result.level,
          target: result.code,
          weightSet: result.weightSet,
          inputs: loaded.inputs,
          spec: loaded.spec,
        });
      }
      return;
    }
    if (!options.assumptions) {
      throw new SoftPowerError([problem('ANALYSIS_SETTING', `sensitivity: --method ${options.method} needs --assumptions <file>`, { hint: 'Write the uncertain assumptions in a YAML file (see docs/sensitivity.md and examples/coinr-asem/sensitivity-vignette.yaml).' })]);
    }
    const assumptionsPath = resolve(options.assumptions);
    const { value: assumptions, input: assumptionsInput } = await readAssumptionsFile(assumptionsPath);
    const kind = options.method === 'sobol' ? 'sensitivity' : 'uncertainty';
    const output = parseOutputVariable(options.output);
    const settings = { n: options.n, seed: options.seed, sampling: options.sampling, bootstrap: options.bootstrap, code: options.target, output, assumptionsFile: relative(process.cwd(), assumptionsPath) || assumptionsPath };
    const bar = progressBar(options.progress ?? Boolean((process.stderr as { isTTY?: boolean }).isTTY), kind === 'sensitivity' ? 'sensitivity' : 'uncertainty');
    let result: UncertaintyResult | SensitivityResult;
    try {
      result = kind === 'sensitivity'
        ? await runParallel('sensitivity', loaded.spec, loaded.data, assumptions, settings, { workers, signal: controller.signal, onProgress: bar.update })
        : await runParallel('uncertainty', loaded.spec, loaded.data, assumptions, settings, { workers, signal: controller.signal, onProgress: bar.update });
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    reporter.out(intervalsText(result, options.top));
    if (isSensitivity(result)) {
      reporter.out('');
      reporter.out(indicesText(result));
    }
    for (const f of result.failures.slice(0, 5)) reporter.info(`run ${f.run + 1} failed and counts as missing: ${f.message}`);
    if (result.failures.length > 5) reporter.info(`… and ${result.failures.length - 5} more failed runs`);
    reporter.info(`${kind} analysis of "${loaded.spec.id}": ${result.runs} runs (N = ${result.n}, ${result.assumptions.length} assumptions, seed ${result.seed}, ${result.sampling} sampling) in ${seconds.toFixed(2)} s on ${workers} thread${workers === 1 ? '' : 's'}`);
    if (options.out) {
      const rows = result.statistics.map(rankRow);
      const files: Record<string, string> = {
        'rank-intervals.csv': toCsv([rankColumns, ...rows]),
        'target-scores.csv': toCsv(perRunTable(result, 'scores')),
        'target-ranks.csv': toCsv(perRunTable(result, 'ranks')),
      };
      const json: Record<string, unknown> = { rankIntervals: jsonRows(rankColumns, rows), failures: result.failures };
      if (isSensitivity(result)) {
        const columns = ['assumption', 'Si', 'STi', 'Si_q05', 'Si_q95', 'STi_q05', 'STi_q95'];
        const indexRows: Cell[][] = result.indices.map((s) => [s.assumption, s.first, s.total, s.firstQ05, s.firstQ95, s.totalQ05, s.totalQ95]);
        files['sensitivity-indices.csv'] = toCsv([columns, ...indexRows]);
        json.sensitivityIndices = jsonRows(columns, indexRows);
        json.variance = finite(result.variance);
        json.output = result.output;
      }
      await writeOutputs(options.out, reporter, files, json, {
        method: options.method,
        n: result.n,
        runs: result.runs,
        seed: result.seed,
        sampling: result.sampling,
        bootstrap: isSensitivity(result) ? result.bootstrap : undefined,
        target: result.code,
        output: isSensitivity(result) ? result.output : undefined,
        assumptions,
        failedRuns: result.failures.length,
        workers,
        inputs: [...loaded.inputs, assumptionsInput],
        spec: loaded.spec,
      });
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    options.signal?.removeEventListener('abort', onSigint);
  }
}

async function writeOutputs(out: string, reporter: Reporter, files: Record<string, string>, json: Record<string, unknown>, manifest: Record<string, unknown>): Promise<void> {
  const dir = resolve(out);
  const written = await writeFolderAtomically(dir, async (put, list) => {
    for (const [name, content] of Object.entries(files)) await put(name, content);
    await put('results.json', JSON.stringify(json, null, 1));
    await put('manifest.json', JSON.stringify({ tool: 'softpower', engineVersion: '0.1.0', node: process.version, builtAt: new Date().toISOString(), ...manifest, files: [...list, 'manifest.json'] }, null, 2));
  });
  reporter.info(`wrote ${written.length} files to ${relative(process.cwd(), dir) || '.'} (${written.join(', ')})`);
}
