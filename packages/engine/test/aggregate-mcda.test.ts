import { describe, expect, it } from 'vitest';
import { greyRelational } from '../src/aggregate/grey-relational.js';
import { aggregators } from '../src/aggregate/index.js';
import { mazziottaPareto } from '../src/aggregate/mazziotta-pareto.js';
import { topsis } from '../src/aggregate/topsis.js';
import type { GroupAggregator } from '../src/aggregate/types.js';
import { SoftPowerError } from '../src/errors.js';
import type { Aggregation } from '../src/spec/schema.js';
import { expectAllClose, expectClose } from './support/close.js';

const col = (...values: number[]) => Float64Array.from(values);

function run(method: GroupAggregator, children: Float64Array[], weights: number[], params: Partial<Aggregation> = {}): Float64Array {
  const out = new Float64Array(children[0].length);
  method(children, Float64Array.from(weights), { method: 'topsis', ...params } as Aggregation, out);
  return out;
}

/** Eight units, four children on a 0–100 scale; unit 8 is best on every child, unit 1 worst. */
const panel = [
  col(12, 25, 33, 47, 52, 68, 71, 90),
  col(5, 18, 40, 45, 61, 58, 80, 85),
  col(10, 30, 28, 50, 49, 66, 62, 70),
  col(5, 40, 22, 38, 70, 55, 64, 99),
];

describe('group aggregators: registry', () => {
  it('topsis, grey-relational and mazziotta-pareto are registered as group methods beside the existing ones', () => {
    expect(aggregators.topsis).toEqual({ kind: 'group', group: topsis });
    expect(aggregators['grey-relational']).toEqual({ kind: 'group', group: greyRelational });
    expect(aggregators['mazziotta-pareto']).toEqual({ kind: 'group', group: mazziottaPareto });
    expect(aggregators['arithmetic-mean']?.kind).toBe('row');
    expect(aggregators.copeland?.kind).toBe('group');
  });
});

