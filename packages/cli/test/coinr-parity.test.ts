import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildIndex, getColumn, type BuildResult, type Dataset, type TreatReport } from '@softpower/engine';
import { loadSpec } from '../src/io/spec.js';
import { expectAllClose, expectClose } from './support/close.js';
import { readReference, repoRoot } from './support/reference.js';

/**
 * Cell-by-cell parity with COINr 1.1.14 on its ASEM example (reference outputs computed with
 * the R package and shipped in data/coinr-asem/reference; see its params.json files).
 * Tolerance: 1e-9 relative (1e-12 absolute near zero).
 */
const tolerance = { rel: 1e-9, abs: 1e-12 };

async function build(name: string): Promise<BuildResult> {
  const loaded = await loadSpec(join(repoRoot, 'examples/coinr-asem', `${name}.yaml`));
  return buildIndex(loaded.spec, loaded.data);
}

/** Compares every column of a reference CSV (keyed by uCode) with a data set. */
function expectDatasetMatches(dataset: Dataset, referenceFile: string) {
  const reference = readReference(referenceFile);
  const units = reference.units();
  expect(dataset.rows.units.slice().sort()).toEqual(units.slice().sort());
  const rowOf = new Map(dataset.rows.units.map((u, i) => [u, i]));
  const columns = reference.header.filter((h) => h !== 'uCode' && h !== 'uName' && h !== 'Rank');
  expect(columns.length).toBeGreaterThan(0);
  for (const code of columns) {
    const ours = getColumn(dataset, code);
    expectAllClose(
      units.map((u) => ours[rowOf.get(u)!]),
      units.map((u) => reference.value(u, code)),
      tolerance,
      units.map((u) => `${referenceFile} ${u} ${code}`),
    );
  }
  return columns.length;
}

function expectTreatmentMatches(report: TreatReport, folder: string) {
  const details = readReference(`${folder}/treat_details.csv`);
  const byCode = new Map(report.indicators.map((t) => [t.indicator, t.details]));
  for (const code of details.units()) {
    const d = byCode.get(code)!;
    expect(String(d.before.pass).toUpperCase(), `${code} pass`).toBe(details.text(code, 'check_SkewKurt0.Pass'));
    expectClose(d.before.skew, details.value(code, 'check_SkewKurt0.Skew'), tolerance, `${code} skew`);
    expectClose(d.before.kurtosis, details.value(code, 'check_SkewKurt0.Kurt'), tolerance, `${code} kurt`);
    const nwin = details.value(code, 'winsorise.nwin');
    expect(d.winsorised ?? NaN, `${code} nwin`).toStrictEqual(nwin);
    if (!Number.isNaN(nwin)) {
      expect(String(d.afterWinsorise!.pass).toUpperCase(), `${code} pass after`).toBe(details.text(code, 'check_SkewKurt1.Pass'));
      expectClose(d.afterWinsorise!.skew, details.value(code, 'check_SkewKurt1.Skew'), tolerance, `${code} skew after`);
      expectClose(d.afterWinsorise!.kurtosis, details.value(code, 'check_SkewKurt1.Kurt'), tolerance, `${code} kurt after`);
    }
  }
  const points = readReference(`${folder}/treated_points.csv`);
  const flagged = new Map(report.cells.map((c) => [`${c.unit} ${c.indicator}`, c.flag]));
  let count = 0;
  for (const unit of points.units()) {
    for (const code of points.header.slice(1)) {
      const expected = points.text(unit, code);
      expect(flagged.get(`${unit} ${code}`) ?? '', `${unit} ${code} flag`).toBe(expected);
      if (expected) count++;
    }
  }
  return count;
}

describe('COINr 1.1.14 parity on the ASEM example', () => {
  it('a_default: every intermediate data set, the treatment details and the results match cell by cell', async () => {
    const result = await build('a_default');
    const datasets: [string, string][] = [
      ['raw', 'a_default/dset_Raw.csv'],
      ['denominated', 'a_default/dset_Denominated.csv'],
      ['imputed', 'a_default/dset_Imputed.csv'],
      ['screened', 'a_default/dset_Screened.csv'],
      ['treated', 'a_default/dset_Treated.csv'],
      ['normalised', 'a_default/dset_Normalised.csv'],
      ['aggregated', 'a_default/aggregated.csv'],
    ];
    for (const [name, file] of datasets) expectDatasetMatches(result.datasets.get(name)!, file);
    const treated = expectTreatmentMatches(result.reports.find((r) => r.kind === 'treat') as TreatReport, 'a_default');
    expect(treated).toBe(35);
    const ranks = readReference('a_default/results.csv');
    const indexAt = result.results.codes.indexOf('Index');
    result.results.rows.units.forEach((u, r) => expect(result.results.ranks[indexAt][r], `${u} rank`).toBe(ranks.value(u, 'Rank')));
  });

  it('b_zscore: z-score (mean 10, sd 2) normalisation matches, aggregates and ranks', async () => {
    const result = await build('b_zscore');
    expect(expectDatasetMatches(result.datasets.get('aggregated')!, 'b_zscore/aggregated.csv')).toBe(60);
    const ranks = readReference('b_zscore/results.csv');
    const indexAt = result.results.codes.indexOf('Index');
    result.results.rows.units.forEach((u, r) => expect(result.results.ranks[indexAt][r], `${u} rank`).toBe(ranks.value(u, 'Rank')));
  });

  it('d_geometric: min-max onto [1, 100] and the weighted geometric mean at every level match', async () => {
    const result = await build('d_geometric');
    expect(expectDatasetMatches(result.datasets.get('aggregated')!, 'd_geometric/aggregated.csv')).toBe(60);
    const ranks = readReference('d_geometric/results.csv');
    const indexAt = result.results.codes.indexOf('Index');
    result.results.rows.units.forEach((u, r) => expect(result.results.ranks[indexAt][r], `${u} rank`).toBe(ranks.value(u, 'Rank')));
  });

  it('h_treat_raw: default treatment of the raw indicators matches values, details and flags', async () => {
    const result = await build('h_treat_raw');
    expectDatasetMatches(result.datasets.get('treated')!, 'h_treat_raw/treated_values.csv');
    const flagged = expectTreatmentMatches(result.reports.find((r) => r.kind === 'treat') as TreatReport, 'h_treat_raw');
    expect(flagged).toBeGreaterThan(0);
  });
});
