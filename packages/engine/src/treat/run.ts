import { gather, withColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import { indicatorColumns, type PipelineContext } from '../pipeline/context.js';
import type { TreatedCell, TreatedIndicator, TreatReport } from '../pipeline/reports.js';
import type { TreatStep } from '../spec/schema.js';
import { defaultTreatment, resolveTreatment, treatColumn } from './treat.js';

/**
 * Outlier treatment of every indicator, year by year, with COINr's defaults overlaid by the
 * step's global parameters and then by per-indicator overrides ("none" = leave untreated).
 */
export function runTreat(dataset: Dataset, step: TreatStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: TreatReport } {
  const { indicators: overrides, ...global } = step.params;
  const base = resolveTreatment(defaultTreatment, global);
  const outs = new Map<string, Float64Array>();
  const indicators: TreatedIndicator[] = [];
  const cells: TreatedCell[] = [];
  const rows = dataset.rows;
  const undefinedChecks: string[] = [];
  for (const t of indicatorColumns(context, dataset)) {
    const override = overrides[t.code];
    if (override === 'none') continue;
    const treatment = resolveTreatment(base, override);
    if (treatment.winsorise === false && treatment.transform === 'none') continue;
    const source = dataset.columns[t.column];
    const out = Float64Array.from(source);
    for (const [year, yearRows] of rows.byYear) {
      const values = gather(source, yearRows);
      const result = treatColumn(values, treatment);
      indicators.push({ indicator: t.code, year, details: result.details });
      if (result.details.before.pass === null) undefinedChecks.push(t.code);
      if (result.details.afterTransform && !result.details.afterTransform.pass) {
        context.log.add(
          problem('TREAT_STILL_FAILING', `treat: "${t.code}"${Number.isNaN(year) ? '' : ` (${year})`} still has skew ${result.details.afterTransform.skew.toFixed(3)} and kurtosis ${result.details.afterTransform.kurtosis.toFixed(3)} after ${result.details.transformed}`, {
            severity: 'warning',
            pointer,
            indicator: t.code,
            hint: 'Inspect the indicator; consider a per-indicator treatment (e.g. box-cox) or none.',
          }),
        );
      }
      for (let k = 0; k < yearRows.length; k++) {
        const r = yearRows[k];
        out[r] = result.values[k];
        const flag = result.flags[k];
        const changed = !Object.is(result.values[k], source[r]) && !(Number.isNaN(result.values[k]) && Number.isNaN(source[r]));
        if (flag || changed) cells.push({ unit: rows.units[r], year, indicator: t.code, before: source[r], after: result.values[k], flag });
      }
    }
    outs.set(t.code, out);
  }
  if (undefinedChecks.length > 0) {
    context.log.add(
      problem('TREAT_TRANSFORM_FAILED', `treat: skewness or kurtosis is undefined (fewer than 4 values, or constant) for ${[...new Set(undefinedChecks)].join(', ')}; left untreated`, {
        severity: 'warning',
        pointer,
      }),
    );
  }
  return { dataset: withColumns(dataset, outs), report: { kind: 'treat', id: step.id, input: '', output: '', enabled: true, indicators, cells } };
}