describe('TOPSIS (Hwang & Yoon 1981)', () => {
  it('topsis([3, 4, 0], [4, 0, 3]) with equal weights gives closeness 5/6, 1/2 and 0.3 / (0.3 + √0.17)', () => {
    // Column norms √(9 + 16) = 5 and 5; r = (0.6, 0.8, 0) and (0.8, 0, 0.6); v = r / 2:
    // v1 = (0.3, 0.4, 0), v2 = (0.4, 0, 0.3); ideal (0.4, 0.4), anti-ideal (0, 0).
    // Unit 1 (0.3, 0.4): D+ = 0.1, D- = √(0.09 + 0.16) = 0.5, C = 0.5 / 0.6 = 5/6.
    // Unit 2 (0.4, 0): D+ = 0.4, D- = 0.4, C = 1/2.
    // Unit 3 (0, 0.3): D+ = √(0.16 + 0.01) = √0.17, D- = 0.3.
    const out = run(topsis, [col(3, 4, 0), col(4, 0, 3)], [1, 1]);
    expectAllClose(out, [5 / 6, 0.5, 0.3 / (0.3 + Math.sqrt(0.17))], { rel: 1e-14 });
  });

  it('topsis re-scales the weights to sum to 1 and weighs the columns: weights (3, 1)', () => {
    // w = (0.75, 0.25): v1 = 0.75 r1 = (0.45, 0.6, 0), v2 = 0.25 r2 = (0.2, 0, 0.15);
    // ideal (0.6, 0.2), anti-ideal (0, 0).
    // Unit 1: D+ = 0.15, D- = √(0.45² + 0.2²) = √0.2425.
    // Unit 2: D+ = 0.2, D- = 0.6, C = 0.75.
    // Unit 3: D+ = √(0.6² + 0.05²) = √0.3625, D- = 0.15.
    const out = run(topsis, [col(3, 4, 0), col(4, 0, 3)], [3, 1]);
    const d1 = Math.sqrt(0.2425);
    const d3 = Math.sqrt(0.3625);
    expectAllClose(out, [d1 / (0.15 + d1), 0.75, 0.15 / (d3 + 0.15)], { rel: 1e-14 });
  });

  it('topsis reproduces the published weighted normalised matrix of Sennaroğlu (Decision Analysis lecture, 2009)', () => {
    // Three alternatives, two benefit attributes (17, 10, 8) and (12, 9, 6), weights 0.714 and
    // 0.286. Published (4 decimals): V = [[0.5703, 0.2124], [0.3355, 0.1593], [0.2684, 0.1062]].
    // From the published V: alternative 1 is the ideal (C = 1), alternative 3 the anti-ideal
    // (C = 0), and alternative 2 has D+ = √(0.2348² + 0.0531²), D- = √(0.0671² + 0.0531²).
    // The tolerance covers the 4-decimal rounding of V.
    const plus = Math.hypot(0.5703 - 0.3355, 0.2124 - 0.1593);
    const minus = Math.hypot(0.3355 - 0.2684, 0.1593 - 0.1062);
    const out = run(topsis, [col(17, 10, 8), col(12, 9, 6)], [0.714, 0.286]);
    expectAllClose(out, [1, minus / (plus + minus), 0], { abs: 1e-3 });
  });

  it('topsis closeness lies in [0, 1]: 1 for the unit best on every child, 0 for the unit worst on every child', () => {
    const out = run(topsis, panel, [1, 2, 3, 4]);
    for (const c of out) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expectClose(out[7], 1, { rel: 1e-15 });
    expectClose(out[0], 0, { abs: 1e-15 });
  });

  it('topsis gives NaN to a unit with a missing child and leaves the others as without it', () => {
    const withGap = panel.map((c) => Float64Array.from([...c, 50]));
    withGap[2][8] = NaN;
    const out = run(topsis, withGap, [1, 1, 1, 1]);
    expect(Number.isNaN(out[8])).toBe(true);
    expectAllClose(out.subarray(0, 8), run(topsis, panel, [1, 1, 1, 1]), { rel: 1e-14 });
  });

  it('topsis: a constant child adds nothing to either distance', () => {
    const two = [col(3, 4, 0), col(4, 0, 3)];
    expectAllClose(run(topsis, [...two, col(7, 7, 7)], [1, 1, 1]), run(topsis, two, [1, 1]), { rel: 1e-14 });
  });

  it('topsis: an all-zero child counts as 0 (no norm to divide by)', () => {
    const two = [col(3, 4, 0), col(4, 0, 3)];
    expectAllClose(run(topsis, [...two, col(0, 0, 0)], [1, 1, 1]), run(topsis, two, [1, 1]), { rel: 1e-14 });
  });

  it('topsis is NaN for every unit when nothing varies: a single unit, or identical units', () => {
    expect(Number.isNaN(run(topsis, [col(3), col(4)], [1, 1])[0])).toBe(true);
    const out = run(topsis, [col(2, 2), col(5, 5)], [1, 1]);
    expect(Number.isNaN(out[0]) && Number.isNaN(out[1])).toBe(true);
  });

  it('topsis is NaN for every unit when the weights sum to zero', () => {
    const out = run(topsis, [col(3, 4, 0), col(4, 0, 3)], [0, 0]);
    expect(out.every(Number.isNaN)).toBe(true);
  });
});

