import { describe, expect, it } from 'vitest';
import { buildIndex, checkSpecAgainstData } from '../src/pipeline/build.js';
import { indexDataFromWide } from '../src/data/tables.js';
import { SoftPowerError } from '../src/errors.js';
import { validateSpec } from '../src/spec/validate.js';
import { tinyData, tinySpec, twoPillars } from './support/tiny.js';

const data = tinyData({ A: [1, 2, 3], B: [2, 3, 1], C: [3, 1, 2] }, ['a', 'b', 'c']);

describe('specification validation', () => {
  it('reports every schema problem at once, each with its JSON Pointer and value', () => {
    const { spec, problems } = validateSpec({
      id: 'x',
      data: { format: 'wide', file: 'x.csv' },
      steps: [
        { id: 'n', kind: 'normalise', params: { method: 'minmaxx' } },
        { id: 'g', kind: 'aggregate', params: { method: 'arithmetic-mean', wieghts: 'x' } },
      ],
    });
    expect(spec).toBeUndefined();
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['SPEC_UNKNOWN_METHOD', '/steps/0/params/method'],
      ['SPEC_INVALID', '/steps/1/params'],
    ]);
    expect(problems[0].message).toContain('"minmaxx"');
    expect(problems[0].message).toContain('"min-max"');
    expect(problems[1].message).toContain('"wieghts"');
  });

  it('rejects duplicate step ids, unknown weight sets, reversed ranges and missing parameters together', () => {
    const { problems } = validateSpec({
      id: 'x',
      data: { format: 'wide', file: 'x.csv' },
      steps: [
        { id: 's', kind: 'impute', params: { method: 'group-mean' } },
        { id: 's', kind: 'normalise', params: { method: 'min-max', range: [100, 0] } },
        { id: 'agg', kind: 'aggregate', params: { weights: 'expert', method: 'generalised-mean' } },
      ],
    });
    expect(problems.map((p) => `${p.code} ${p.pointer}`)).toEqual([
      'SPEC_BAD_PARAMETER /steps/0/params/group',
      'SPEC_INVALID /steps/1/id',
      'SPEC_BAD_PARAMETER /steps/1/params/range',
      'WEIGHT_SET_UNKNOWN /steps/2/params/weights',
      'SPEC_BAD_PARAMETER /steps/2/params/p',
    ]);
  });

  it('reports a cycle, an unknown parent, a duplicate code and a negative weight in the framework together', () => {
    const spec = tinySpec({
      id: 'x',
      data: { format: 'wide', file: 'x.csv' },
      framework: {
        nodes: [
          { code: 'a', parent: 'P', weight: -1 },
          { code: 'b', parent: 'Nowhere' },
          { code: 'c', parent: 'Q' },
          { code: 'c', parent: 'Q' },
          { code: 'P', parent: 'Q' },
          { code: 'Q', parent: 'P' },
          { code: 'Index' },
        ],
      },
      steps: [{ id: 'aggregate', kind: 'aggregate' }],
    });
    const { problems } = checkSpecAgainstData(spec, data);
    expect(problems.map((p) => p.code).sort()).toEqual(['FRAMEWORK_CYCLE', 'FRAMEWORK_DUPLICATE_CODE', 'FRAMEWORK_UNKNOWN_PARENT', 'WEIGHT_NEGATIVE']);
    expect(problems.find((p) => p.code === 'FRAMEWORK_CYCLE')!.message).toMatch(/P → Q → P|Q → P → Q/);
    expect(problems.find((p) => p.code === 'FRAMEWORK_UNKNOWN_PARENT')!.pointer).toBe('/framework/nodes/1/parent');
  });

  it('names indicators the data lack and unknown unit groups before building', () => {
    const spec = tinySpec({
      id: 'x',
      data: { format: 'wide', file: 'x.csv' },
      framework: { nodes: [...twoPillars!.nodes, { code: 'd', parent: 'Q' }] },
      steps: [{ id: 'impute', kind: 'impute', params: { method: 'group-mean', group: 'region' } }, { id: 'aggregate', kind: 'aggregate' }],
    });
    expect(() => buildIndex(spec, data)).toThrow(SoftPowerError);
    const { problems } = checkSpecAgainstData(spec, data);
    expect(problems.map((p) => `${p.code} ${p.value}`)).toEqual(['DATA_UNKNOWN_INDICATOR d', 'DATA_UNKNOWN_COLUMN region']);
  });
});

describe('data tables', () => {
  it('reports every non-numeric cell and every duplicate unit with file, row and column', () => {
    const table = {
      file: 'soft.csv',
      header: ['unit', 'a', 'b'],
      rows: [
        ['CHN', '1', 'x'],
        ['FRA', '2,5', '3'],
        ['CHN', '4', '5'],
        ['DEU', 'NA', ''],
      ],
    };
    try {
      indexDataFromWide(table, { unitColumn: 'unit', groupColumns: [], variableColumns: [] });
      expect.unreachable();
    } catch (e) {
      const problems = (e as SoftPowerError).problems;
      expect(problems.map((p) => `${p.code} row ${p.row} ${p.column ?? ''}`.trim())).toEqual([
        'DATA_NOT_NUMERIC row 2 b',
        'DATA_NOT_NUMERIC row 3 a',
        'DATA_DUPLICATE_UNIT row 4 unit',
      ]);
      expect(problems[0].message).toBe('soft.csv row 2, column "b": "x" is not a number');
    }
  });

  it('reads NA, empty cells and World Bank ".." as missing, and 0 as a value', () => {
    const d = tinyData({ A: [0, 'NA'], B: ['..', ''], C: [1, 2] }, ['a', 'b']);
    expect(Array.from(d.raw.columns[0])).toEqual([0, NaN, 1]);
    expect(Array.from(d.raw.columns[1])).toEqual([NaN, NaN, 2]);
  });
});
