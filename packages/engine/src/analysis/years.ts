import { getColumn, gather, type Dataset } from '../data/dataset.js';
import type { Framework } from '../framework/framework.js';

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

/** The framework nodes whose columns a data set holds, and where each sits in a year slice. */
export interface NodesPresent {
  /** Codes of the nodes present, in framework order: pass them to `yearSlices`. */
  readonly codes: readonly string[];
  /** Slice column of each framework node index, or -1 when the node has no column. */
  readonly column: Int32Array;
}

/**
 * Maps the framework's nodes to the columns of `dataset`. Every aggregate must be present
 * (the data set must be the output of an aggregate step: `who` complains otherwise, naming
 * the absent ones); an indicator may be absent, having been dropped by a screen step, and is
 * then left out of the analysis.
 */
export function nodesPresent(framework: Framework, dataset: Dataset, who: string): NodesPresent {
  requireColumns(dataset, framework.aggregates.map((a) => framework.nodes[a].code), who);
  const present = new Set(dataset.codes);
  const column = new Int32Array(framework.nodes.length).fill(-1);
  const codes: string[] = [];
  for (const node of framework.nodes) {
    if (!present.has(node.code)) continue;
    column[node.index] = codes.length;
    codes.push(node.code);
  }
  return { codes, column };
}