describe('grey relational analysis (Deng 1982)', () => {
  // Child 1 (0, 5, 10) scales to (0, 0.5, 1), so Δ = (1, 0.5, 0); child 2 (2, 6, 4) scales to
  // (0, 1, 0.5), so Δ = (1, 0, 0.5). Δmin = 0, Δmax = 1, and ξ = ρ / (Δ + ρ).
  const children = [col(0, 5, 10), col(2, 6, 4)];

  it('greyRelational with ρ = 0.5 and equal weights gives grades 1/3, 3/4, 3/4', () => {
    // ρ = 0.5: ξ(1) = 1/3, ξ(0.5) = 1/2, ξ(0) = 1. Unit 1 (1/3, 1/3), unit 2 (1/2, 1), unit 3 (1, 1/2).
    expectAllClose(run(greyRelational, children, [1, 1]), [1 / 3, 0.75, 0.75], { rel: 1e-14 });
    expectAllClose(run(greyRelational, children, [1, 1], { rho: 0.5 }), [1 / 3, 0.75, 0.75], { rel: 1e-14 });
  });

  it('greyRelational with ρ = 0.25 and weights (3, 1) gives grades 0.2, 0.5, 5/6', () => {
    // ρ = 0.25: ξ(1) = 0.2, ξ(0.5) = 1/3, ξ(0) = 1; weights (0.75, 0.25).
    // Unit 1: 0.2. Unit 2: 0.75/3 + 0.25 = 0.5. Unit 3: 0.75 + 0.25/3 = 5/6.
    expectAllClose(run(greyRelational, children, [3, 1], { rho: 0.25 }), [0.2, 0.5, 5 / 6], { rel: 1e-14 });
  });

  it('greyRelational grades lie in (0, 1], 1 for the unit best on every child', () => {
    const out = run(greyRelational, panel, [1, 2, 3, 4]);
    for (const g of out) {
      expect(g).toBeGreaterThan(0);
      expect(g).toBeLessThanOrEqual(1);
    }
    expectClose(out[7], 1, { rel: 1e-15 });
    // Unit 1 is worst on every child: Δ = 1 everywhere, ξ = 0.5 / 1.5.
    expectClose(out[0], 1 / 3, { rel: 1e-14 });
  });

  it('greyRelational scales a constant child to the reference (ξ = 1 for every unit)', () => {
    // With child 3 constant, every unit adds 1 × ⅓ to ⅔ × its grade on children 1 and 2.
    const out = run(greyRelational, [...children, col(4, 4, 4)], [1, 1, 1]);
    expectAllClose(out, [(2 / 3) * (1 / 3) + 1 / 3, (2 / 3) * 0.75 + 1 / 3, (2 / 3) * 0.75 + 1 / 3], { rel: 1e-14 });
  });

  it('greyRelational gives grade 1 to every unit when nothing varies, and with ρ = 0 ξ is 1 only at Δmin', () => {
    expectAllClose(run(greyRelational, [col(2, 2), col(5, 5)], [1, 1]), [1, 1]);
    expectAllClose(run(greyRelational, children, [1, 1], { rho: 0 }), [0, 0.5, 0.5]);
  });

  it('greyRelational gives NaN to a unit with a missing child and leaves the others as without it', () => {
    const out = run(greyRelational, [col(0, 5, 10, 100), col(2, 6, 4, NaN)], [1, 1]);
    expect(Number.isNaN(out[3])).toBe(true);
    expectAllClose(out.subarray(0, 3), [1 / 3, 0.75, 0.75], { rel: 1e-14 });
  });
});

