import type { Dataset } from '../data/dataset.js';
import { indicatorsBelow, type Framework } from '../framework/framework.js';
import { requireColumns, yearSlices } from './years.js';

/**
 * Data availability as COINr 1.1.14's `get_data_avail()` (R/screen_units.R):
 * - per unit (`Summary`): missing and zero counts across the indicator columns,
 *   `availability` = 1 - missing / k, `nonZero` = 1 - zeros / (k - missing) (NaN when every
 *   value is missing, as R's 0/0);
 * - per unit and group (`ByGroup`): for every aggregate of level 2 and above, the share of the
 *   indicators below it that are present (indicator-level availability, as COINr, not the
 *   availability of the aggregate's own children);
 * - per indicator: the share of units with a value (COINr `get_stats()` `Frc.Avail`).
 * Everything per year: a unit-year is one row of the data set.
 */
export interface UnitDataAvailability {
  unit: string;
  year: number;
  /** COINr `N_missing`. */
  missing: number;
  /** COINr `N_zero`. */
  zeros: number;
  /** COINr `N_miss_or_zero`. */
  missingOrZero: number;
  /** COINr `Dat_Avail`. */
  availability: number;
  /** COINr `Non_Zero`. */
  nonZero: number;
}

export interface GroupDataAvailability {
  unit: string;
  year: number;
  group: string;
  level: number;
  /** Indicators below the group. */
  indicators: number;
  /** Of which present for this unit. */
  available: number;
  availability: number;
}

export interface IndicatorDataAvailability {
  indicator: string;
  year: number;
  /** Units (rows) in the year. */
  units: number;
  available: number;
  availability: number;
}

/**
 * Availability of each unit-year across the given columns (COINr `get_data_avail()$Summary`).
 *
 * @example
 * // Row (1, NaN, 0): missing 1, zeros 1, availability 2/3, nonZero 1 - 1/2 = 0.5.
 * unitAvailability(dataset, ['a', 'b', 'c'])[0] // { unit: 'X', year: NaN, missing: 1, zeros: 1, missingOrZero: 2, availability: 0.666…, nonZero: 0.5 }
 */
export function unitAvailability(dataset: Dataset, codes: readonly string[]): UnitDataAvailability[] {
  requireColumns(dataset, codes, 'unitAvailability');
  const k = codes.length;
  const out: UnitDataAvailability[] = [];
  for (const slice of yearSlices(dataset, codes)) {
    slice.rows.forEach((row, r) => {
      let missing = 0;
      let zeros = 0;
      for (const column of slice.columns) {
        const v = column[r];
        if (Number.isNaN(v)) missing++;
        else if (v === 0) zeros++;
      }
      out.push({ unit: dataset.rows.units[row], year: slice.year, missing, zeros, missingOrZero: missing + zeros, availability: 1 - missing / k, nonZero: 1 - zeros / (k - missing) });
    });
  }
  return out;
}

/**
 * Availability of each unit-year within every aggregate (COINr `get_data_avail()$ByGroup`),
 * counted over the indicators below the aggregate. Indicators that are not columns of the data
 * set (removed by a screen step) are left out of the counts. Rows by year, then unit, then
 * aggregate in the framework's computation order.
 *
 * @example
 * // Framework r → a → (x, y); row (1, NaN):
 * groupAvailability(framework, dataset)
 * // [{ unit: 'u1', year: NaN, group: 'a', level: 2, indicators: 2, available: 1, availability: 0.5 }, { …, group: 'r', level: 3, … }]
 */
export function groupAvailability(framework: Framework, dataset: Dataset): GroupDataAvailability[] {
  const present = new Set(dataset.codes);
  const indicators = framework.indicators.filter((i) => present.has(framework.nodes[i].code));
  const indicatorCodes = indicators.map((i) => framework.nodes[i].code);
  const position = new Map(indicators.map((node, i) => [node, i]));
  const groups = framework.aggregates.map((a) => ({
    node: framework.nodes[a],
    members: indicatorsBelow(framework, a)
      .filter((i) => position.has(i))
      .map((i) => position.get(i)!),
  }));
  const out: GroupDataAvailability[] = [];
  for (const slice of yearSlices(dataset, indicatorCodes)) {
    slice.rows.forEach((row, r) => {
      for (const { node, members } of groups) {
        let available = 0;
        for (const m of members) if (!Number.isNaN(slice.columns[m][r])) available++;
        out.push({ unit: dataset.rows.units[row], year: slice.year, group: node.code, level: node.level, indicators: members.length, available, availability: available / members.length });
      }
    });
  }
  return out;
}

/**
 * Share of units with a value, for each indicator and year.
 *
 * @example
 * // Column x = (1, NaN) for two units in one year:
 * indicatorAvailability(dataset, ['x'])[0] // { indicator: 'x', year: NaN, units: 2, available: 1, availability: 0.5 }
 */
export function indicatorAvailability(dataset: Dataset, codes: readonly string[]): IndicatorDataAvailability[] {
  requireColumns(dataset, codes, 'indicatorAvailability');
  const out: IndicatorDataAvailability[] = [];
  for (const slice of yearSlices(dataset, codes)) {
    codes.forEach((indicator, i) => {
      const column = slice.columns[i];
      let available = 0;
      for (let r = 0; r < column.length; r++) if (!Number.isNaN(column[r])) available++;
      out.push({ indicator, year: slice.year, units: column.length, available, availability: column.length > 0 ? available / column.length : NaN });
    });
  }
  return out;
}
