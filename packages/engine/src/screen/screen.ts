import { filterRows, selectColumns, type Dataset } from '../data/dataset.js';
import { problem } from '../errors.js';
import { ancestorAtLevel } from '../framework/framework.js';
import { indicatorColumns, type PipelineContext } from '../pipeline/context.js';
import type { ScreenReport, UnitAvailability } from '../pipeline/reports.js';
import type { ScreenStep } from '../spec/schema.js';

/**
 * Screens units (rows) by data availability and by zeros, as COINr's `Screen`:
 * availability = 1 - missing / indicators; non-zero share = 1 - zeros / present values;
 * a unit stays when availability ≥ dataThreshold ("missing"), non-zero share ≥
 * nonZeroThreshold ("zeros"), or both ("missing-or-zeros"); `force` overrides either way.
 * Beyond COINr: indicators can be dropped first when their availability across units is
 * below `indicatorThreshold`, and units can be required to have `minPerGroup.count`
 * indicators in every group of a level (the JRC rule "at least one per pillar").
 */
export function runScreen(dataset: Dataset, step: ScreenStep, context: PipelineContext, pointer: string): { dataset: Dataset; report: ScreenReport } {
  const p = step.params;
  const rows = dataset.rows;
  let targets = indicatorColumns(context, dataset);
  const removedIndicators: ScreenReport['removedIndicators'] = [];
  let working = dataset;
  if (p.indicatorThreshold !== undefined) {
    const keep = targets.filter((t) => {
      const col = dataset.columns[t.column];
      let present = 0;
      for (let i = 0; i < col.length; i++) if (!Number.isNaN(col[i])) present++;
      const availability = col.length === 0 ? 0 : present / col.length;
      if (availability < p.indicatorThreshold!) removedIndicators.push({ indicator: t.code, availability });
      return availability >= p.indicatorThreshold!;
    });
    if (removedIndicators.length > 0) {
      const keepCodes = new Set(keep.map((t) => t.code));
      const removed = new Set(removedIndicators.map((r) => r.indicator));
      working = selectColumns(dataset, dataset.codes.filter((c) => keepCodes.has(c) || !removed.has(c)));
      targets = indicatorColumns(context, working);
      context.log.add(
        problem('SCREEN_REMOVED_INDICATORS', `screen: ${removedIndicators.length} indicators have data for fewer than ${p.indicatorThreshold * 100}% of units and were dropped: ${removedIndicators.map((r) => `${r.indicator} (${(r.availability * 100).toFixed(1)}%)`).join(', ')}`, {
          severity: 'warning',
          pointer,
          hint: 'Lower indicatorThreshold, or find better-covered data for these indicators.',
        }),
      );
    }
  }
  const forced = new Map(p.force.map((f) => [f.unit, f.include]));
  const groupOf = p.minPerGroup ? targets.map((t) => ancestorAtLevel(context.framework, t.node, p.minPerGroup!.level)) : [];
  const units: UnitAvailability[] = [];
  const keep = new Array<boolean>(rows.units.length);
  const n = targets.length;
  for (let r = 0; r < rows.units.length; r++) {
    let missing = 0;
    let zeros = 0;
    const perGroup = new Map<number, number>();
    targets.forEach((t, k) => {
      const v = working.columns[t.column][r];
      if (Number.isNaN(v)) missing++;
      else {
        if (v === 0) zeros++;
        if (p.minPerGroup) perGroup.set(groupOf[k], (perGroup.get(groupOf[k]) ?? 0) + 1);
      }
    });
    const dataAvailability = n === 0 ? 0 : 1 - missing / n;
    const nonZero = 1 - zeros / (n - missing);
    const lowData = dataAvailability < p.dataThreshold;
    const lowNonZero = nonZero < p.nonZeroThreshold;
    const thinGroups: string[] = [];
    if (p.minPerGroup) {
      for (const g of new Set(groupOf)) if (g >= 0 && (perGroup.get(g) ?? 0) < p.minPerGroup.count) thinGroups.push(context.framework.nodes[g].code);
    }
    let included =
      p.units === 'none' ? true : p.units === 'missing' ? !lowData : p.units === 'zeros' ? !lowNonZero : !(lowData || lowNonZero);
    if (thinGroups.length > 0) included = false;
    const force = forced.get(rows.units[r]);
    if (force !== undefined) included = force;
    keep[r] = included;
    units.push({ unit: rows.units[r], year: rows.years[r], missing, zeros, dataAvailability, nonZero, lowData, lowNonZero, included, forced: force !== undefined, thinGroups });
  }
  const { dataset: screened } = filterRows(working, keep);
  const removedUnits = units.filter((u) => !u.included).map((u) => ({ unit: u.unit, year: u.year }));
  if (removedUnits.length > 0) {
    const names = [...new Set(removedUnits.map((u) => u.unit))];
    context.log.add(
      problem('SCREEN_REMOVED_UNITS', `screen: ${names.length} units were removed for lack of data: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}`, {
        severity: 'warning',
        pointer,
        hint: 'The screening report lists each unit with its data availability; force a unit in with params.force if it must stay.',
      }),
    );
  }
  return { dataset: screened, report: { kind: 'screen', id: step.id, input: '', output: '', enabled: true, units, removedUnits, removedIndicators } };
}
