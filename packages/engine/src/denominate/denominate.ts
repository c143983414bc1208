import { variableOfRows, withColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { DenominateReport } from '../pipeline/reports.js';
import type { DenominateStep } from '../spec/schema.js';

/**
 * Divides indicators by unit-level variables (or by other columns of the data, such as a
 * population series that varies by year): x / (d / scale), as COINr's `Denominate`
 * (whose ScaleFactor divides the denominator). Which indicators and by what comes from
 * `params.by`, or else from each framework node's `denominator`. A zero or missing
 * denominator gives a missing value and a warning (R would give Inf or NA silently).
 */
export function runDenominate(dataset: Dataset, step: DenominateStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: DenominateReport } {
  const plan: { indicator: string; denominator: string; scale: number }[] = [];
  if (step.params.by) {
    for (const [indicator, rule] of Object.entries(step.params.by)) plan.push({ indicator, denominator: rule.denominator, scale: rule.scale });
  } else {
    for (const node of context.framework.indicators) {
      const spec = context.framework.nodes[node].spec;
      if (spec.denominator) plan.push({ indicator: spec.code, denominator: spec.denominator, scale: 1 });
    }
  }
  const replacements = new Map<string, Float64Array>();
  for (const { indicator, denominator, scale } of plan) {
    const column = dataset.codes.indexOf(indicator);
    const x = dataset.columns[column];
    const d = context.data.attributes.variables.has(denominator)
      ? variableOfRows(dataset.rows, context.data.attributes, denominator)
      : dataset.columns[dataset.codes.indexOf(denominator)];
    const out = new Float64Array(x.length);
    const zeros: string[] = [];
    for (let i = 0; i < x.length; i++) {
      const divisor = d[i] / scale;
      if (divisor === 0 || Number.isNaN(divisor)) {
        out[i] = NaN;
        if (divisor === 0 && !Number.isNaN(x[i])) zeros.push(dataset.rows.units[i]);
      } else out[i] = x[i] / divisor;
    }
    if (zeros.length > 0) {
      context.log.add(
        problem('DENOMINATOR_ZERO', `denominate: "${denominator}" is 0 for ${zeros.join(', ')}, so "${indicator}" is missing there`, {
          severity: 'warning',
          pointer,
          indicator,
          hint: 'Check the denominator data, or do not denominate this indicator.',
        }),
      );
    }
    replacements.set(indicator, out);
  }
  return {
    dataset: withColumns(dataset, replacements),
    report: { kind: 'denominate', id: step.id, input: '', output: '', enabled: true, denominated: plan },
  };
}
