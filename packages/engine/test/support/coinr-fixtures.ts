import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
/** The shipped copy of COINr's ASEM example and its reference outputs. */
export const coinrAsemDir = join(here, '../../../../data/coinr-asem');

export interface ReferenceTable {
  header: string[];
  rows: string[][];
  /** Column by name as numbers; COINr's NA, NaN and empty cells become NaN. */
  numeric(column: string): Float64Array;
  text(column: string): string[];
}

function toNumber(cell: string): number {
  if (cell === 'NA' || cell === 'NaN' || cell === '') return NaN;
  if (cell === 'Inf') return Infinity;
  if (cell === '-Inf') return -Infinity;
  return Number(cell);
}

/** Reads a CSV written by the COINr reference scripts (header row, NA for missing). */
export function readReference(relativePath: string): ReferenceTable {
  const text = readFileSync(join(coinrAsemDir, relativePath), 'utf8');
  const records = parse(text, { relax_quotes: false }) as string[][];
  const [header, ...rows] = records;
  const index = (column: string): number => {
    const i = header.indexOf(column);
    if (i < 0) throw new Error(`${relativePath}: no column "${column}"`);
    return i;
  };
  return {
    header,
    rows,
    numeric: (column) => Float64Array.from(rows, (r) => toNumber(r[index(column)])),
    text: (column) => rows.map((r) => r[index(column)]),
  };
}
