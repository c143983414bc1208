import { describe, expect, it } from 'vitest';
import { indexDataFromWide, type Table } from '../src/data/tables.js';
import { buildIndex } from '../src/pipeline/build.js';
import { validateSpec } from '../src/spec/validate.js';
import { expectAllClose } from './support/close.js';

/**
 * Three complete units and one (DDD) without a value for i1. The indicators are already on a
 * comparable, higher-is-better scale, so the weight and aggregate steps read the raw data.
 */
const table: Table = {
  file: 'inline.csv',
  header: ['unit', 'i1', 'i2'],
  rows: [
    ['AAA', 1, 1],
    ['BBB', 1, 2],
    ['CCC', 2, 3],
    ['DDD', null, 5],
  ],
};

const framework = {
  nodes: [
    { code: 'Index' },
    { code: 'i1', parent: 'Index' },
    { code: 'i2', parent: 'Index' },
  ],
};

// Entropy weights of i1 = (1, 1, 2) and i2 = (1, 2, 3) over the complete cases AAA, BBB, CCC
// (DDD is left out), derived by hand in weights.test.ts:
// d1 = 1 - (3/2) ln 2 / ln 3, d2 = 1/2 - (2/3) ln 2 / ln 3, w = d / (d1 + d2).
const r = Math.LN2 / Math.log(3);
const d1 = 1 - 1.5 * r;
const d2 = 0.5 - (2 / 3) * r;
const w1 = d1 / (d1 + d2);
const w2 = d2 / (d1 + d2);

describe('weights in the pipeline', () => {
  it('a weight step with method entropy feeds an arithmetic-mean aggregate step (weights: entropy)', () => {
    const { spec, problems } = validateSpec({
      id: 'entropy_demo',
      data: { format: 'wide', file: 'inline.csv' },
      framework,
      steps: [
        { id: 'weigh', kind: 'weight', params: { method: 'entropy', name: 'entropy' } },
        { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean', weights: 'entropy' } },
      ],
    });
    expect(problems).toEqual([]);
    const build = buildIndex(spec!, indexDataFromWide(table, { unitColumn: 'unit', groupColumns: [], variableColumns: [] }));
    expect(build.warnings).toEqual([]);
    const set = build.weightSets.get('entropy')!;
    const code = (c: string) => build.framework.byCode.get(c)!;
    expectAllClose([set[code('i1')], set[code('i2')]], [w1, w2], { rel: 1e-12 });
    // Index = w1 · i1 + w2 · i2: AAA 1, BBB 1 + w2, CCC 2 + w2; DDD has only i2 and COINr's
    // rule (skip the missing child, re-scale the weights) gives i2 = 5.
    const index = build.results.scores[build.results.codes.indexOf('Index')];
    expect(Array.from(build.results.rows.units)).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    expectAllClose(index, [1, 1 + w2, 2 + w2, 5], { rel: 1e-12 });
  });

  it('an aggregate step with method topsis scores the complete units by closeness and leaves DDD missing', () => {
    const { spec, problems } = validateSpec({
      id: 'topsis_demo',
      data: { format: 'wide', file: 'inline.csv' },
      framework,
      steps: [{ id: 'aggregate', kind: 'aggregate', params: { method: 'topsis' } }],
    });
    expect(problems).toEqual([]);
    const build = buildIndex(spec!, indexDataFromWide(table, { unitColumn: 'unit', groupColumns: [], variableColumns: [] }));
    expect(build.warnings).toEqual([]);
    // Framework weights 1 and 1, re-scaled to ½ each. Over the complete units the norms are
    // √6 and √14, so v1 = (1, 1, 2) / (2√6) and v2 = (1, 2, 3) / (2√14).
    // CCC is best on both (closeness 1) and AAA worst on both (0). BBB:
    // D+ = ½ √(1/6 + 1/14), D- = ½ / √14, closeness = 1 / (1 + √(14/6 + 1)) = 1 / (1 + √(10/3)).
    const index = build.results.scores[build.results.codes.indexOf('Index')];
    expectAllClose(index, [0, 1 / (1 + Math.sqrt(10 / 3)), 1, NaN], { rel: 1e-12, abs: 1e-15 });
    const ranks = build.results.ranks[build.results.codes.indexOf('Index')];
    expectAllClose(ranks, [3, 2, 1, NaN]);
  });
});
