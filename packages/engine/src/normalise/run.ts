import { withColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import { indicatorColumns, type PipelineContext } from '../pipeline/context.js';
import type { NormaliseReport } from '../pipeline/reports.js';
import type { NormaliseStep } from '../spec/schema.js';
import { normalisers } from './index.js';

/**
 * Normalises every indicator: values are multiplied by the indicator's direction (as COINr
 * does), then the method maps them, year by year (`scope: "year"`) or pooled over all years
 * (`scope: "panel"`, which keeps scores comparable over time).
 */
export function runNormalise(dataset: Dataset, step: NormaliseStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: NormaliseReport } {
  const { indicators: overrides, scope, fractionOfMaxDirection, ...global } = step.params;
  const rows = dataset.rows;
  const groups: Int32Array[] = scope === 'panel' ? [Int32Array.from(rows.units, (_, i) => i)] : [...rows.byYear.values()];
  const outs = new Map<string, Float64Array>();
  const methods: NormaliseReport['methods'] = [];
  const constant: string[] = [];
  for (const t of indicatorColumns(context, dataset)) {
    const node = context.framework.nodes[t.node];
    const params = overrides[t.code] ?? global;
    const normaliser = normalisers[params.method];
    methods.push({ indicator: t.code, method: params.method });
    const source = dataset.columns[t.column];
    const out = new Float64Array(source.length);
    for (const groupRows of groups) {
      const values = new Float64Array(groupRows.length);
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = 0; k < groupRows.length; k++) {
        const v = source[groupRows[k]] * node.direction;
        values[k] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo === hi) constant.push(t.code);
      const reference = params.reference;
      const referencePosition = reference === undefined ? -1 : Array.prototype.findIndex.call(groupRows, (r: number) => rows.units[r] === reference);
      const result = new Float64Array(groupRows.length);
      normaliser(values, result, { direction: node.direction, params, target: node.spec.target, referencePosition, fractionOfMaxDirection });
      for (let k = 0; k < groupRows.length; k++) out[groupRows[k]] = result[k];
    }
    outs.set(t.code, out);
  }
  if (constant.length > 0 && global.method !== 'rank' && global.method !== 'borda') {
    context.log.add(
      problem('NORMALISE_CONSTANT', `normalise: ${[...new Set(constant)].join(', ')} ${constant.length === 1 ? 'is' : 'are'} constant across units, so ${global.method} is undefined and gives missing values`, {
        severity: 'warning',
        pointer,
        hint: 'A constant indicator does not discriminate between units: remove it, or give it weight 0.',
      }),
    );
  }
  return { dataset: withColumns(dataset, outs), report: { kind: 'normalise', id: step.id, input: '', output: '', enabled: true, methods } };
}
