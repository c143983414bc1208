import { aggregateRowsInto, aggregationForLevel, runAggregate } from '../aggregate/run.js';
import { aggregators } from '../aggregate/index.js';
import type { RowAggregator } from '../aggregate/types.js';
import { filterRows, withColumns, type Dataset, type IndexData } from '../data/dataset.js';
import { runDenominate } from '../denominate/denominate.js';
import { runTransform } from '../denominate/transform.js';
import { problem, ProblemLog, SoftPowerError, type Problem } from '../errors.js';
import type { Framework } from '../framework/framework.js';
import { runImpute } from '../impute/impute.js';
import { runNormalise } from '../normalise/run.js';
import { collectResults, type IndexResults } from '../results/results.js';
import { runScreen } from '../screen/screen.js';
import { formatPointer } from '../spec/pointer.js';
import { defaultOutputs, type AggregateStep, type Aggregation, type IndexSpec, type StepSpec } from '../spec/schema.js';
import { runTreat } from '../treat/run.js';
import { runWeight } from '../weights/run.js';
import { frameworkWeights, overlayWeights, type WeightSet } from '../weights/weight-set.js';
import { buildIndex, checkSpecAgainstData, type BuildResult } from './build.js';
import type { PipelineContext } from './context.js';

/**
 * A compiled build for many variants of one specification (uncertainty and sensitivity
 * analysis, what-if): the nominal build is run once and the state before every step kept;
 * a modified specification re-runs only from the first step that differs from the nominal
 * one (steps compared by value), or from the first weight or aggregate step when only the
 * weight sets differ. Steps before the first weight or aggregate step are also memoised by
 * the value of all steps up to them, so discrete alternatives are computed once. Row-wise
 * aggregation writes into buffers reused from one run to the next. The numbers are those of
 * `buildIndex`, bit for bit: the same step functions and row aggregators run on the same
 * inputs in the same order.
 */

interface StepState {
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly weightSets: ReadonlyMap<string, WeightSet>;
  readonly previous: string;
  readonly lastAggregate: string | null;
  /** Whether the rows have been restricted to `spec.years` (always true without years). */
  readonly restricted: boolean;
}

interface MutableState {
  datasets: Map<string, Dataset>;
  weightSets: Map<string, WeightSet>;
  previous: string;
  lastAggregate: string | null;
  restricted: boolean;
}

/** Steps that may use every year of the data, as in `buildIndex`. */
const preparatoryKinds = new Set<StepSpec['kind']>(['transform', 'denominate', 'impute']);

function restrictToYears(dataset: Dataset, years: readonly number[]): Dataset {
  const keep = new Set(years);
  return filterRows(dataset, Array.from(dataset.rows.years, (y) => keep.has(y))).dataset;
}

/** The outcome of one run of a compiled build. */
export interface IncrementalBuild {
  readonly spec: IndexSpec;
  readonly framework: Framework;
  /** Every named data set, as in `BuildResult.datasets`. */
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly weightSets: ReadonlyMap<string, WeightSet>;
  /** The data set results are read from: the output of the last aggregate step. */
  readonly final: Dataset;
  /** Index of the first step that ran (the number of steps when none did). */
  readonly firstStepRun: number;
}

export interface CompiledBuild {
  readonly nominal: BuildResult;
  /**
   * Builds a variant of the nominal specification. Columns written by row-wise aggregation
   * live in buffers reused by the next call: read or copy them before calling again.
   * Throws `SoftPowerError` where `buildIndex` would.
   */
  run(spec: IndexSpec): IncrementalBuild;
}

export interface CompileOptions {
  /** How many memoised step states to keep (least recently used are dropped); default 64. */
  readonly cacheSize?: number;
}

