import {
  auditBuild,
  effectiveWeights,
  strengthsAndWeaknesses,
  trends,
  type BuildResult,
  type Dataset,
  type IndexData,
} from '@softpower/engine';
import type { Cell } from './csv.js';

/** A named table ready for CSV, XLSX or JSON. */
export interface OutputTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

function yearCell(year: number): Cell {
  return Number.isNaN(year) ? null : year;
}

/** One row per unit-year: every node's score, then every aggregate's rank. */
export function resultsTable(build: BuildResult, data: IndexData): OutputTable {
  const { results, framework } = build;
  const hasYears = [...results.rows.years].some((y) => !Number.isNaN(y));
  const aggregates = results.codes.filter((c) => !framework.nodes[framework.byCode.get(c)!].isIndicator);
  const columns = ['unit', 'unitName', ...(hasYears ? ['year'] : []), ...aggregates, ...aggregates.map((c) => `${c}.rank`)];
  const rows = results.rows.units.map((unit, r) => {
    const row: Cell[] = [unit, data.unitNames.get(unit) ?? null];
    if (hasYears) row.push(yearCell(results.rows.years[r]));
    for (const c of aggregates) row.push(results.scores[results.codes.indexOf(c)][r]);
    for (const c of aggregates) row.push(results.ranks[results.codes.indexOf(c)][r]);
    return row;
  });
  return { name: 'results', columns, rows };
}

/** Long form: unit, year, code, level, score, rank, for every node. */
export function resultsLongTable(build: BuildResult): OutputTable {
  const { results } = build;
  const rows: Cell[][] = [];
  results.codes.forEach((code, k) => {
    results.rows.units.forEach((unit, r) => {
      rows.push([unit, yearCell(results.rows.years[r]), code, results.levels[k], results.scores[k][r], results.ranks[k][r]]);
    });
  });
  return { name: 'results_long', columns: ['unit', 'year', 'code', 'level', 'score', 'rank'], rows };
}

/** A data set as a wide table. */
export function datasetTable(name: string, dataset: Dataset): OutputTable {
  const hasYears = [...dataset.rows.years].some((y) => !Number.isNaN(y));
  const columns = ['unit', ...(hasYears ? ['year'] : []), ...dataset.codes];
  const rows = dataset.rows.units.map((unit, r) => [unit, ...(hasYears ? [yearCell(dataset.rows.years[r])] : []), ...dataset.columns.map((c) => c[r])]);
  return { name: `dataset_${name}`, columns, rows };
}

/** Every weight set: each node's weight in its group and its effective weight in the index. */
export function weightsTable(build: BuildResult): OutputTable {
  const rows: Cell[][] = [];
  for (const [name, set] of build.weightSets) {
    const effective = effectiveWeights(build.framework, set);
    for (const node of build.framework.nodes) {
      const parent = node.parent >= 0 ? build.framework.nodes[node.parent].code : null;
      rows.push([name, node.code, node.level, parent, set[node.index], effective[node.index]]);
    }
  }
  return { name: 'weights', columns: ['weightSet', 'code', 'level', 'parent', 'weight', 'effectiveWeight'], rows };
}

/** Each unit's top and bottom indicators by rank. */
export function strengthsTable(build: BuildResult): OutputTable {
  const rows: Cell[][] = [];
  for (const sw of strengthsAndWeaknesses(build.framework, build.results, build.spec.results.strengthsAndWeaknesses)) {
    sw.strengths.forEach((s, i) => rows.push([sw.unit, yearCell(sw.year), 'strength', i + 1, s.indicator, s.rank, s.score]));
    sw.weaknesses.forEach((s, i) => rows.push([sw.unit, yearCell(sw.year), 'weakness', i + 1, s.indicator, s.rank, s.score]));
  }
  return { name: 'strengths_weaknesses', columns: ['unit', 'year', 'kind', 'order', 'indicator', 'rank', 'score'], rows };
}

