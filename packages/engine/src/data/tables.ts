import { problem, SoftPowerError, type Problem } from '../errors.js';
import type { FrameworkNodeInput, FrameworkSpec } from '../spec/schema.js';
import { makeRowIndex, type IndexData } from './dataset.js';

/**
 * A parsed table as it came from a file (CSV or a spreadsheet), before any interpretation.
 * Cells are strings, numbers or null (empty). Row numbers in messages are 1-based file lines
 * counting the header as line 1.
 */
export interface Table {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

const missingTokens = new Set(['', 'NA', 'NaN', 'N/A', 'n/a', '..', '.', '-', '—']);

/**
 * Reads a cell as a number. Empty cells and the missing-value tokens of R, the World Bank
 * and spreadsheets (NA, NaN, .., N/A, -) are missing (NaN); anything else that is not a
 * number is a problem.
 */
export function parseNumberCell(cell: string | number | null | undefined): number | undefined {
  if (cell == null) return NaN;
  if (typeof cell === 'number') return cell;
  const text = cell.trim();
  if (missingTokens.has(text)) return NaN;
  if (text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text.replace(/,(?=\d{3}(\D|$))/g, ''));
  return Number.isNaN(n) ? undefined : n;
}

function columnIndex(table: Table, name: string, problems: Problem[], hint: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    problems.push(problem('DATA_UNKNOWN_COLUMN', `${table.file}: no column "${name}" (columns: ${table.header.join(', ')})`, { file: table.file, column: name, hint }));
  }
  return i;
}

function text(cell: string | number | null | undefined): string | null {
  if (cell == null) return null;
  const s = String(cell).trim();
  return s === '' || s === 'NA' ? null : s;
}

interface WideOptions {
  unitColumn: string;
  nameColumn?: string;
  yearColumn?: string;
  groupColumns: readonly string[];
  variableColumns: readonly string[];
  /** Indicator columns; default: every other column. */
  indicatorColumns?: readonly string[];
}

/**
 * Reads a wide table (one row per unit, or per unit and year; one column per indicator).
 * Reports every non-numeric cell, every duplicate unit(-year) and every missing column at once.
 */
