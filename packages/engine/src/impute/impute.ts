import { gather, groupOfRows, withColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import { ancestorAtLevel } from '../framework/framework.js';
import { indicatorColumns, type PipelineContext } from '../pipeline/context.js';
import type { ImputedCell, ImputeReport } from '../pipeline/reports.js';
import type { ImputeStep } from '../spec/schema.js';
import { imputeColumnAt, imputeColumnByGroup } from './column.js';
import { imputeSeries, type PanelMethod } from './panel.js';
import { imputeRows } from './row.js';

/**
 * Fills missing indicator values. Column and row methods work within each year; panel methods
 * work along each unit's series across years. Every imputed cell is listed in the report.
 */
export function runImpute(dataset: Dataset, step: ImputeStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: ImputeReport } {
  const { method } = step.params;
  const targets = indicatorColumns(context, dataset);
  const outs = new Map<string, Float64Array>();
  for (const t of targets) outs.set(t.code, Float64Array.from(dataset.columns[t.column]));
  const imputed: ImputedCell[] = [];
  const rows = dataset.rows;
  const record = (code: string, row: number, fromYear?: number) => {
    const cell: ImputedCell = { unit: rows.units[row], year: rows.years[row], indicator: code, value: outs.get(code)![row], method };
    if (fromYear !== undefined && !Number.isNaN(fromYear)) cell.fromYear = fromYear;
    imputed.push(cell);
  };

  if (method === 'mean' || method === 'median' || method === 'group-mean' || method === 'group-median') {
    const how = method.endsWith('median') ? 'median' : 'mean';
    const labels = method.startsWith('group') ? groupOfRows(rows, context.data.attributes, step.params.group!) : null;
    for (const yearRows of rows.byYear.values()) {
      for (const t of targets) {
        const out = outs.get(t.code)!;
        const filled = labels
          ? imputeColumnByGroup(dataset.columns[t.column], yearRows, labels, how, out)
          : imputeColumnAt(dataset.columns[t.column], yearRows, how, out);
        for (const r of filled) record(t.code, r);
      }
    }
  } else if (method === 'row-mean' || method === 'row-median') {
    const how = method === 'row-mean' ? 'mean' : 'median';
    const normaliseFirst = step.params.normaliseFirst ?? true;
    const groups = new Map<number, typeof targets>();
    for (const t of targets) {
      const key = step.params.groupLevel ? ancestorAtLevel(context.framework, t.node, step.params.groupLevel) : -1;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(t);
    }
    for (const members of groups.values()) {
      const columns = members.map((t) => dataset.columns[t.column]);
      const directions = members.map((t) => context.framework.nodes[t.node].direction);
      const memberOuts = members.map((t) => outs.get(t.code)!);
      for (const yearRows of rows.byYear.values()) {
        for (const [j, r] of imputeRows(columns, directions, yearRows, how, normaliseFirst, memberOuts)) record(members[j].code, r);
      }
    }
  } else if (method.startsWith('panel-')) {
    const panelMethod = method.slice('panel-'.length) as PanelMethod;
    const byUnit = new Map<string, number[]>();
    for (let r = 0; r < rows.units.length; r++) {
      let list = byUnit.get(rows.units[r]);
      if (!list) byUnit.set(rows.units[r], (list = []));
      list.push(r);
    }
    for (const unitRows of byUnit.values()) {
      unitRows.sort((a, b) => rows.years[a] - rows.years[b]);
      const rowIndex = Int32Array.from(unitRows);
      const years = gather(rows.years, rowIndex);
      const series = new Float64Array(rowIndex.length);
      for (const t of targets) {
        const out = outs.get(t.code)!;
        gather(out, rowIndex, series);
        const filled = imputeSeries(years, series, panelMethod, step.params.maxYears ?? null);
        for (const [k, fromYear] of filled) {
          out[unitRows[k]] = series[k];
          record(t.code, unitRows[k], fromYear);
        }
      }
    }
  }

  let remaining = 0;
  for (const out of outs.values()) for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) remaining++;
  if (remaining > 0 && method !== 'none') {
    context.log.add(
      problem('IMPUTE_LEFT_MISSING', `impute (${method}): ${remaining} missing values remain after imputation`, {
        severity: 'warning',
        pointer,
        value: remaining,
        hint: 'Expected when a whole group, row or series is missing; aggregation will skip those cells, or screen such units out.',
      }),
    );
  }
  return {
    dataset: withColumns(dataset, outs),
    report: { kind: 'impute', id: step.id, input: '', output: '', enabled: true, method, imputed, remainingMissing: remaining },
  };
}
