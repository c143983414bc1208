import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '../../../..');
export const referenceDir = join(repoRoot, 'data/coinr-asem/reference');

export interface ReferenceTable {
  header: string[];
  rows: string[][];
  /** Value of `column` for unit `uCode` as a number (NA/NaN → NaN). */
  value(uCode: string, column: string): number;
  text(uCode: string, column: string): string;
  units(): string[];
}

/** Reads a COINr reference CSV keyed by its first column (uCode or iCode). */
export function readReference(relativePath: string): ReferenceTable {
  const records = parse(readFileSync(join(referenceDir, relativePath), 'utf8')) as string[][];
  const [header, ...rows] = records;
  const byKey = new Map(rows.map((r) => [r[0], r]));
  const cell = (key: string, column: string) => {
    const row = byKey.get(key);
    const i = header.indexOf(column);
    if (!row || i < 0) throw new Error(`${relativePath}: no cell (${key}, ${column})`);
    return row[i];
  };
  return {
    header,
    rows,
    value: (key, column) => {
      const c = cell(key, column);
      return c === 'NA' || c === 'NaN' ? NaN : c === 'Inf' ? Infinity : c === '-Inf' ? -Infinity : Number(c);
    },
    text: cell,
    units: () => rows.map((r) => r[0]),
  };
}
