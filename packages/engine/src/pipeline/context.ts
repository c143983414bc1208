import type { Dataset, IndexData } from '../data/dataset.js';
import type { ProblemLog } from '../errors.js';
import type { Framework } from '../framework/framework.js';
import type { IndexSpec } from '../spec/schema.js';
import type { WeightSet } from '../weights/weight-set.js';

/** What every step can read: the specification, the framework, the input and the weight sets. */
export interface PipelineContext {
  readonly spec: IndexSpec;
  readonly framework: Framework;
  readonly data: IndexData;
  readonly weightSets: Map<string, WeightSet>;
  readonly log: ProblemLog;
}

/** Indicator codes of the framework that are columns of the data set, in framework order. */
export function indicatorColumns(context: PipelineContext, dataset: Dataset): { code: string; node: number; column: number }[] {
  const out: { code: string; node: number; column: number }[] = [];
  for (const node of context.framework.indicators) {
    const code = context.framework.nodes[node].code;
    const column = dataset.codes.indexOf(code);
    if (column >= 0) out.push({ code, node, column });
  }
  return out;
}