/** The audit trail of the steps: imputed cells, screening, treatment. */
export function stepTables(build: BuildResult): OutputTable[] {
  const tables: OutputTable[] = [];
  for (const report of build.reports) {
    if (report.kind === 'impute' && report.enabled) {
      tables.push({
        name: `imputed_${report.id}`,
        columns: ['unit', 'year', 'indicator', 'value', 'method', 'fromYear'],
        rows: report.imputed.map((c) => [c.unit, yearCell(c.year), c.indicator, c.value, c.method, c.fromYear ?? null]),
      });
    }
    if (report.kind === 'screen' && report.enabled) {
      tables.push({
        name: `screening_${report.id}`,
        columns: ['unit', 'year', 'missing', 'zeros', 'dataAvailability', 'nonZero', 'lowData', 'lowNonZero', 'forced', 'thinGroups', 'included'],
        rows: report.units.map((u) => [u.unit, yearCell(u.year), u.missing, u.zeros, u.dataAvailability, u.nonZero, u.lowData, u.lowNonZero, u.forced, u.thinGroups.join(';'), u.included]),
      });
    }
    if (report.kind === 'treat' && report.enabled) {
      tables.push({
        name: `treatment_${report.id}`,
        columns: ['indicator', 'year', 'passBefore', 'skewBefore', 'kurtosisBefore', 'winsorised', 'passAfterWinsorise', 'skewAfterWinsorise', 'kurtosisAfterWinsorise', 'transform', 'passAfterTransform', 'skewAfterTransform', 'kurtosisAfterTransform'],
        rows: report.indicators.map(({ indicator, year, details: d }) => [
          indicator,
          yearCell(year),
          d.before.pass,
          d.before.skew,
          d.before.kurtosis,
          d.winsorised,
          d.afterWinsorise?.pass ?? null,
          d.afterWinsorise?.skew ?? null,
          d.afterWinsorise?.kurtosis ?? null,
          d.transformed,
          d.afterTransform?.pass ?? null,
          d.afterTransform?.skew ?? null,
          d.afterTransform?.kurtosis ?? null,
        ]),
      });
      tables.push({
        name: `treated_cells_${report.id}`,
        columns: ['unit', 'year', 'indicator', 'before', 'after', 'flag'],
        rows: report.cells.map((c) => [c.unit, yearCell(c.year), c.indicator, c.before, c.after, c.flag]),
      });
    }
    if (report.kind === 'weight' && report.enabled) {
      tables.push({
        name: `ahp_${report.id}`,
        columns: ['parent', 'lambdaMax', 'consistencyIndex', 'randomIndex', 'consistencyRatio'],
        rows: report.ahp.map((a) => [a.parent, a.result.lambdaMax, a.result.consistencyIndex, a.result.randomIndex, a.result.consistencyRatio]),
      });
    }
  }
  return tables.filter((t) => t.rows.length > 0 || t.name.startsWith('screening') || t.name.startsWith('treatment'));
}

function objectsTable(name: string, objects: readonly object[]): OutputTable {
  const columns = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const rows = objects.map((o) =>
    columns.map((c) => {
      const v = (o as Record<string, unknown>)[c];
      if (v == null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v as Cell;
      return JSON.stringify(v);
    }),
  );
  return { name, columns, rows };
}

/**
 * The statistical audit of a build (indicator statistics, data availability, correlations
 * with parents, collinearity, Cronbach's alpha, PCA, findings), when the build has the raw and
 * aggregated data sets it needs.
 */
export function auditTables(build: BuildResult): OutputTable[] {
  if (!build.datasets.has('aggregated') || !build.datasets.has('raw')) return [];
  const audit = auditBuild(build);
  return [
    objectsTable('statistics', audit.statistics),
    objectsTable('availability_units', audit.unitAvailability),
    objectsTable('availability_groups', audit.groupAvailability),
    objectsTable('availability_indicators', audit.indicatorAvailability),
    objectsTable('correlations_with_parents', audit.parentCorrelations),
    objectsTable('correlations_indicators', audit.indicatorCorrelations),
    objectsTable('collinear_pairs', audit.collinearPairs),
    objectsTable('cronbach', audit.cronbach),
    objectsTable('pca_components', audit.pcaComponents),
    objectsTable('pca_loadings', audit.pcaLoadings),
    objectsTable('findings', audit.findings),
  ];
}

/** Trends over the years of a panel: CAGR, percentage change and rank change per unit and node. */
export function trendsTable(build: BuildResult): OutputTable {
  const list = trends(build.results);
  return {
    name: 'trends',
    columns: ['unit', 'code', 'firstYear', 'lastYear', 'first', 'last', 'cagr', 'percentChange', 'rankChange', 'years'],
    rows: list.map((t) => [t.unit, t.code, t.firstYear, t.lastYear, t.first, t.last, t.cagr, t.percentChange, t.rankChange, t.years]),
  };
}
