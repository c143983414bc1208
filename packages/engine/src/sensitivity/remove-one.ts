import type { IndexData } from '../data/dataset.js';
import { problem, SoftPowerError } from '../errors.js';
import { compileBuild, type CompiledBuild } from '../pipeline/incremental.js';
import { rankDescending } from '../results/rank.js';
import type { IndexSpec } from '../spec/schema.js';
import { compensatedMean } from './estimators.js';

/**
 * "Remove one element at a time", as COINr's `remove_elements`: each node of one framework
 * level in turn gets weight 0 in the weight set the last aggregate step uses (COINr's
 * definition of removing; an aggregation method that ignores weights is unaffected), the
 * index is rebuilt, and the target node's scores and ranks are compared with the nominal
 * ones.
 */

export interface RemoveOneOptions {
  /** Framework level of the elements removed: 1 = each indicator, 2 = each pillar, … */
  readonly level: number;
  /** Node whose ranks are compared (default: the root, the index). */
  readonly code?: string;
  /** Weight set to zero the weights in (default: the one of the last aggregate step). */
  readonly weightSet?: string;
}

export interface RemovedElement {
  /** Code of the node removed. */
  readonly removed: string;
  /** Scores and ranks of the target per unit (same order as `units`). */
  readonly scores: Float64Array;
  readonly ranks: Float64Array;
  /** Nominal rank minus rank with the element removed (COINr's RankDiffs): positive = moved down. */
  readonly rankChanges: Float64Array;
  /** Mean over units of |rank change| (COINr's MeanAbsDiff). */
  readonly meanAbsoluteRankChange: number;
}

export interface RemoveOneResult {
  readonly level: number;
  readonly code: string;
  readonly weightSet: string;
  readonly units: readonly string[];
  readonly years: readonly number[];
  readonly nominalScores: Float64Array;
  readonly nominalRanks: Float64Array;
  readonly elements: readonly RemovedElement[];
}

function targetOf(final: { codes: readonly string[]; columns: readonly Float64Array[]; rows: { byYear: ReadonlyMap<number, Int32Array> } }, code: string) {
  const column = final.columns[final.codes.indexOf(code)];
  const scores = Float64Array.from(column);
  const ranks = new Float64Array(column.length);
  for (const rows of final.rows.byYear.values()) {
    const r = rankDescending(Float64Array.from(rows, (i) => column[i]));
    rows.forEach((row, k) => (ranks[row] = r[k]));
  }
  return { scores, ranks };
}

/**
 * Rank changes when each node of a level is removed in turn.
 *
 * @example
 * const r = removeOneAtATime(spec, data, { level: 2 });
 * r.elements.map((e) => [e.removed, e.meanAbsoluteRankChange]) // [['Physical', 2.1], …]
 */
export function removeOneAtATime(spec: IndexSpec, data: IndexData, options: RemoveOneOptions, compiled: CompiledBuild = compileBuild(spec, data)): RemoveOneResult {
  const framework = compiled.nominal.framework;
  const code = options.code ?? framework.nodes[framework.root].code;
  const bad = (message: string, value: unknown) => new SoftPowerError([problem('SPEC_BAD_PARAMETER', message, { value })]);
  if (!framework.byCode.has(code) || !compiled.nominal.results.codes.includes(code)) throw bad(`remove one at a time: "${code}" is not a framework node with results`, code);
  if (!Number.isInteger(options.level) || options.level < 1 || options.level >= framework.maxLevel) throw bad(`remove one at a time: level ${options.level} is not between 1 (indicators) and ${framework.maxLevel - 1}`, options.level);
  let weightSet = options.weightSet;
  if (weightSet === undefined) {
    for (let i = spec.steps.length - 1; i >= 0 && weightSet === undefined; i--) {
      const step = spec.steps[i];
      if (step.kind === 'aggregate' && step.enabled) weightSet = step.params.weights;
    }
  }
  weightSet ??= 'framework';
  const computed = spec.steps.find((s) => s.kind === 'weight' && s.params.name === weightSet);
  if (computed) throw bad(`remove one at a time: weight set "${weightSet}" is computed by step "${computed.id}"; name a weight set defined under weightSets, or the framework weights`, weightSet);
  if (weightSet !== 'framework' && !(weightSet in spec.weightSets)) throw new SoftPowerError([problem('WEIGHT_SET_UNKNOWN', `remove one at a time: weight set "${weightSet}" is not defined`, { value: weightSet })]);
  const nominalFinal = compiled.run(spec).final;
  const nominal = targetOf(nominalFinal, code);
  const elements: RemovedElement[] = [];
  for (const node of framework.nodes) {
    if (node.level !== options.level || node.parent < 0) continue;
    const variant: IndexSpec = { ...spec, weightSets: { ...spec.weightSets, [weightSet]: { ...spec.weightSets[weightSet], [node.code]: 0 } } };
    const { scores, ranks } = targetOf(compiled.run(variant).final, code);
    const rankChanges = new Float64Array(ranks.length);
    const absolute: number[] = [];
    for (let r = 0; r < ranks.length; r++) {
      rankChanges[r] = nominal.ranks[r] - ranks[r];
      if (!Number.isNaN(rankChanges[r])) absolute.push(Math.abs(rankChanges[r]));
    }
    elements.push({ removed: node.code, scores, ranks, rankChanges, meanAbsoluteRankChange: compensatedMean(absolute) });
  }
  return {
    level: options.level,
    code,
    weightSet,
    units: nominalFinal.rows.units.slice(),
    years: Array.from(nominalFinal.rows.years),
    nominalScores: nominal.scores,
    nominalRanks: nominal.ranks,
    elements,
  };
}