describe('Mazziotta–Pareto Index (as Compind ci_mpi)', () => {
  // Child 1 (1, 2, 3) and child 2 (3, 1, 2) both have mean 2 and sample sd 1, so
  // z1 = (90, 100, 110) and z2 = (110, 90, 100). Per unit, M and the sample variance S² across
  // the two children, and MPI∓ = M ∓ S · (S / M) = M ∓ S² / M:
  // unit 1 (90, 110): M = 100, S² = (10² + 10²) / 1 = 200, MPI- = 98, MPI+ = 102;
  // unit 2 (100, 90): M = 95, S² = (5² + 5²) / 1 = 50, MPI- = 95 - 50/95;
  // unit 3 (110, 100): M = 105, S² = 50, MPI- = 105 - 50/105.
  const children = [col(1, 2, 3), col(3, 1, 2)];

  it("mazziottaPareto with the default negative penalty gives 98, 95 - 50/95, 105 - 50/105", () => {
    expectAllClose(run(mazziottaPareto, children, [1, 1]), [98, 95 - 50 / 95, 105 - 50 / 105], { rel: 1e-14 });
    expectAllClose(run(mazziottaPareto, children, [1, 1], { penalty: 'negative' }), [98, 95 - 50 / 95, 105 - 50 / 105], { rel: 1e-14 });
  });

  it('mazziottaPareto with the positive penalty adds S · cv instead: 102, 95 + 50/95, 105 + 50/105', () => {
    expectAllClose(run(mazziottaPareto, children, [1, 1], { penalty: 'positive' }), [102, 95 + 50 / 95, 105 + 50 / 105], { rel: 1e-14 });
  });

  it('mazziottaPareto of identical children equals their common z', () => {
    // (2, 4, 9): mean 5, sample sd √((9 + 1 + 16) / 2) = √13, z = 100 + 10 (x - 5) / √13.
    const x = col(2, 4, 9);
    const z = Array.from(x, (v) => 100 + (10 * (v - 5)) / Math.sqrt(13));
    expectAllClose(run(mazziottaPareto, [x, x, x], [1, 2, 3]), z, { rel: 1e-14 });
  });

  it('mazziottaPareto with weights (3, 1) uses the weighted mean and the reliability-weighted variance', () => {
    // Shares (0.75, 0.25), Σ w² = 0.625. Unit 1 (90, 110): M = 67.5 + 27.5 = 95,
    // Σ w (z - M)² = 0.75 · 25 + 0.25 · 225 = 75, S² = 75 / (1 - 0.625) = 200, MPI- = 95 - 200/95.
    // Unit 2 (100, 90): M = 97.5, Σ w (z - M)² = 0.75 · 6.25 + 0.25 · 56.25 = 18.75, S² = 50.
    // Unit 3 (110, 100): M = 107.5, S² = 50 likewise.
    expectAllClose(run(mazziottaPareto, children, [3, 1]), [95 - 200 / 95, 97.5 - 50 / 97.5, 107.5 - 50 / 107.5], { rel: 1e-14 });
  });

  it('mazziottaPareto with equal weights of any size reproduces the unweighted index, and a zero weight drops its child', () => {
    expectAllClose(run(mazziottaPareto, children, [2.5, 2.5]), run(mazziottaPareto, children, [1, 1]), { rel: 1e-14 });
    expectAllClose(run(mazziottaPareto, [...children, col(8, 1, 5)], [1, 1, 0]), run(mazziottaPareto, children, [1, 1]), { rel: 1e-14 });
  });

  it('mazziottaPareto of a single child is its z; a constant child standardises to 100', () => {
    expectAllClose(run(mazziottaPareto, [col(1, 2, 3)], [1]), [90, 100, 110], { rel: 1e-14 });
    expectAllClose(run(mazziottaPareto, [col(7, 7, 7)], [1]), [100, 100, 100]);
    // Child 2 constant: z = (90, 100), (100, 100), (110, 100): M = 95, 100, 105; S² = 50, 0, 50.
    expectAllClose(run(mazziottaPareto, [col(1, 2, 3), col(7, 7, 7)], [1, 1]), [95 - 50 / 95, 100, 105 - 50 / 105], { rel: 1e-14 });
  });

  it('mazziottaPareto with the negative penalty scores at most the positive one, and the unit best on every child scores highest', () => {
    const out = run(mazziottaPareto, panel, [1, 1, 1, 1]);
    const plus = run(mazziottaPareto, panel, [1, 1, 1, 1], { penalty: 'positive' });
    for (let u = 0; u < out.length; u++) expect(out[u]).toBeLessThanOrEqual(plus[u]);
    expect(Math.max(...out)).toBe(out[7]);
  });

  it('mazziottaPareto gives NaN to a unit with a missing child and leaves the others as without it', () => {
    const out = run(mazziottaPareto, [col(1, 2, 3, 50), col(3, 1, 2, NaN)], [1, 1]);
    expect(Number.isNaN(out[3])).toBe(true);
    expectAllClose(out.subarray(0, 3), [98, 95 - 50 / 95, 105 - 50 / 105], { rel: 1e-14 });
  });

  it('mazziottaPareto refuses negative weights (WEIGHT_NEGATIVE)', () => {
    expect(() => run(mazziottaPareto, children, [1, -0.5])).toThrow(SoftPowerError);
    try {
      run(mazziottaPareto, children, [1, -0.5]);
    } catch (e) {
      expect((e as SoftPowerError).code).toBe('WEIGHT_NEGATIVE');
    }
  });
});
