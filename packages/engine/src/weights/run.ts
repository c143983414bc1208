import type { Dataset } from '../data/dataset.js';
import { problem, SoftPowerError, type Problem } from '../errors.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { WeightReport } from '../pipeline/reports.js';
import { formatPointer } from '../spec/pointer.js';
import type { WeightStep } from '../spec/schema.js';
import { ahp, checkPairwiseMatrix } from './ahp.js';
import { dataWeightings } from './index.js';
import { frameworkWeights, overlayWeights, type WeightSet } from './weight-set.js';

/**
 * Computes a named weight set. `explicit` and `equal` need no data; data-driven methods
 * (entropy, CRITIC, coefficient of variation, PCA) weigh the children of every aggregate at
 * the chosen levels from the input data set, pooled over all years; `ahp` takes one pairwise
 * comparison matrix per parent and refuses a consistency ratio of 0.1 or more unless
 * `allowInconsistent` is set.
 */
export function runWeight(dataset: Dataset, step: WeightStep, context: PipelineContext, pointer: string): WeightReport {
  const { framework } = context;
  const p = step.params;
  const base = p.base ? context.weightSets.get(p.base)! : frameworkWeights(framework);
  let set: WeightSet = Float64Array.from(base);
  const errors: Problem[] = [];
  const report: WeightReport = { kind: 'weight', id: step.id, input: '', output: '', enabled: true, method: p.method, weightSet: p.name, weights: [], ahp: [] };
  const levels = new Set(p.levels ?? [2]);
  const parents = framework.aggregates.filter((a) => levels.has(framework.nodes[a].level));
  if (p.method === 'explicit') {
    const { set: overlaid, unknown } = overlayWeights(framework, base, p.weights ?? {});
    set = overlaid;
    for (const code of unknown) {
      errors.push(problem('SPEC_BAD_PARAMETER', `weight "${step.id}": no framework node "${code}"`, { pointer: `${pointer}/params/weights${formatPointer([code])}`, value: code }));
    }
  } else if (p.method === 'equal') {
    for (const a of parents) for (const c of framework.nodes[a].children) set[c] = 1;
  } else if (p.method === 'ahp') {
    for (const [parentCode, comparison] of Object.entries(p.ahp ?? {})) {
      const at = `${pointer}/params/ahp${formatPointer([parentCode])}`;
      const parent = framework.byCode.get(parentCode);
      if (parent === undefined) {
        errors.push(problem('SPEC_BAD_PARAMETER', `weight "${step.id}": AHP names parent "${parentCode}", which is not an aggregate`, { pointer: at, value: parentCode }));
        continue;
      }
      const kids = framework.nodes[parent].children.map((c) => framework.nodes[c].code);
      const missing = kids.filter((k) => !comparison.order.includes(k));
      const extra = comparison.order.filter((k) => !kids.includes(k));
      if (missing.length > 0 || extra.length > 0) {
        errors.push(
          problem('SPEC_BAD_PARAMETER', `weight "${step.id}": AHP order for "${parentCode}" must list exactly its children ${kids.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not children: ${extra.join(', ')}` : ''}`, {
            pointer: `${at}/order`,
          }),
        );
        continue;
      }
      const shape = checkPairwiseMatrix(comparison.matrix, comparison.order.length);
      if (shape.length > 0) {
        errors.push(problem('SPEC_BAD_PARAMETER', `weight "${step.id}": AHP matrix for "${parentCode}": ${shape.join('; ')}`, { pointer: `${at}/matrix` }));
        continue;
      }
      const result = ahp(comparison.matrix);
      report.ahp.push({ parent: parentCode, result });
      if (result.consistencyRatio >= 0.1) {
        const message = `weight "${step.id}": the AHP matrix for "${parentCode}" has consistency ratio ${result.consistencyRatio.toFixed(4)} (λmax ${result.lambdaMax.toFixed(4)}, CI ${result.consistencyIndex.toFixed(4)}, RI ${result.randomIndex})`;
        if (p.allowInconsistent) {
          context.log.add(problem('AHP_INCONSISTENT', `${message}; accepted because allowInconsistent is set`, { severity: 'warning', pointer: `${at}/matrix` }));
        } else {
          errors.push(problem('AHP_INCONSISTENT', `${message}, at or above Saaty's limit of 0.1`, { pointer: `${at}/matrix`, value: result.consistencyRatio, hint: 'Revise the judgements, or set allowInconsistent: true to accept them and say so in your report.' }));
          continue;
        }
      }
      comparison.order.forEach((code, k) => (set[framework.byCode.get(code)!] = result.weights[k]));
    }
  } else if (p.method !== 'framework') {
    const weighting = dataWeightings[p.method];
    if (!weighting) {
      errors.push(problem('SPEC_UNKNOWN_METHOD', `weight "${step.id}": method "${p.method}" is not available in this version`, { pointer: `${pointer}/params/method`, value: p.method }));
    } else {
      for (const a of parents) {
        const kids = framework.nodes[a].children;
        const columns = kids.map((c) => dataset.columns[dataset.codes.indexOf(framework.nodes[c].code)]);
        if (columns.some((c) => c === undefined)) {
          errors.push(problem('SPEC_STEP_ORDER', `weight "${step.id}": data set "${step.input ?? ''}" lacks the children of "${framework.nodes[a].code}"`, { pointer: `${pointer}/input`, hint: 'Weigh level 2 from the normalised data set, higher levels from an aggregated one.' }));
          continue;
        }
        try {
          const w = weighting(columns);
          kids.forEach((c, k) => (set[c] = w[k]));
        } catch (e) {
          if (!(e instanceof SoftPowerError)) throw e;
          for (const p of e.problems) errors.push({ ...p, message: `weight "${step.id}", children of "${framework.nodes[a].code}": ${p.message}`, pointer: p.pointer ?? `${pointer}/params/method` });
        }
      }
    }
  }
  if (errors.length > 0) throw new SoftPowerError(errors);
  for (const n of framework.nodes) if (n.parent >= 0) report.weights.push({ code: n.code, parent: framework.nodes[n.parent].code, weight: set[n.index] });
  context.weightSets.set(p.name, set);
  return report;
}
