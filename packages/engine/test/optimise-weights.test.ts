import { describe, expect, it } from 'vitest';
import { SoftPowerError } from '../src/errors.js';
import { indexDataFromWide, type Table } from '../src/data/tables.js';
import { buildIndex } from '../src/pipeline/build.js';
import { validateSpec } from '../src/spec/validate.js';
import { nelderMead } from '../src/stats/nelder-mead.js';
import { optimiseWeights } from '../src/weights/optimise.js';
import { expectAllClose, expectClose } from './support/close.js';

const col = (...values: number[]) => Float64Array.from(values);

/** Pearson correlation over complete pairs, written out independently of the engine. */
function pearson(x: Float64Array, y: Float64Array): number {
  const idx = Array.from(x.keys()).filter((i) => !Number.isNaN(x[i]) && !Number.isNaN(y[i]));
  const mx = idx.reduce((s, i) => s + x[i], 0) / idx.length;
  const my = idx.reduce((s, i) => s + y[i], 0) / idx.length;
  const sxy = idx.reduce((s, i) => s + (x[i] - mx) * (y[i] - my), 0);
  const sxx = idx.reduce((s, i) => s + (x[i] - mx) ** 2, 0);
  const syy = idx.reduce((s, i) => s + (y[i] - my) ** 2, 0);
  return sxy / Math.sqrt(sxx * syy);
}

/** The weighted arithmetic mean of the children present, weights re-scaled over them (COINr's a_amean). */
function aggregate(children: Float64Array[], w: Float64Array): Float64Array {
  return Float64Array.from(children[0], (_, u) => {
    let s = 0;
    let t = 0;
    children.forEach((c, j) => {
      if (!Number.isNaN(c[u])) {
        s += w[j] * c[u];
        t += w[j];
      }
    });
    return s / t;
  });
}

/** Four children of unequal spread and correlation, one missing value. */
const children = [
  col(12, 25, 33, 47, 52, 68, 71, 90),
  col(20, 18, 40, 45, 61, 58, 80, 85),
  col(35, 30, 28, 50, 49, 66, NaN, 70),
  col(5, 40, 22, 38, 70, 55, 64, 99),
];

describe("nelderMead (R's optim default method)", () => {
  it("reproduces R's documented Rosenbrock example: optim(c(-1.2, 1), fr) stops at (1.000260, 1.000506) after 195 evaluations", () => {
    // ?optim in R: fr <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2; optim(c(-1.2, 1), fr)
    // gives $par 1.000260 1.000506, $value 8.825241e-08, $counts function 195.
    const fr = (x: Float64Array) => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(fr, [-1.2, 1]);
    expectAllClose(r.x, [1.00026, 1.000506], { abs: 5e-7 });
    expectClose(r.value, 8.825241e-8, { rel: 1e-6 });
    expect(r.evaluations).toBe(195);
    expect(r.converged).toBe(true);
  });

  it('stops at maxIterations with status max-iterations', () => {
    const fr = (x: Float64Array) => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(fr, [-1.2, 1], { maxIterations: 40 });
    expect(r.status).toBe('max-iterations');
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(41);
  });
});

