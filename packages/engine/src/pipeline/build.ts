import { runAggregate } from '../aggregate/run.js';
import { aggregators } from '../aggregate/index.js';
import { filterRows, type Dataset, type IndexData } from '../data/dataset.js';
import { runDenominate } from '../denominate/denominate.js';
import { runTransform } from '../denominate/transform.js';
import { problem, ProblemLog, SoftPowerError, type Problem } from '../errors.js';
import { compileFramework, type Framework } from '../framework/framework.js';
import { runImpute } from '../impute/impute.js';
import { runNormalise } from '../normalise/run.js';
import { collectResults, type IndexResults } from '../results/results.js';
import { runScreen } from '../screen/screen.js';
import { formatPointer } from '../spec/pointer.js';
import { defaultOutputs, type IndexSpec, type StepSpec } from '../spec/schema.js';
import { runTreat } from '../treat/run.js';
import { runWeight } from '../weights/run.js';
import { frameworkWeights, overlayWeights, type WeightSet } from '../weights/weight-set.js';
import type { PipelineContext } from './context.js';
import type { StepReport } from './reports.js';

export interface BuildResult {
  readonly spec: IndexSpec;
  readonly framework: Framework;
  /** Every named data set, in the order produced: raw, denominated, imputed, … */
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly weightSets: ReadonlyMap<string, WeightSet>;
  readonly reports: readonly StepReport[];
  /** Scores and ranks from the output of the last aggregate step. */
  readonly results: IndexResults;
  /** Data-quality findings, de-duplicated, each with what to do. */
  readonly warnings: readonly Problem[];
}

/**
 * Checks a validated specification against its data before anything runs: the framework
 * tree, indicators missing from the data, unknown groups, denominators and reference units.
 * Every problem is returned at once.
 */
export function checkSpecAgainstData(spec: IndexSpec, data: IndexData): { framework?: Framework; problems: Problem[] } {
  if (!spec.framework) {
    return { problems: [problem('SPEC_INVALID', 'specification: no framework (give /framework, or a COINr iMeta table as the data source)', { pointer: '/framework' })] };
  }
  const { framework, problems } = compileFramework(spec.framework);
  if (!framework) return { problems };
  const columns = new Set(data.raw.codes);
  for (const i of framework.indicators) {
    const code = framework.nodes[i].code;
    if (!columns.has(code)) {
      problems.push(problem('DATA_UNKNOWN_INDICATOR', `framework indicator "${code}" has no column in the data`, { pointer: formatPointer(['framework', 'nodes', i, 'code']), value: code, hint: 'Check the indicator code against the data file header, or remove the indicator from the framework.' }));
    }
    const denominator = framework.nodes[i].spec.denominator;
    const denominates = spec.steps.some((s) => s.kind === 'denominate' && s.enabled && !s.params.by);
    if (denominator && denominates && !data.attributes.variables.has(denominator) && !columns.has(denominator)) {
      problems.push(problem('DATA_UNKNOWN_COLUMN', `indicator "${code}" is to be divided by "${denominator}", which is not a unit variable in the data`, { pointer: formatPointer(['framework', 'nodes', i, 'denominator']), value: denominator, hint: `Unit variables are: ${[...data.attributes.variables.keys()].join(', ') || 'none'}; data columns can serve too.` }));
    }
  }
  const units = new Set(data.raw.rows.units);
  spec.steps.forEach((step, s) => {
    const at = (...rest: (string | number)[]) => formatPointer(['steps', s, ...rest]);
    if (step.kind === 'impute' && step.params.group && !data.attributes.groups.has(step.params.group)) {
      problems.push(problem('DATA_UNKNOWN_COLUMN', `step "${step.id}": unit group "${step.params.group}" is not in the data (groups: ${[...data.attributes.groups.keys()].join(', ') || 'none'})`, { pointer: at('params', 'group'), value: step.params.group }));
    }
    if (step.kind === 'impute' && step.params.method.startsWith('panel-') && data.raw.rows.byYear.size < 2) {
      problems.push(problem('SPEC_BAD_PARAMETER', `step "${step.id}": ${step.params.method} needs data for several years, but the data have ${data.raw.rows.byYear.size}`, { pointer: at('params', 'method'), value: step.params.method }));
    }
    if (step.kind === 'denominate' && step.params.by) {
      for (const [code, rule] of Object.entries(step.params.by)) {
        if (!framework.byCode.has(code)) problems.push(problem('DATA_UNKNOWN_INDICATOR', `step "${step.id}": "${code}" is not a framework indicator`, { pointer: at('params', 'by', code), value: code }));
        if (!data.attributes.variables.has(rule.denominator) && !data.raw.codes.includes(rule.denominator)) problems.push(problem('DATA_UNKNOWN_COLUMN', `step "${step.id}": denominator "${rule.denominator}" is not a unit variable in the data`, { pointer: at('params', 'by', code, 'denominator'), value: rule.denominator }));
      }
    }
    if (step.kind === 'normalise') {
      const refs = [step.params.reference, ...Object.values(step.params.indicators).map((n) => n.reference)].filter((r): r is string => r !== undefined);
      for (const r of refs) if (!units.has(r)) problems.push(problem('DATA_UNKNOWN_UNIT', `step "${step.id}": reference unit "${r}" is not in the data`, { pointer: at('params', 'reference'), value: r }));
      for (const code of Object.keys(step.params.indicators)) {
        if (!framework.byCode.has(code)) problems.push(problem('DATA_UNKNOWN_INDICATOR', `step "${step.id}": override for "${code}", which is not a framework indicator`, { pointer: at('params', 'indicators', code), value: code }));
      }
    }
    if (step.kind === 'treat') {
      for (const code of Object.keys(step.params.indicators)) {
        if (!framework.byCode.has(code)) problems.push(problem('DATA_UNKNOWN_INDICATOR', `step "${step.id}": override for "${code}", which is not a framework indicator`, { pointer: at('params', 'indicators', code), value: code }));
      }
    }
    if (step.kind === 'aggregate') {
      const methods = [step.params.method, ...Object.values(step.params.levels).map((l) => l.method)];
      for (const m of methods) {
        if (!aggregators[m]) problems.push(problem('SPEC_UNKNOWN_METHOD', `step "${step.id}": aggregation method "${m}" is not available in this version`, { pointer: at('params', 'method'), value: m }));
      }
    }
  });
  for (const [name, set] of Object.entries(spec.weightSets)) {
    for (const code of Object.keys(set)) {
      if (!framework.byCode.has(code)) problems.push(problem('WEIGHT_SET_UNKNOWN', `weight set "${name}" names "${code}", which is not a framework node`, { pointer: formatPointer(['weightSets', name, code]), value: code }));
    }
  }
  if (data.raw.rows.units.length === 0) problems.push(problem('DATA_EMPTY', 'the data have no units', {}));
  return { framework: problems.length === 0 ? framework : undefined, problems };
}

