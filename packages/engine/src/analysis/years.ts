import { getColumn, gather, type Dataset } from '../data/dataset.js';

/** The rows of one year and the named columns gathered over them, in the order of `codes`. */
export interface YearSlice {
  /** The year (NaN when the data have no year). */
  readonly year: number;
  readonly rows: Int32Array;
  readonly columns: readonly Float64Array[];
}

/**
 * Checks that every code is a column of the data set, naming all the absent ones at once.
 * `who` is the function that complains.
 */
export function requireColumns(dataset: Dataset, codes: readonly string[], who: string): void {
  const present = new Set(dataset.codes);
  const absent = codes.filter((c) => !present.has(c));
  if (absent.length > 0) {
    throw new Error(
      `${who}: the data set has no column ${absent.map((c) => `"${c}"`).join(', ')}; columns are ${dataset.codes.join(', ')}. ` +
        'Choose a data set that contains them (for aggregates, the output of an aggregate step).',
    );
  }
}

/**
 * One slice per year (ascending, as `rows.byYear`), each holding the named columns restricted
 * to that year's rows.
 *
 * @example yearSlices(dataset, ['LPI', 'Flights'])[0].columns[1] // Flights values of the first year
 */
export function yearSlices(dataset: Dataset, codes: readonly string[]): YearSlice[] {
  const full = codes.map((c) => getColumn(dataset, c));
  return [...dataset.rows.byYear].map(([year, rows]) => ({ year, rows, columns: full.map((column) => gather(column, rows)) }));
}
