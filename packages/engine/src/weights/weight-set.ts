import type { Framework } from '../framework/framework.js';

/** A weight set: one weight per framework node (index = node index). */
export type WeightSet = Float64Array;

/** The weights written in the framework. */
export function frameworkWeights(framework: Framework): WeightSet {
  return Float64Array.from(framework.nodes, (n) => n.weight);
}

/** A copy of `base` with the listed codes overridden; unknown codes are returned. */
export function overlayWeights(framework: Framework, base: WeightSet, weights: Record<string, number>): { set: WeightSet; unknown: string[] } {
  const set = Float64Array.from(base);
  const unknown: string[] = [];
  for (const [code, w] of Object.entries(weights)) {
    const i = framework.byCode.get(code);
    if (i === undefined) unknown.push(code);
    else set[i] = w;
  }
  return { set, unknown };
}

/**
 * Effective weight of every node in the index: the product of its weight share within its
 * group and the shares of all its ancestors (COINr's `get_eff_weights`). The root has 1.
 */
export function effectiveWeights(framework: Framework, weights: WeightSet): Float64Array {
  const out = new Float64Array(framework.nodes.length);
  const visit = (i: number, share: number) => {
    out[i] = share;
    const kids = framework.nodes[i].children;
    let total = 0;
    for (const k of kids) total += weights[k];
    for (const k of kids) visit(k, total > 0 ? (share * weights[k]) / total : 0);
  };
  visit(framework.root, 1);
  return out;
}