/** Steps that may use every year of the data, before the rows are restricted to `spec.years`. */
const preparatoryKinds = new Set<StepSpec['kind']>(['transform', 'denominate', 'impute']);

function restrictToYears(dataset: Dataset, years: readonly number[]): Dataset {
  const keep = new Set(years);
  return filterRows(dataset, Array.from(dataset.rows.years, (y) => keep.has(y))).dataset;
}

function runStep(step: StepSpec, input: Dataset, context: PipelineContext, pointer: string): { dataset?: Dataset; report: StepReport } {
  switch (step.kind) {
    case 'transform':
      return runTransform(input, step, context, pointer);
    case 'denominate':
      return runDenominate(input, step, context, pointer);
    case 'impute':
      return runImpute(input, step, context, pointer);
    case 'screen':
      return runScreen(input, step, context, pointer);
    case 'treat':
      return runTreat(input, step, context, pointer);
    case 'normalise':
      return runNormalise(input, step, context, pointer);
    case 'weight':
      return { report: runWeight(input, step, context, pointer) };
    case 'aggregate':
      return runAggregate(input, step, context, pointer);
  }
}

/**
 * Builds a composite index: checks the specification against the data (throwing a
 * `SoftPowerError` with every problem), then runs the steps in order, keeping every named
 * data set, and ranks the result. Pure: no I/O, the same inputs give the same outputs.
 *
 * @example
 * const build = buildIndex(spec, data);
 * build.results.codes;      // ['LPI', …, 'Index']
 * build.datasets.get('normalised');
 */
export function buildIndex(spec: IndexSpec, data: IndexData): BuildResult {
  const { framework, problems } = checkSpecAgainstData(spec, data);
  if (!framework) throw new SoftPowerError(problems);
  const log = new ProblemLog();
  const weightSets = new Map<string, WeightSet>();
  const base = frameworkWeights(framework);
  weightSets.set('framework', base);
  for (const [name, set] of Object.entries(spec.weightSets)) weightSets.set(name, overlayWeights(framework, base, set).set);
  const context: PipelineContext = { spec, framework, data, weightSets, log };
  const datasets = new Map<string, Dataset>([['raw', data.raw]]);
  const reports: StepReport[] = [];
  let previous = 'raw';
  let lastAggregate: string | null = null;
  let restricted = !spec.years;
  spec.steps.forEach((step, i) => {
    const pointer = formatPointer(['steps', i]);
    const inputName = step.input ?? previous;
    let input = datasets.get(inputName)!;
    if (!restricted && !preparatoryKinds.has(step.kind)) {
      input = restrictToYears(input, spec.years!);
      restricted = true;
    }
    const output = step.kind === 'weight' ? inputName : (step.output ?? defaultOutputs[step.kind]);
    if (!step.enabled) {
      if (step.kind !== 'weight') datasets.set(output, input);
      reports.push({ kind: step.kind, id: step.id, input: inputName, output, enabled: false } as StepReport);
      previous = output;
      return;
    }
    const { dataset, report } = runStep(step, input, context, pointer);
    report.input = inputName;
    report.output = output;
    reports.push(report);
    if (dataset) {
      datasets.set(output, dataset);
      previous = output;
    }
    if (step.kind === 'aggregate') lastAggregate = output;
  });
  let final = datasets.get(lastAggregate ?? previous)!;
  if (!restricted) final = restrictToYears(final, spec.years!);
  return { spec, framework, datasets, weightSets, reports, results: collectResults(framework, final), warnings: log.items };
}