function runDataStep(step: StepSpec, input: Dataset, context: PipelineContext, pointer: string): Dataset | undefined {
  switch (step.kind) {
    case 'transform':
      return runTransform(input, step, context, pointer).dataset;
    case 'denominate':
      return runDenominate(input, step, context, pointer).dataset;
    case 'impute':
      return runImpute(input, step, context, pointer).dataset;
    case 'screen':
      return runScreen(input, step, context, pointer).dataset;
    case 'treat':
      return runTreat(input, step, context, pointer).dataset;
    case 'normalise':
      return runNormalise(input, step, context, pointer).dataset;
    case 'weight':
      runWeight(input, step, context, pointer);
      return undefined;
    case 'aggregate':
      return runAggregate(input, step, context, pointer).dataset;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const topLevelKeys = (spec: IndexSpec) => Object.keys(spec).filter((k) => k !== 'steps' && k !== 'weightSets');

/**
 * Compiles a build of `spec` on `data` (validated specification; throws `SoftPowerError`
 * with every problem, as `buildIndex`).
 *
 * @example
 * const compiled = compileBuild(spec, data);
 * const variant = compiled.run(setByPointer(spec, '/steps/aggregate/params/method', 'geometric-mean'));
 * variant.firstStepRun; // index of the aggregate step: nothing upstream was recomputed
 */
export function compileBuild(spec: IndexSpec, data: IndexData, options: CompileOptions = {}): CompiledBuild {
  const nominal = buildIndex(spec, data);
  const framework = nominal.framework;
  const cacheSize = options.cacheSize ?? 64;
  const pointers = spec.steps.map((_, i) => formatPointer(['steps', i]));
  const stepJson = spec.steps.map((s) => JSON.stringify(s));
  const base = frameworkWeights(framework);
  const initialWeightSets = (sets: IndexSpec['weightSets']) => {
    const map = new Map<string, WeightSet>([['framework', base]]);
    for (const [name, set] of Object.entries(sets)) map.set(name, overlayWeights(framework, base, set).set);
    return map;
  };
  const firstWeighted = (steps: readonly StepSpec[]) => {
    const i = steps.findIndex((s) => s.kind === 'weight' || s.kind === 'aggregate');
    return i < 0 ? steps.length : i;
  };
  const nominalFirstWeighted = firstWeighted(spec.steps);
  const checked = new Map<string, Problem[]>();
  const cache = new Map<string, StepState>();
  const buffers = new Map<string, Float64Array>();

  // One step of the loop of buildIndex, on a mutable state; `reuse` sends row-wise
  // aggregation to the reused buffers.
  const advance = (state: MutableState, steps: readonly StepSpec[], i: number, context: PipelineContext, reuse: boolean) => {
    const step = steps[i];
    const inputName = step.input ?? state.previous;
    let input = state.datasets.get(inputName)!;
    if (!state.restricted && !preparatoryKinds.has(step.kind)) {
      input = restrictToYears(input, context.spec.years!);
      state.restricted = true;
    }
    const output = step.kind === 'weight' ? inputName : (step.output ?? defaultOutputs[step.kind]);
    if (!step.enabled) {
      if (step.kind !== 'weight') state.datasets.set(output, input);
      state.previous = output;
      return;
    }
    const pointer = pointers[i] ?? formatPointer(['steps', i]);
    const dataset = step.kind === 'aggregate' && reuse ? aggregateReusing(input, step, context, pointer, i, buffers) : runDataStep(step, input, context, pointer);
    if (dataset) {
      state.datasets.set(output, dataset);
      state.previous = output;
    }
    if (step.kind === 'aggregate') state.lastAggregate = output;
  };

  // The state before each step of the nominal build.
  const snapshots: StepState[] = [];
  {
    const weightSets = initialWeightSets(spec.weightSets);
    const context: PipelineContext = { spec, framework, data, weightSets, log: new ProblemLog() };
    const state: MutableState = { datasets: new Map<string, Dataset>([['raw', data.raw]]), weightSets, previous: 'raw', lastAggregate: null, restricted: !spec.years };
    for (let i = 0; i < spec.steps.length; i++) {
      snapshots.push({ ...state, datasets: new Map(state.datasets), weightSets: new Map(state.weightSets) });
      advance(state, spec.steps, i, context, false);
    }
    snapshots.push({ ...state });
  }
  const finalOf = (s: StepState) => {
    const final = s.datasets.get(s.lastAggregate ?? s.previous)!;
    return s.restricted ? final : restrictToYears(final, spec.years!);
  };
  const nominalRun: IncrementalBuild = { spec, framework, datasets: nominal.datasets, weightSets: nominal.weightSets, final: finalOf(snapshots[spec.steps.length]), firstStepRun: spec.steps.length };

  const run = (variant: IndexSpec): IncrementalBuild => {
    if (variant === spec) return nominalRun;
    for (const key of new Set([...topLevelKeys(spec), ...topLevelKeys(variant)])) {
      const k = key as keyof IndexSpec;
      if (!sameValue(spec[k], variant[k])) return { ...compileBuild(variant, data, options).run(variant), firstStepRun: 0 };
    }
    const steps = variant.steps;
    const keys = steps.map((step, i) => (step === spec.steps[i] ? stepJson[i] : JSON.stringify(step)));
    let start = Math.min(steps.length, spec.steps.length);
    for (let i = 0; i < start; i++) {
      if (keys[i] !== stepJson[i]) {
        start = i;
        break;
      }
    }
    const stepsChanged = start < steps.length || steps.length !== spec.steps.length;
    // A new weight-sets object counts as a change (re-running the weighted steps gives the same
    // numbers when its values happen to be equal), sparing a serialisation per run.
    const weightsChanged = variant.weightSets !== spec.weightSets;
    if (weightsChanged) start = Math.min(start, firstWeighted(steps));
    if (start === steps.length && steps.length === spec.steps.length) return { ...nominalRun, spec: variant };
    if (weightsChanged && !stepsChanged) {
      for (const [name, set] of Object.entries(variant.weightSets)) {
        for (const code of Object.keys(set)) {
          if (!framework.byCode.has(code)) throw new SoftPowerError([problem('WEIGHT_SET_UNKNOWN', `weight set "${name}" names "${code}", which is not a framework node`, { pointer: formatPointer(['weightSets', name, code]), value: code })]);
        }
      }
    }
    if (stepsChanged) {
      const key = keys.join('\u0000');
      let problems = checked.get(key);
      if (!problems) {
        problems = checkSpecAgainstData(variant, data).problems;
        if (checked.size >= cacheSize) checked.delete(checked.keys().next().value!);
        checked.set(key, problems);
      }
      if (problems.length > 0) throw new SoftPowerError(problems);
    }
    const from = snapshots[Math.min(start, snapshots.length - 1)];
    const weightSets = weightsChanged ? initialWeightSets(variant.weightSets) : new Map(from.weightSets);
    const state: MutableState = { datasets: new Map(from.datasets), weightSets, previous: from.previous, lastAggregate: from.lastAggregate, restricted: from.restricted };
    const context: PipelineContext = { spec: variant, framework, data, weightSets, log: new ProblemLog() };
    const memoUntil = Math.min(firstWeighted(steps), nominalFirstWeighted);
    let prefix = start < memoUntil ? keys.slice(0, start).map((j) => '\u0000' + j).join('') : '';
    for (let i = start; i < steps.length; i++) {
      if (i < memoUntil) {
        prefix += '\u0000' + keys[i];
        const hit = cache.get(prefix);
        if (hit) {
          cache.delete(prefix);
          cache.set(prefix, hit);
          state.datasets = new Map(hit.datasets);
          state.previous = hit.previous;
          state.lastAggregate = hit.lastAggregate;
          state.restricted = hit.restricted;
          continue;
        }
        advance(state, steps, i, context, true);
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(prefix, { ...state, datasets: new Map(state.datasets) });
      } else advance(state, steps, i, context, true);
    }
    return { spec: variant, framework, datasets: state.datasets, weightSets: state.weightSets, final: finalOf(state), firstStepRun: start };
  };
  return { nominal, run };
}

/** Scores and ranks of an incremental build, as `BuildResult.results`. */
export function incrementalResults(build: IncrementalBuild): IndexResults {
  return collectResults(build.framework, build.final);
}

/**
 * `runAggregate` for row-wise methods, writing each aggregate into a buffer kept in `buffers`
 * from one call to the next; whole-group methods fall back to `runAggregate`. The same row
 * aggregators see the same values and weights in the same order, so the numbers are equal.
 */
function aggregateReusing(dataset: Dataset, step: AggregateStep, context: PipelineContext, pointer: string, stepIndex: number, buffers: Map<string, Float64Array>): Dataset {
  const { framework } = context;
  const params: Aggregation[] = framework.aggregates.map((a) => aggregationForLevel(step, framework.nodes[a].level));
  if (params.some((p) => aggregators[p.method]?.kind !== 'row')) return runAggregate(dataset, step, context, pointer).dataset;
  const weights = context.weightSets.get(step.params.weights)!;
  const rowCount = dataset.rows.units.length;
  const columnOf = new Map<number, Float64Array>();
  for (const node of framework.indicators) {
    const i = dataset.codes.indexOf(framework.nodes[node].code);
    if (i >= 0) columnOf.set(node, dataset.columns[i]);
  }
  const errors: Problem[] = [];
  const outputs = new Map<string, Float64Array>();
  let maxChildren = 0;
  for (const a of framework.aggregates) maxChildren = Math.max(maxChildren, framework.nodes[a].children.length);
  const values = new Float64Array(maxChildren);
  const w = new Float64Array(maxChildren);
  const kidColumns: Float64Array[] = [];
  const kidWeights = new Float64Array(maxChildren);
  const missingIsMissing = step.params.missingChildren === 'missing';
  framework.aggregates.forEach((a, position) => {
    const node = framework.nodes[a];
    const p = params[position];
    const aggregate: RowAggregator = aggregators[p.method]!.row!;
    kidColumns.length = 0;
    for (const c of node.children) {
      const column = columnOf.get(c);
      if (column) {
        kidWeights[kidColumns.length] = weights[c];
        kidColumns.push(column);
      }
    }
    const key = `${stepIndex}:${a}`;
    let out = buffers.get(key);
    if (!out || out.length !== rowCount) buffers.set(key, (out = new Float64Array(rowCount)));
    aggregateRowsInto(out, { columns: kidColumns, weights: kidWeights, total: node.children.length, aggregate, params: p, missingIsMissing }, { values, weights: w }, dataset, node.code, pointer, errors);
    columnOf.set(a, out);
    outputs.set(node.code, out);
  });
  if (errors.length > 0) throw new SoftPowerError(errors);
  return withColumns(dataset, outputs);
}