export function indexDataFromWide(table: Table, options: WideOptions): IndexData {
  const problems: Problem[] = [];
  const unitAt = columnIndex(table, options.unitColumn, problems, 'Name the unit column with unitColumn.');
  const nameAt = options.nameColumn ? columnIndex(table, options.nameColumn, problems, 'Name the unit-name column with nameColumn.') : -1;
  const yearAt = options.yearColumn ? columnIndex(table, options.yearColumn, problems, 'Name the year column with yearColumn.') : -1;
  const groupAt = options.groupColumns.map((g) => columnIndex(table, g, problems, 'Check groupColumns.'));
  const variableAt = options.variableColumns.map((v) => columnIndex(table, v, problems, 'Check variableColumns.'));
  const reserved = new Set([options.unitColumn, options.nameColumn, options.yearColumn, ...options.groupColumns, ...options.variableColumns]);
  const indicatorCodes = options.indicatorColumns ?? table.header.filter((h) => !reserved.has(h));
  const indicatorAt = indicatorCodes.map((c) => columnIndex(table, c, problems, 'Check the indicator codes against the header.'));
  if (problems.length > 0) throw new SoftPowerError(problems);

  const units: string[] = [];
  const years: number[] = [];
  const unitNames = new Map<string, string>();
  const seen = new Map<string, number>();
  const columns = indicatorCodes.map(() => [] as number[]);
  const groups = options.groupColumns.map(() => [] as (string | null)[]);
  const variables = options.variableColumns.map(() => [] as number[]);
  const readNumber = (cell: string | number | null, line: number, column: string): number => {
    const n = parseNumberCell(cell);
    if (n === undefined) {
      problems.push(problem('DATA_NOT_NUMERIC', `${table.file} row ${line}, column "${column}": "${cell}" is not a number`, { file: table.file, row: line, column, value: cell, hint: 'Use a plain number with "." as decimal mark; leave the cell empty or write NA for a missing value.' }));
      return NaN;
    }
    return n;
  };
  table.rows.forEach((row, k) => {
    const line = k + 2;
    const unit = text(row[unitAt]);
    if (unit === null) {
      problems.push(problem('DATA_NOT_NUMERIC', `${table.file} row ${line}: the unit code in column "${options.unitColumn}" is empty`, { file: table.file, row: line, column: options.unitColumn, hint: 'Every row needs a unit code.' }));
      return;
    }
    const year = yearAt >= 0 ? readNumber(row[yearAt], line, options.yearColumn!) : NaN;
    const key = `${unit}\u0000${year}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push(problem('DATA_DUPLICATE_UNIT', `${table.file} row ${line}: unit "${unit}"${Number.isNaN(year) ? '' : ` in ${year}`} already appears on row ${previous}`, { file: table.file, row: line, column: options.unitColumn, value: unit, hint: 'Remove or merge the duplicate rows.' }));
      return;
    }
    seen.set(key, line);
    units.push(unit);
    years.push(year);
    if (nameAt >= 0) {
      const name = text(row[nameAt]);
      if (name) unitNames.set(unit, name);
    }
    indicatorAt.forEach((i, c) => columns[c].push(readNumber(row[i], line, indicatorCodes[c])));
    groupAt.forEach((i, g) => groups[g].push(text(row[i])));
    variableAt.forEach((i, v) => variables[v].push(readNumber(row[i], line, options.variableColumns[v])));
  });
  if (problems.length > 0) throw new SoftPowerError(problems);
  return {
    raw: { rows: makeRowIndex(units, yearAt >= 0 ? years : undefined), codes: indicatorCodes.slice(), columns: columns.map((c) => Float64Array.from(c)) },
    attributes: {
      groups: new Map(options.groupColumns.map((g, i) => [g, groups[i]])),
      variables: new Map(options.variableColumns.map((v, i) => [v, Float64Array.from(variables[i])])),
    },
    unitNames,
  };
}

interface LongOptions {
  unit: string;
  indicator: string;
  year: string;
  value: string;
}

/** Reads a long table (unit, indicator, year, value) into a wide data set of unit-year rows. */
export function indexDataFromLong(tables: Table | readonly Table[], options: LongOptions, unitTable?: { table: Table; unitColumn: string; groupColumns: readonly string[]; variableColumns: readonly string[] }): IndexData {
  const problems: Problem[] = [];
  const list = Array.isArray(tables) ? (tables as readonly Table[]) : [tables as Table];
  const table = list[0];
  for (const other of list.slice(1)) {
    if (other.header.join('\u0000') !== table.header.join('\u0000')) {
      problems.push(problem('DATA_UNKNOWN_COLUMN', `${other.file}: its columns (${other.header.join(', ')}) differ from those of ${table.file}`, { file: other.file, hint: 'All files of one long source need the same header.' }));
    }
  }
  const at = {
    unit: columnIndex(table, options.unit, problems, 'Set columns.unit.'),
    indicator: columnIndex(table, options.indicator, problems, 'Set columns.indicator.'),
    year: columnIndex(table, options.year, problems, 'Set columns.year.'),
    value: columnIndex(table, options.value, problems, 'Set columns.value.'),
  };
  if (problems.length > 0) throw new SoftPowerError(problems);
  const rowOf = new Map<string, number>();
  const units: string[] = [];
  const years: number[] = [];
  const codes: string[] = [];
  const codeAt = new Map<string, number>();
  const cells: { row: number; code: number; value: number; line: number }[] = [];
  const seen = new Map<string, number>();
  for (const table of list) table.rows.forEach((row, k) => {
    const line = k + 2;
    const unit = text(row[at.unit]);
    const indicator = text(row[at.indicator]);
    const year = parseNumberCell(row[at.year]);
    const value = parseNumberCell(row[at.value]);
    if (unit === null || indicator === null) {
      problems.push(problem('DATA_NOT_NUMERIC', `${table.file} row ${line}: unit or indicator is empty`, { file: table.file, row: line, hint: 'Every row needs a unit and an indicator code.' }));
      return;
    }
    if (year === undefined || Number.isNaN(year)) {
      problems.push(problem('DATA_NOT_NUMERIC', `${table.file} row ${line}, column "${options.year}": "${row[at.year]}" is not a year`, { file: table.file, row: line, column: options.year, value: row[at.year] }));
      return;
    }
    if (value === undefined) {
      problems.push(problem('DATA_NOT_NUMERIC', `${table.file} row ${line}, column "${options.value}": "${row[at.value]}" is not a number`, { file: table.file, row: line, column: options.value, value: row[at.value], hint: 'Use a plain number; leave the cell empty or write NA for a missing value.' }));
      return;
    }
    const cellKey = `${unit}\u0000${year}\u0000${indicator}`;
    if (seen.has(cellKey)) {
      problems.push(problem('DATA_DUPLICATE_UNIT', `${table.file} row ${line}: ${indicator} for "${unit}" in ${year} already appears on row ${seen.get(cellKey)}`, { file: table.file, row: line, value: unit, hint: 'Keep one value per unit, indicator and year.' }));
      return;
    }
    seen.set(cellKey, line);
    const key = `${unit}\u0000${year}`;
    let r = rowOf.get(key);
    if (r === undefined) {
      r = units.length;
      rowOf.set(key, r);
      units.push(unit);
      years.push(year);
    }
    let c = codeAt.get(indicator);
    if (c === undefined) {
      c = codes.length;
      codeAt.set(indicator, c);
      codes.push(indicator);
    }
    cells.push({ row: r, code: c, value, line });
  });
  if (problems.length > 0) throw new SoftPowerError(problems);
  const columns = codes.map(() => new Float64Array(units.length).fill(NaN));
  for (const cell of cells) columns[cell.code][cell.row] = cell.value;
  let groups = new Map<string, (string | null)[]>();
  let variables = new Map<string, Float64Array>();
  const unitNames = new Map<string, string>();
  if (unitTable) {
    const attributes = indexDataFromWide(unitTable.table, { unitColumn: unitTable.unitColumn, groupColumns: unitTable.groupColumns, variableColumns: unitTable.variableColumns, indicatorColumns: [] });
    const position = new Map(attributes.raw.rows.units.map((u, i) => [u, i]));
    groups = new Map([...attributes.attributes.groups].map(([g, labels]) => [g, units.map((u) => (position.has(u) ? labels[position.get(u)!] : null))]));
    variables = new Map([...attributes.attributes.variables].map(([v, values]) => [v, Float64Array.from(units, (u) => (position.has(u) ? values[position.get(u)!] : NaN))]));
  }
  return { raw: { rows: makeRowIndex(units, years), codes, columns }, attributes: { groups, variables }, unitNames };
}

/**
 * Reads COINr's own iData and iMeta tables unchanged: iMeta gives the framework (Indicator
 * and Aggregate rows, with Level, Parent, Weight, Direction, Unit, Target, Denominator),
 * Group rows name the unit group columns of iData and Denominator rows its unit variables.
 * A column `iName_zh` in iMeta, if present, gives Chinese names.
 */
export function indexDataFromCoinr(iData: Table, iMeta: Table): { data: IndexData; framework: FrameworkSpec } {
  const problems: Problem[] = [];
  const col = (name: string, required = true) => {
    const i = iMeta.header.indexOf(name);
    if (i < 0 && required) problems.push(problem('DATA_UNKNOWN_COLUMN', `${iMeta.file}: COINr iMeta needs a column "${name}" (columns: ${iMeta.header.join(', ')})`, { file: iMeta.file, column: name }));
    return i;
  };
  const at = {
    level: col('Level'),
    code: col('iCode'),
    name: col('iName', false),
    nameZh: col('iName_zh', false),
    direction: col('Direction', false),
    weight: col('Weight', false),
    unit: col('Unit', false),
    target: col('Target', false),
    denominator: col('Denominator', false),
    parent: col('Parent'),
    type: col('Type'),
  };
  if (problems.length > 0) throw new SoftPowerError(problems);
  const nodes: FrameworkNodeInput[] = [];
  const groups: string[] = [];
  const variables: string[] = [];
  const indicators: string[] = [];
  iMeta.rows.forEach((row, k) => {
    const line = k + 2;
    const code = text(row[at.code]);
    const type = text(row[at.type]);
    if (!code) {
      problems.push(problem('SPEC_INVALID', `${iMeta.file} row ${line}: iCode is empty`, { file: iMeta.file, row: line, column: 'iCode' }));
      return;
    }
    if (type === 'Group') groups.push(code);
    else if (type === 'Denominator') variables.push(code);
    else if (type === 'Indicator' || type === 'Aggregate') {
      const num = (i: number, column: string): number | undefined => {
        if (i < 0) return undefined;
        const n = parseNumberCell(row[i]);
        if (n === undefined) {
          problems.push(problem('DATA_NOT_NUMERIC', `${iMeta.file} row ${line}, column "${column}": "${row[i]}" is not a number`, { file: iMeta.file, row: line, column, value: row[i] }));
          return undefined;
        }
        return Number.isNaN(n) ? undefined : n;
      };
      const direction = num(at.direction, 'Direction') ?? 1;
      if (direction !== 1 && direction !== -1) {
        problems.push(problem('SPEC_BAD_PARAMETER', `${iMeta.file} row ${line}, column "Direction": ${direction} must be 1 or -1`, { file: iMeta.file, row: line, column: 'Direction', value: direction }));
      }
      const name = at.name >= 0 ? text(row[at.name]) : null;
      const nameZh = at.nameZh >= 0 ? text(row[at.nameZh]) : null;
      const node: FrameworkNodeInput = {
        code,
        name: { en: name ?? code, ...(nameZh ? { zh: nameZh } : {}) },
        parent: text(row[at.parent]),
        weight: num(at.weight, 'Weight') ?? 1,
        direction: direction === -1 ? -1 : 1,
      };
      const unit = at.unit >= 0 ? text(row[at.unit]) : null;
      if (unit) node.unit = unit;
      const target = num(at.target, 'Target');
      if (target !== undefined) node.target = target;
      const denominator = at.denominator >= 0 ? text(row[at.denominator]) : null;
      if (denominator) node.denominator = denominator;
      nodes.push(node);
      if (type === 'Indicator') indicators.push(code);
    } else if (type !== 'Other') {
      problems.push(problem('SPEC_INVALID', `${iMeta.file} row ${line}, column "Type": "${type}" is not one of Indicator, Aggregate, Group, Denominator, Other`, { file: iMeta.file, row: line, column: 'Type', value: type }));
    }
  });
  if (problems.length > 0) throw new SoftPowerError(problems);
  const hasTime = iData.header.includes('Time');
  const data = indexDataFromWide(iData, {
    unitColumn: 'uCode',
    nameColumn: iData.header.includes('uName') ? 'uName' : undefined,
    yearColumn: hasTime ? 'Time' : undefined,
    groupColumns: groups,
    variableColumns: variables,
    indicatorColumns: indicators,
  });
  return { data, framework: { nodes: nodes as FrameworkSpec['nodes'] } };
}
