import { completeUnits } from './topsis.js';
import type { GroupAggregator } from './types.js';

/**
 * Grey relational analysis (Deng 1982, "Control problems of grey systems", Systems & Control
 * Letters 1(5), 288–294). Each child is first scaled onto [0, 1] by min-max over the units,
 * so that children on different scales compare; the reference sequence is the best unit of
 * every child, which after scaling is 1. With Δ_uc = 1 - y_uc the distance of unit u from the
 * reference on child c and Δmin, Δmax the smallest and largest Δ over all units and children,
 * the grey relational coefficient is ξ_uc = (Δmin + ρΔmax) / (Δ_uc + ρΔmax) and the unit's
 * grade is the weighted mean Σ w_c ξ_uc / Σ w_c. ρ is `params.rho`, the distinguishing
 * coefficient (default 0.5, Deng's choice). Grades lie in [0, 1] (above 0 when ρ > 0), 1 for a
 * unit that is best on every child.
 *
 * Missing values: the min-max scaling and Δmin, Δmax come from the complete cases (units
 * with a value for every child), and a unit that lacks any child gets NaN; impute first to
 * grade every unit. Degenerate cases: a constant child scales to 1 for every unit (each
 * unit equals the reference, Δ = 0); where Δ = Δmin, ξ = 1, which also settles ρ = 0 and a
 * group in which nothing varies (Δmax = 0, every grade 1); weights summing to zero give NaN.
 *
 * @example greyRelational([Float64Array.of(0, 5, 10), Float64Array.of(2, 6, 4)], Float64Array.of(1, 1), { method: 'grey-relational' }, out)
 * // out: [0.3333…, 0.75, 0.75] (ξ = 0.5 / (Δ + 0.5) with Δ = (1, 1), (0.5, 0), (0, 0.5))
 */
export const greyRelational: GroupAggregator = (children, weights, params, out) => {
  const rho = params.rho ?? 0.5;
  const units = out.length;
  const m = children.length;
  const complete = completeUnits(children, units);
  let sumW = 0;
  for (let c = 0; c < m; c++) sumW += weights[c];
  if (m === 0 || !(sumW !== 0) || !complete.some(Boolean)) {
    out.fill(NaN);
    return;
  }
  const delta = children.map((child) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let u = 0; u < units; u++) {
      if (!complete[u]) continue;
      lo = Math.min(lo, child[u]);
      hi = Math.max(hi, child[u]);
    }
    return Float64Array.from(child, (x, u) => (!complete[u] ? NaN : hi === lo ? 0 : (hi - x) / (hi - lo)));
  });
  let deltaMin = Infinity;
  let deltaMax = -Infinity;
  for (const column of delta) {
    for (let u = 0; u < units; u++) {
      if (!complete[u]) continue;
      deltaMin = Math.min(deltaMin, column[u]);
      deltaMax = Math.max(deltaMax, column[u]);
    }
  }
  for (let u = 0; u < units; u++) {
    if (!complete[u]) {
      out[u] = NaN;
      continue;
    }
    let grade = 0;
    for (let c = 0; c < m; c++) {
      const d = delta[c][u];
      const xi = d === deltaMin ? 1 : (deltaMin + rho * deltaMax) / (d + rho * deltaMax);
      grade += (weights[c] / sumW) * xi;
    }
    out[u] = grade;
  }
};
