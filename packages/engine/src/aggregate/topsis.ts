import type { GroupAggregator } from './types.js';

/**
 * TOPSIS, the technique for order of preference by similarity to ideal solution (Hwang &
 * Yoon 1981, Multiple Attribute Decision Making: Methods and Applications, Springer). Each child column is
 * vector-normalised (r = x / √Σx²) and multiplied by its weight (weights re-scaled to sum
 * to 1), giving v; the ideal is the largest v of every child and the anti-ideal the smallest
 * (the children arrive oriented so that higher is better); each unit's closeness is
 * D⁻ / (D⁺ + D⁻), with D⁺ and D⁻ its Euclidean distances to the ideal and the anti-ideal.
 * It lies in [0, 1] and is 1 for a unit that is best on every child.
 *
 * Missing values: the column norms, the ideal and the anti-ideal come from the complete
 * cases (units with a value for every child), and a unit that lacks any child gets NaN,
 * because its distances would be measured in fewer dimensions than the others'. Impute first
 * to score every unit. Degenerate cases: a child that is zero for every unit has no norm and
 * counts as 0; a constant child adds nothing to either distance; when no child with a
 * positive weight varies (a single unit, or identical units), D⁺ + D⁻ = 0 and every closeness
 * is NaN (undefined, not a tie at some arbitrary value); weights summing to zero give NaN. A
 * negative weight (PCA weights can have one) makes its child a cost: its ideal is the lowest
 * value.
 *
 * @example topsis([Float64Array.of(3, 4, 0), Float64Array.of(4, 0, 3)], Float64Array.of(1, 1), { method: 'topsis' }, out)
 * // out: [0.8333…, 0.5, 0.4211…] (5/6, 1/2, 0.3 / (0.3 + √0.17))
 */
export const topsis: GroupAggregator = (children, weights, _params, out) => {
  const units = out.length;
  const m = children.length;
  const complete = completeUnits(children, units);
  let sumW = 0;
  for (let c = 0; c < m; c++) sumW += weights[c];
  if (m === 0 || !(sumW !== 0) || !complete.some(Boolean)) {
    out.fill(NaN);
    return;
  }
  const factor = new Float64Array(m);
  const ideal = new Float64Array(m).fill(-Infinity);
  const antiIdeal = new Float64Array(m).fill(Infinity);
  for (let c = 0; c < m; c++) {
    let squares = 0;
    for (let u = 0; u < units; u++) if (complete[u]) squares += children[c][u] ** 2;
    factor[c] = squares > 0 ? weights[c] / sumW / Math.sqrt(squares) : 0;
    for (let u = 0; u < units; u++) {
      if (!complete[u]) continue;
      const v = factor[c] * children[c][u];
      if (v > ideal[c]) ideal[c] = v;
      if (v < antiIdeal[c]) antiIdeal[c] = v;
    }
  }
  for (let u = 0; u < units; u++) {
    if (!complete[u]) {
      out[u] = NaN;
      continue;
    }
    let toIdeal = 0;
    let toAntiIdeal = 0;
    for (let c = 0; c < m; c++) {
      const v = factor[c] * children[c][u];
      toIdeal += (v - ideal[c]) ** 2;
      toAntiIdeal += (v - antiIdeal[c]) ** 2;
    }
    const plus = Math.sqrt(toIdeal);
    const minus = Math.sqrt(toAntiIdeal);
    out[u] = plus + minus > 0 ? minus / (plus + minus) : NaN;
  }
};

/**
 * `complete[u]` is true when unit u has a value for every child (0 is a value).
 *
 * @example completeUnits([Float64Array.of(0, NaN), Float64Array.of(1, 2)], 2) // [true, false]
 */
export function completeUnits(children: readonly Float64Array[], units: number): boolean[] {
  return Array.from({ length: units }, (_, u) => children.every((child) => !Number.isNaN(child[u])));
}
