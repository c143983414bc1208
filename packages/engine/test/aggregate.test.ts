import { describe, expect, it } from 'vitest';
import { aggregators } from '../src/aggregate/index.js';
import { buildIndex } from '../src/pipeline/build.js';
import { SoftPowerError } from '../src/errors.js';
import type { Aggregation } from '../src/spec/schema.js';
import { expectClose } from './support/close.js';
import { tinyData, tinySpec, twoPillars } from './support/tiny.js';

function row(method: Aggregation['method'], values: number[], weights: number[], params: Partial<Aggregation> = {}): number {
  return aggregators[method]!.row!(Float64Array.from(values), Float64Array.from(weights), values.length, { method, ...params });
}

describe('row aggregation methods', () => {
  it('weighted means of 10 and 40 with weights 1 and 3: arithmetic 32.5, geometric 10^(1/4)·40^(3/4), harmonic 4/(1/10 + 3/40)', () => {
    expectClose(row('arithmetic-mean', [10, 40], [1, 3]), 32.5);
    expectClose(row('geometric-mean', [10, 40], [1, 3]), Math.pow(10, 0.25) * Math.pow(40, 0.75));
    expectClose(row('harmonic-mean', [10, 40], [1, 3]), 4 / (0.1 + 3 / 40));
  });

  it('the generalised mean is arithmetic at p = 1, geometric at p = 0 and harmonic at p = -1', () => {
    const v = [2, 8, 5];
    const w = [1, 2, 3];
    expectClose(row('generalised-mean', v, w, { p: 1 }), row('arithmetic-mean', v, w));
    expectClose(row('generalised-mean', v, w, { p: 0 }), row('geometric-mean', v, w));
    expectClose(row('generalised-mean', v, w, { p: -1 }), row('harmonic-mean', v, w));
    // quadratic mean: sqrt((4 + 2·64 + 3·25) / 6)
    expectClose(row('generalised-mean', v, w, { p: 2 }), Math.sqrt(207 / 6));
  });

  it('means are bounded by the smallest and largest child (internality)', () => {
    for (const method of ['arithmetic-mean', 'geometric-mean', 'harmonic-mean'] as const) {
      const m = row(method, [3, 9, 27], [2, 1, 1]);
      expect(m, method).toBeGreaterThanOrEqual(3);
      expect(m, method).toBeLessThanOrEqual(27);
    }
  });

  it('Copeland scores sum to n(n-1)/2 and reward a unit that dominates on every child', () => {
    const out = new Float64Array(3);
    aggregators.copeland!.group!([Float64Array.of(3, 2, 1), Float64Array.of(30, 20, 20)], Float64Array.of(1, 1), { method: 'copeland' }, out);
    expect(Array.from(out)).toEqual([2, 0.75, 0.25]);
    expect(out[0] + out[1] + out[2]).toBe(3);
  });
});

describe('aggregation inside a build', () => {
  const data = tinyData({ A: [0, 100, 50], B: [50, 0, 100], C: [100, NaN, 0] }, ['a', 'b', 'c']);
  const base = { id: 't', data: { format: 'wide' as const, file: 'x.csv' }, framework: twoPillars };

  it('skips a missing child and re-scales the weights of the others (COINr), or makes the aggregate missing on request', () => {
    const skip = buildIndex(tinySpec({ ...base, steps: [{ id: 'aggregate', kind: 'aggregate' }] }), data);
    const p = skip.results.codes.indexOf('P');
    expect(Array.from(skip.results.scores[p])).toEqual([50, 25, 100]);
    const strict = buildIndex(tinySpec({ ...base, steps: [{ id: 'aggregate', kind: 'aggregate', params: { missingChildren: 'missing' } }] }), data);
    expect(Array.from(strict.results.scores[p])).toEqual([50, 25, NaN]);
  });

  it('a data threshold makes an aggregate missing when too few children have data', () => {
    const b = buildIndex(tinySpec({ ...base, steps: [{ id: 'aggregate', kind: 'aggregate', params: { dataThreshold: 0.75 } }] }), data);
    expect(Array.from(b.results.scores[b.results.codes.indexOf('P')])).toEqual([50, 25, NaN]);
  });

  it('zeros under a geometric mean stop the build and every offending unit is named', () => {
    try {
      buildIndex(tinySpec({ ...base, steps: [{ id: 'aggregate', kind: 'aggregate', params: { method: 'geometric-mean' } }] }), data);
      expect.unreachable();
    } catch (e) {
      const problems = (e as SoftPowerError).problems;
      expect(problems.map((p) => `${p.code} ${p.unit} ${p.indicator} ${p.value}`)).toEqual([
        'AGGREGATE_NON_POSITIVE A P 0',
        'AGGREGATE_NON_POSITIVE B P 0',
        'AGGREGATE_NON_POSITIVE C Q 0',
      ]);
      expect(problems[0].hint).toContain('[1, 100]');
    }
  });

  it('per-level methods: the geometric mean at level 3 over arithmetic pillars', () => {
    const b = buildIndex(
      tinySpec({ ...base, steps: [{ id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean', levels: { '3': { method: 'geometric-mean' } } } }] }),
      tinyData({ A: [10, 30, 40], B: [20, 20, 20] }, ['a', 'b', 'c']),
    );
    const index = b.results.codes.indexOf('Index');
    expectClose(b.results.scores[index][0], Math.sqrt(20 * 40));
    expectClose(b.results.scores[index][1], 20);
  });

  it('rebuilding from the JSON of a specification gives identical results', () => {
    const spec = tinySpec({ ...base, steps: [{ id: 'normalise', kind: 'normalise', params: { method: 'z-score' } }, { id: 'aggregate', kind: 'aggregate' }] });
    const again = tinySpec(JSON.parse(JSON.stringify(spec)));
    const full = tinyData({ A: [1, 5, 2], B: [3, 1, 8], C: [2, 2, 9], D: [7, 3, 1] }, ['a', 'b', 'c']);
    const r1 = buildIndex(spec, full).results;
    const r2 = buildIndex(again, full).results;
    r1.scores.forEach((s, k) => expect(Array.from(r2.scores[k])).toEqual(Array.from(s)));
  });
});

describe('trends over a panel', () => {
  it('CAGR, percentage change and rank change between the first and last scored year', async () => {
    const { trends } = await import('../src/results/trends.js');
    const data = tinyData(
      { 'A@1': [2015, 10, 10, 10], 'A@2': [2017, 40, 40, 40], 'B@1': [2015, 20, 20, 20], 'B@2': [2017, 30, 30, 30], 'C@1': [2015, 5, 5, 5] },
      ['year', 'a', 'b', 'c'],
      { years: true },
    );
    const build = buildIndex(tinySpec({ id: 't', data: { format: 'wide', file: 'x.csv' }, framework: twoPillars, steps: [{ id: 'aggregate', kind: 'aggregate' }] }), data);
    const a = trends(build.results).find((t) => t.unit === 'A' && t.code === 'Index')!;
    // 10 → 40 over two years: CAGR = √4 - 1 = 1, change +300 %, rank 2 → 1
    expect(a).toMatchObject({ firstYear: 2015, lastYear: 2017, first: 10, last: 40, percentChange: 300, rankChange: 1, years: 2 });
    expectClose(a.cagr, 1);
    expect(trends(build.results).some((t) => t.unit === 'C')).toBe(false);
  });
});
