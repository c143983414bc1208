import { withColumns, type Dataset } from '../data/dataset.js';
import { problem, SoftPowerError, type Problem } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { AggregateReport } from '../pipeline/reports.js';
import type { AggregateStep, Aggregation } from '../spec/schema.js';
import { aggregators } from './index.js';
import { AggregationDomainError, type RowAggregator } from './types.js';

/** The aggregation parameters for aggregates of `level`: the per-level override, else the global ones. */
export function aggregationForLevel(step: AggregateStep, level: number): Aggregation {
  const { levels, weights: _w, missingChildren: _m, ...global } = step.params;
  return levels[String(level)] ?? global;
}

/**
 * Aggregates the framework bottom-up: every aggregate's score is computed from its children
 * (indicators from the input data set, lower aggregates just computed) with the weights of
 * the chosen weight set. Row methods skip missing children and re-scale the weights of the
 * present ones (COINr); `dataThreshold` sets a minimum share of children with data.
 * Values outside a method's domain (zeros under a geometric mean) are reported together.
 */
export function runAggregate(dataset: Dataset, step: AggregateStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: AggregateReport } {
  const { framework } = context;
  const weightName = step.params.weights;
  const weights = context.weightSets.get(weightName)!;
  const rowCount = dataset.rows.units.length;
  const columnOf = new Map<number, Float64Array>();
  for (const node of framework.indicators) {
    const i = dataset.codes.indexOf(framework.nodes[node].code);
    if (i >= 0) columnOf.set(node, dataset.columns[i]);
  }
  const errors: Problem[] = [];
  const methods: AggregateReport['methods'] = [];
  const outputs = new Map<string, Float64Array>();
  const maxChildren = Math.max(...framework.aggregates.map((a) => framework.nodes[a].children.length));
  const values = new Float64Array(maxChildren);
  const w = new Float64Array(maxChildren);
  for (const a of framework.aggregates) {
    const node = framework.nodes[a];
    const params = aggregationForLevel(step, node.level);
    const method = aggregators[params.method]!;
    methods.push({ aggregate: node.code, level: node.level, method: params.method });
    const kids = node.children.filter((c) => columnOf.has(c));
    const kidColumns = kids.map((c) => columnOf.get(c)!);
    const kidWeights = Float64Array.from(kids, (c) => weights[c]);
    const out = new Float64Array(rowCount);
    const threshold = params.dataThreshold ?? -1;
    const total = node.children.length;
    if (method.kind === 'row') {
      aggregateRowsInto(out, { columns: kidColumns, weights: kidWeights, total, aggregate: method.row!, params, missingIsMissing: step.params.missingChildren === 'missing' }, { values, weights: w }, dataset, node.code, pointer, errors);
    } else {
      for (const yearRows of dataset.rows.byYear.values()) {
        const children = kidColumns.map((col) => Float64Array.from(yearRows, (r) => col[r]));
        const result = new Float64Array(yearRows.length);
        try {
          method.group!(children, kidWeights, params, result);
        } catch (e) {
          if (!(e instanceof SoftPowerError)) throw e;
          for (const p of e.problems) errors.push({ ...p, message: `aggregate: ${params.method} of "${node.code}": ${p.message}`, pointer: p.pointer ?? `${pointer}/params/method`, indicator: node.code });
          result.fill(NaN);
        }
        for (let k = 0; k < yearRows.length; k++) {
          const r = yearRows[k];
          let present = 0;
          for (const col of kidColumns) if (!Number.isNaN(col[r])) present++;
          out[r] = present / total < threshold || present === 0 ? NaN : result[k];
        }
      }
    }
    columnOf.set(a, out);
    outputs.set(node.code, out);
  }
  if (errors.length > 0) throw new SoftPowerError(errors);
  return {
    dataset: withColumns(dataset, outputs),
    report: { kind: 'aggregate', id: step.id, input: '', output: '', enabled: true, weightSet: weightName, methods },
  };
}

/** One aggregate computed row by row from the columns of its children that have data. */
export interface RowAggregation {
  /** The columns of the children present in the data set. */
  readonly columns: readonly Float64Array[];
  /** Their weights, in the same order (may be longer than `columns`). */
  readonly weights: Float64Array;
  /** How many children the aggregate has in the framework, present or not. */
  readonly total: number;
  readonly aggregate: RowAggregator;
  readonly params: Aggregation;
  /** `missingChildren: missing`: a unit lacking any child gets no score. */
  readonly missingIsMissing: boolean;
}

/**
 * Writes one aggregate's score for every row into `out`: the row aggregator over the children
 * with a value (weights re-scaled by the aggregator, as COINr), NaN below `dataThreshold`, with
 * no child present, or with a value outside the method's domain, which is added to `errors`.
 * `scratch` holds at least `columns.length` values and weights.
 */
export function aggregateRowsInto(
  out: Float64Array,
  job: RowAggregation,
  scratch: { values: Float64Array; weights: Float64Array },
  dataset: Dataset,
  code: string,
  pointer: string,
  errors: Problem[],
): void {
  const { columns, weights, total, aggregate, params, missingIsMissing } = job;
  const { values, weights: w } = scratch;
  const threshold = params.dataThreshold ?? -1;
  const kids = columns.length;
  for (let r = 0; r < out.length; r++) {
    let n = 0;
    for (let k = 0; k < kids; k++) {
      const v = columns[k][r];
      if (!Number.isNaN(v)) {
        values[n] = v;
        w[n] = weights[k];
        n++;
      }
    }
    if (n / total < threshold || (missingIsMissing && n < total) || n === 0) {
      out[r] = NaN;
      continue;
    }
    try {
      out[r] = aggregate(values, w, n, params);
    } catch (e) {
      if (!(e instanceof AggregationDomainError)) throw e;
      out[r] = NaN;
      errors.push(
        problem('AGGREGATE_NON_POSITIVE', `aggregate: ${params.method} of "${code}" for unit "${dataset.rows.units[r]}"${Number.isNaN(dataset.rows.years[r]) ? '' : ` (${dataset.rows.years[r]})`} meets the value ${e.value}`, {
          pointer: `${pointer}/params/method`,
          unit: dataset.rows.units[r],
          indicator: code,
          value: e.value,
          hint: 'Normalise onto a range that starts above zero (min-max with range [1, 100]) or use the arithmetic mean.',
        }),
      );
    }
  }
}
