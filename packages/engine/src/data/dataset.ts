/**
 * A data set: rows are (unit, year) pairs, columns are indicators or aggregates held as
 * Float64Array with NaN for missing. Steps never mutate a data set they receive; they return
 * a new one that may share unchanged columns with its input.
 */
export interface RowIndex {
  /** Unit code of each row. */
  readonly units: readonly string[];
  /** Year of each row (NaN when the data have no year). */
  readonly years: Float64Array;
  /** Row numbers of each year, ascending by year. */
  readonly byYear: ReadonlyMap<number, Int32Array>;
  /** Row number of each row in the raw data (unit attributes are indexed by it). */
  readonly origin: Int32Array;
}

export interface Dataset {
  readonly rows: RowIndex;
  readonly codes: readonly string[];
  readonly columns: readonly Float64Array[];
}

/** Unit-level attributes that are not indicators: group labels and numeric variables. */
export interface UnitAttributes {
  /** Group label columns (e.g. region, income group), one string per row; null = missing. */
  readonly groups: ReadonlyMap<string, readonly (string | null)[]>;
  /** Numeric unit-level variables (e.g. denominators), one value per row. */
  readonly variables: ReadonlyMap<string, Float64Array>;
}

/** The raw input of a build: indicator data plus unit attributes, in the same row order. */
export interface IndexData {
  readonly raw: Dataset;
  readonly attributes: UnitAttributes;
  /** Display names of units, by unit code. */
  readonly unitNames: ReadonlyMap<string, string>;
}

export function makeRowIndex(units: readonly string[], years?: ArrayLike<number>, origin?: Int32Array): RowIndex {
  const y = new Float64Array(units.length);
  if (years) for (let i = 0; i < units.length; i++) y[i] = years[i];
  else y.fill(NaN);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < units.length; i++) {
    const key = y[i];
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const byYear = new Map<number, Int32Array>();
  for (const k of keys) byYear.set(k, Int32Array.from(groups.get(k) ?? []));
  return { units, years: y, byYear, origin: origin ?? Int32Array.from(units, (_, i) => i) };
}

export function columnIndex(dataset: Dataset, code: string): number {
  return dataset.codes.indexOf(code);
}

/** The column of `code`, or throws naming the code and the columns that exist. */
export function getColumn(dataset: Dataset, code: string): Float64Array {
  const i = dataset.codes.indexOf(code);
  if (i < 0) throw new Error(`data set has no column "${code}"; columns are ${dataset.codes.join(', ')}`);
  return dataset.columns[i];
}

/** A new data set with the given columns replaced or appended. */
export function withColumns(dataset: Dataset, replacements: ReadonlyMap<string, Float64Array>): Dataset {
  const codes = dataset.codes.slice();
  const columns = dataset.columns.slice();
  for (const [code, column] of replacements) {
    const i = codes.indexOf(code);
    if (i >= 0) columns[i] = column;
    else {
      codes.push(code);
      columns.push(column);
    }
  }
  return { rows: dataset.rows, codes, columns };
}

/** Keeps the rows whose flag is set, in order; returns the old row number of each new row too. */
export function filterRows(dataset: Dataset, keep: ArrayLike<boolean>): { dataset: Dataset; kept: Int32Array } {
  const n = dataset.rows.units.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (keep[i]) count++;
  const kept = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) kept[k++] = i;
  const units = new Array<string>(count);
  const years = new Float64Array(count);
  const origin = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = kept[k];
    units[k] = dataset.rows.units[i];
    years[k] = dataset.rows.years[i];
    origin[k] = dataset.rows.origin[i];
  }
  const columns = dataset.columns.map((c) => gather(c, kept));
  return { dataset: { rows: makeRowIndex(units, years, origin), codes: dataset.codes, columns }, kept };
}

/** Keeps only the named columns, in the given order. */
export function selectColumns(dataset: Dataset, codes: readonly string[]): Dataset {
  return { rows: dataset.rows, codes: codes.slice(), columns: codes.map((c) => getColumn(dataset, c)) };
}

/** Gathers `values[rows[k]]` for k = 0..rows.length-1 into `out` (allocated if not given). */
export function gather(values: Float64Array, rows: Int32Array, out = new Float64Array(rows.length)): Float64Array {
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

/** The group label of each row, read through the rows' origin. */
export function groupOfRows(rows: RowIndex, attributes: UnitAttributes, group: string): (string | null)[] {
  const labels = attributes.groups.get(group);
  if (!labels) throw new Error(`no unit group "${group}"`);
  return Array.from(rows.origin, (o) => labels[o]);
}

/** A unit-level variable for each row, read through the rows' origin. */
export function variableOfRows(rows: RowIndex, attributes: UnitAttributes, variable: string): Float64Array {
  const values = attributes.variables.get(variable);
  if (!values) throw new Error(`no unit variable "${variable}"`);
  return Float64Array.from(rows.origin, (o) => values[o]);
}
