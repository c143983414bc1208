import { describe, expect, it } from 'vitest';
import { indexDataFromLong, type Table } from '../src/data/tables.js';
import { buildIndex } from '../src/pipeline/build.js';
import { validateSpec } from '../src/spec/validate.js';
import { expectAllClose } from './support/close.js';

/** AAA last reported i1 in 2013; BBB reports every year. */
const table: Table = {
  file: 'long.csv',
  header: ['unit', 'indicator', 'year', 'value'],
  rows: [
    ['AAA', 'i1', 2013, 4],
    ['AAA', 'i2', 2015, 1],
    ['BBB', 'i1', 2013, 1],
    ['BBB', 'i1', 2015, 2],
    ['BBB', 'i2', 2015, 3],
  ],
};

const data = indexDataFromLong(table, { unit: 'unit', indicator: 'indicator', year: 'year', value: 'value' });

function build(years: number[] | undefined) {
  const { spec, problems } = validateSpec({
    id: 'years_demo',
    data: { format: 'long', file: 'long.csv' },
    years,
    framework: { nodes: [{ code: 'Index' }, { code: 'i1', parent: 'Index' }, { code: 'i2', parent: 'Index' }] },
    steps: [
      { id: 'impute', kind: 'impute', params: { method: 'panel-latest', maxYears: 3 } },
      { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean' } },
    ],
  });
  expect(problems).toEqual([]);
  return buildIndex(spec!, data);
}

describe('years', () => {
  it('restricts the rows to the chosen years after the impute step, so a 2013 value is carried into 2015', () => {
    const result = build([2015]);
    expect(Array.from(result.results.rows.years)).toEqual([2015, 2015]);
    expect(Array.from(result.results.rows.units)).toEqual(['AAA', 'BBB']);
    // AAA: i1 carried from 2013 (4), i2 = 1 → 2.5; BBB: (2 + 3) / 2.
    expectAllClose(result.results.scores[result.results.codes.indexOf('Index')], [2.5, 2.5]);
    // The imputed data set still holds the earlier year: it was written before the restriction.
    expect(Array.from(new Set(result.datasets.get('imputed')!.rows.years))).toEqual([2013, 2015]);
  });

  it('without years every year of the data is built and ranked', () => {
    const result = build(undefined);
    expect(Array.from(result.results.rows.years)).toEqual([2013, 2015, 2013, 2015]);
  });
});
