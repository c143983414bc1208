import { withColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import { indicatorColumns, type PipelineContext } from '../pipeline/context.js';
import type { TransformReport } from '../pipeline/reports.js';
import type { TransformStep } from '../spec/schema.js';

/**
 * Applies each indicator's scale transformation before the rest of the pipeline: `log`
 * (ln x, for dollar amounts and other strictly positive quantities) or `log1p` (ln(1 + x),
 * for counts that can be zero). The transformation comes from the step's per-indicator
 * parameters, else from the framework node's `transformation`. Values outside the domain
 * (x ≤ 0 under log, x ≤ -1 under log1p) become missing and are reported.
 */
export function runTransform(dataset: Dataset, step: TransformStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: TransformReport } {
  const outs = new Map<string, Float64Array>();
  const applied: TransformReport['applied'] = [];
  for (const t of indicatorColumns(context, dataset)) {
    const how = step.params.indicators[t.code] ?? context.framework.nodes[t.node].spec.transformation ?? 'none';
    if (how === 'none') continue;
    const source = dataset.columns[t.column];
    const out = new Float64Array(source.length);
    const outside: string[] = [];
    for (let i = 0; i < source.length; i++) {
      const x = source[i];
      const y = how === 'log' ? (x > 0 ? Math.log(x) : NaN) : x > -1 ? Math.log1p(x) : NaN;
      if (Number.isNaN(y) && !Number.isNaN(x)) outside.push(`${dataset.rows.units[i]}${Number.isNaN(dataset.rows.years[i]) ? '' : ` ${dataset.rows.years[i]}`} (${x})`);
      out[i] = y;
    }
    if (outside.length > 0) {
      context.log.add(
        problem('TREAT_TRANSFORM_FAILED', `transform: ${how} of "${t.code}" is undefined for ${outside.length} value(s), now missing: ${outside.slice(0, 10).join(', ')}${outside.length > 10 ? ', …' : ''}`, {
          severity: 'warning',
          pointer,
          indicator: t.code,
          hint: how === 'log' ? 'Use log1p for counts that can be zero.' : 'Check the data for negative values.',
        }),
      );
    }
    outs.set(t.code, out);
    applied.push({ indicator: t.code, transformation: how, undefinedCells: outside.length });
  }
  return { dataset: withColumns(dataset, outs), report: { kind: 'transform', id: step.id, input: '', output: '', enabled: true, applied } };
}
