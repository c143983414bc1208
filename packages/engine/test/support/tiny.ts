import type { IndexData } from '../../src/data/dataset.js';
import { indexDataFromWide, type Table } from '../../src/data/tables.js';
import { validateSpec } from '../../src/spec/validate.js';
import type { IndexSpec, IndexSpecInput } from '../../src/spec/schema.js';

/** A small wide table: units × indicators, with a year column when `years` is given. */
export function tinyData(rows: Record<string, (number | string | null)[]>, header: string[], options: { years?: boolean; groups?: string[]; variables?: string[] } = {}): IndexData {
  const table: Table = { file: 'tiny.csv', header: ['unit', ...header], rows: Object.entries(rows).map(([u, values]) => [u.split('@')[0], ...values]) };
  return indexDataFromWide(table, {
    unitColumn: 'unit',
    yearColumn: options.years ? 'year' : undefined,
    groupColumns: options.groups ?? [],
    variableColumns: options.variables ?? [],
  });
}

/** Validates a specification written in a test, failing loudly on problems. */
export function tinySpec(input: IndexSpecInput): IndexSpec {
  const { spec, problems } = validateSpec(input);
  if (!spec) throw new Error(problems.map((p) => p.message).join('\n'));
  return spec;
}

/** A two-pillar framework over indicators a, b (pillar P) and c (pillar Q). */
export const twoPillars: IndexSpecInput['framework'] = {
  nodes: [
    { code: 'a', parent: 'P' },
    { code: 'b', parent: 'P' },
    { code: 'c', parent: 'Q' },
    { code: 'P', parent: 'Index' },
    { code: 'Q', parent: 'Index' },
    { code: 'Index' },
  ],
};