describe('optimiseWeights (COINr get_opt_weights)', () => {
  it('balance with two children has the closed form w1 / w2 = sd2 / sd1', () => {
    const x = col(0, 1, 2, 3);
    const y = col(0, 4, 2, 6);
    const r = optimiseWeights([x, y], 'balance');
    expect(r.converged).toBe(true);
    // sd(x) = 1.29, sd(y) = 2.58: the balanced weights are 2/3 and 1/3.
    expectAllClose(r.weights, [2 / 3, 1 / 3], { abs: 1e-4 });
    expectClose(r.correlations[0], r.correlations[1], { abs: 1e-4 });
  });

  it('balance equalises the correlations of four children with their aggregate, and reports them truthfully', () => {
    const r = optimiseWeights(children, 'balance');
    expect(r.converged).toBe(true);
    expectClose(Array.from(r.weights).reduce((s, w) => s + w, 0), 1, { rel: 1e-12 });
    const agg = aggregate(children, r.weights);
    const direct = children.map((c) => pearson(c, agg));
    expectAllClose(r.correlations, direct, { rel: 1e-10 });
    const spread = Math.max(...direct) - Math.min(...direct);
    const equal = aggregate(children, col(0.25, 0.25, 0.25, 0.25));
    const equalCorrelations = children.map((c) => pearson(c, equal));
    const equalSpread = Math.max(...equalCorrelations) - Math.min(...equalCorrelations);
    expect(spread).toBeLessThan(equalSpread / 10);
    expect(spread).toBeLessThan(2e-3);
  });

  it('infomax raises the sum of correlations above that of equal weights', () => {
    const r = optimiseWeights(children, 'infomax');
    const equal = aggregate(children, col(0.25, 0.25, 0.25, 0.25));
    const equalSum = children.reduce((s, c) => s + pearson(c, equal), 0);
    const sum = Array.from(r.correlations).reduce((s, c) => s + c, 0);
    expectClose(r.objective, -sum, { rel: 1e-12 });
    expect(sum).toBeGreaterThan(equalSum);
  });

  it('is deterministic: the same input gives the same weights bit for bit', () => {
    expect(Array.from(optimiseWeights(children, 'balance').weights)).toEqual(Array.from(optimiseWeights(children, 'balance').weights));
  });

  it('gives a single child weight 1 without a search', () => {
    const r = optimiseWeights([col(1, 2, 3)], 'balance');
    expect(Array.from(r.weights)).toEqual([1]);
    expect(r.iterations).toBe(0);
  });

  it('refuses a constant child, naming the child, as R refuses an objective it cannot evaluate', () => {
    try {
      optimiseWeights([col(1, 2, 3, 4), col(5, 5, 5, 5)], 'balance');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SoftPowerError);
      expect((e as SoftPowerError).code).toBe('DATA_EMPTY');
      expect((e as SoftPowerError).message).toContain('child 1');
    }
  });

  it('reports every bad option at once', () => {
    try {
      optimiseWeights([col(1, 2), col(2, 1, 0)], 'balance', { maxIterations: -1, tolerance: Number.NaN });
      expect.unreachable();
    } catch (e) {
      expect((e as SoftPowerError).problems.map((p) => p.message)).toEqual([
        'optimiseWeights: the children have different numbers of units (2, 3)',
        'optimiseWeights: maxIterations is -1; expected an integer ≥ 0',
        'optimiseWeights: tolerance is NaN; expected a finite number ≥ 0',
      ]);
    }
  });

  it('runs as the weight step method optimise-balance and feeds the aggregate step', () => {
    const table: Table = {
      file: 'inline.csv',
      header: ['unit', 'i1', 'i2'],
      rows: [
        ['AAA', 0, 0],
        ['BBB', 1, 4],
        ['CCC', 2, 2],
        ['DDD', 3, 6],
      ],
    };
    const { spec, problems } = validateSpec({
      id: 'balance_demo',
      data: { format: 'wide', file: 'inline.csv' },
      framework: { nodes: [{ code: 'Index' }, { code: 'i1', parent: 'Index' }, { code: 'i2', parent: 'Index' }] },
      steps: [
        { id: 'weigh', kind: 'weight', params: { method: 'optimise-balance', name: 'balanced' } },
        { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean', weights: 'balanced' } },
      ],
    });
    expect(problems).toEqual([]);
    const build = buildIndex(spec!, indexDataFromWide(table, { unitColumn: 'unit', groupColumns: [], variableColumns: [] }));
    const set = build.weightSets.get('balanced')!;
    const code = (c: string) => build.framework.byCode.get(c)!;
    expectAllClose([set[code('i1')], set[code('i2')]], [2 / 3, 1 / 3], { abs: 1e-4 });
    const index = build.results.scores[build.results.codes.indexOf('Index')];
    expectAllClose(index, [0, set[code('i1')] + 4 * set[code('i2')], 2, 3 * set[code('i1')] + 6 * set[code('i2')]], { rel: 1e-12 });
  });
});
