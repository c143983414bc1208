import type { Dataset } from '../data/dataset.js';
import type { BuildResult } from '../pipeline/build.js';
import { groupAvailability, indicatorAvailability, unitAvailability, type GroupDataAvailability, type IndicatorDataAvailability, type UnitDataAvailability } from './availability.js';
import { correlationTable, parentCorrelations, type CollinearPair, type CorrelationMethod, type CorrelationPair, type ParentCorrelation } from './correlation.js';
import { cronbachByAggregate, type CovarianceUse, type CronbachRow } from './cronbach.js';
import { defaultDescribeOptions, describeIndicators, type DescribeOptions, type IndicatorStatistics } from './descriptive.js';
import { pcaByAggregate, type PcaComponentRow, type PcaLoadingRow } from './pca.js';

/** What an audit finding is about; see `AuditFinding`. */
export type AuditFlag =
  | 'LOW_AVAILABILITY'
  | 'LOW_NON_ZERO'
  | 'LOW_UNIQUE'
  | 'SKEW_KURTOSIS'
  | 'NEGATIVE_WITH_PARENT'
  | 'COLLINEAR'
  | 'LOW_ALPHA'
  | 'SEVERAL_COMPONENTS';

/**
 * One finding of an audit, shaped like a `Problem` warning (message saying who complains,
 * what, the value and where; a hint saying what to do) but keyed by an `AuditFlag`.
 */
export interface AuditFinding {
  flag: AuditFlag;
  severity: 'warning';
  message: string;
  hint: string;
  /** The data set the finding comes from. */
  dataset: string;
  /** The indicator or aggregate concerned (the first of a pair). */
  indicator: string;
  /** NaN when the data have no year. */
  year: number;
  value: number;
}

export interface AuditOptions {
  /** Data set for indicator statistics and data availability. Default "raw". */
  statisticsDataset?: string;
  /** Data set for correlations, Cronbach's alpha and PCA; must hold every node. Default "aggregated". */
  structureDataset?: string;
  /** Correlation method. Default "pearson". */
  method?: CorrelationMethod;
  /** COINr `get_stats()` thresholds. */
  statistics?: DescribeOptions;
  /** |r| between siblings above which they are collinear. Default 0.9. */
  collinearityThreshold?: number;
  /** Correlation with the parent below which a node is flagged. Default 0. */
  negativeThreshold?: number;
  /** Cronbach's alpha below which a group is flagged. Default 0.7. */
  alphaThreshold?: number;
  /** Missing values in Cronbach's alpha. Default "complete". */
  cronbachUse?: CovarianceUse;
}

/** Everything an audit computes: tables of plain row objects (ready for CSV or JSON) and findings. */
export interface AuditResult {
  statisticsDataset: string;
  structureDataset: string;
  method: CorrelationMethod;
  statistics: IndicatorStatistics[];
  unitAvailability: UnitDataAvailability[];
  groupAvailability: GroupDataAvailability[];
  indicatorAvailability: IndicatorDataAvailability[];
  /** Every pair of indicators in the structure data set, with p-values. */
  indicatorCorrelations: CorrelationPair[];
  parentCorrelations: ParentCorrelation[];
  collinearPairs: CollinearPair[];
  cronbach: CronbachRow[];
  pcaComponents: PcaComponentRow[];
  pcaLoadings: PcaLoadingRow[];
  findings: AuditFinding[];
}

function requireDataset(build: BuildResult, name: string, option: string): Dataset {
  const dataset = build.datasets.get(name);
  if (!dataset) {
    throw new Error(`auditBuild: option ${option} names data set "${name}", which the build does not have; data sets are ${[...build.datasets.keys()].join(', ')}`);
  }
  return dataset;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(3));
const inYear = (year: number): string => (Number.isNaN(year) ? '' : ` in ${year}`);

/**
 * Audits a built index in the way of the JRC's statistical audits and COINr's analysis
 * functions: indicator statistics (`get_stats`) and data availability (`get_data_avail`) on
 * the statistics data set, and on the structure data set the correlations of every node with
 * its parent and the index, collinear siblings (`get_corr_flags`), Cronbach's alpha
 * (`get_cronbach`) and PCA (`get_PCA`) of each aggregate's children. Every computation is per
 * year. Findings are returned, not thrown; unknown data set names throw.
 *
 * Conventions and thresholds are documented in descriptive.ts, availability.ts,
 * correlation.ts, cronbach.ts and pca.ts. A group is flagged SEVERAL_COMPONENTS when more than
 * one eigenvalue of its children's correlation matrix exceeds 1 (Kaiser's criterion: the group
 * may measure more than one thing).
 *
 * @example
 * // COINr's ASEM example, default pipeline:
 * const audit = auditBuild(buildIndex(spec, data));
 * audit.findings.find((f) => f.flag === 'NEGATIVE_WITH_PARENT')?.message
 * // 'audit: "TBTs" in 2018 correlates -0.615 with its parent "Instit" (pearson, n = 51)'
 */
export function auditBuild(build: BuildResult, options: AuditOptions = {}): AuditResult {
  const statisticsName = options.statisticsDataset ?? 'raw';
  const structureName = options.structureDataset ?? 'aggregated';
  const statisticsData = requireDataset(build, statisticsName, 'statisticsDataset');
  const structureData = requireDataset(build, structureName, 'structureDataset');
  const method = options.method ?? 'pearson';
  const alphaThreshold = options.alphaThreshold ?? 0.7;
  const thresholds = { ...defaultDescribeOptions, ...options.statistics };
  const framework = build.framework;
  const indicatorCodes = framework.indicators.map((i) => framework.nodes[i].code);
  const statisticsCodes = indicatorCodes.filter((c) => statisticsData.codes.includes(c));
  const structureIndicators = indicatorCodes.filter((c) => structureData.codes.includes(c));

  const statistics = describeIndicators(statisticsData, statisticsCodes, thresholds);
  const correlations = parentCorrelations(framework, structureData, { method, collinearityThreshold: options.collinearityThreshold, negativeThreshold: options.negativeThreshold });
  const cronbach = cronbachByAggregate(framework, structureData, { use: options.cronbachUse, threshold: alphaThreshold });
  const pca = pcaByAggregate(framework, structureData);

  const findings: AuditFinding[] = [];
  const add = (flag: AuditFlag, dataset: string, indicator: string, year: number, value: number, message: string, hint: string) =>
    findings.push({ flag, severity: 'warning', message, hint, dataset, indicator, year, value });
  for (const s of statistics) {
    const where = `audit: indicator "${s.indicator}"${inYear(s.year)} in data set "${statisticsName}"`;
    if (s.flagAvailability === 'LOW') {
      add('LOW_AVAILABILITY', statisticsName, s.indicator, s.year, s.fractionAvailable, `${where} has values for ${s.available} of ${s.units} units (${fmt(s.fractionAvailable)}, below ${thresholds.availabilityThreshold})`, 'Impute it, find a better-covered source, or drop the indicator (screen step).');
    }
    if (s.flagNonZero === 'LOW') {
      const share = s.nonZero / s.units;
      add('LOW_NON_ZERO', statisticsName, s.indicator, s.year, share, `${where} is non-zero for ${s.nonZero} of ${s.units} units (${fmt(share)}, below ${thresholds.nonZeroThreshold})`, 'Check whether the zeros are real values or missing data coded as 0.');
    }
    if (s.flagUnique === 'LOW') {
      const share = s.unique / s.units;
      add('LOW_UNIQUE', statisticsName, s.indicator, s.year, share, `${where} has ${s.unique} distinct values for ${s.units} units (${fmt(share)}, below ${thresholds.uniqueThreshold})`, 'An indicator with few distinct values discriminates poorly between units; consider a finer measure.');
    }
    if (s.flagSkewKurtosis === 'OUT') {
      add('SKEW_KURTOSIS', statisticsName, s.indicator, s.year, s.skewness, `${where} has skewness ${fmt(s.skewness)} and kurtosis ${fmt(s.kurtosis)} (flagged when |skewness| > ${thresholds.skewThreshold} and kurtosis > ${thresholds.kurtosisThreshold})`, 'Add or review the treat step (winsorisation or a log transform) for this indicator.');
    }
  }
  for (const p of correlations.parents) {
    if (!p.negative) continue;
    add('NEGATIVE_WITH_PARENT', structureName, p.node, p.year, p.withParent, `audit: "${p.node}"${inYear(p.year)} correlates ${fmt(p.withParent)} with its parent "${p.parent}" (${correlations.method}, n = ${p.n})`, 'Check the indicator\'s direction; if it is right, the indicator works against its group: reconsider its place in the framework.');
  }
  for (const c of correlations.collinear) {
    add('COLLINEAR', structureName, c.node1, c.year, c.r, `audit: "${c.node1}" and "${c.node2}" in "${c.group}"${inYear(c.year)} correlate ${fmt(c.r)} (${correlations.method}; |r| above ${options.collinearityThreshold ?? 0.9})`, 'The two may measure the same thing (double counting); consider keeping one or lowering their weights.');
  }
  for (const c of cronbach) {
    if (!c.low) continue;
    add('LOW_ALPHA', structureName, c.aggregate, c.year, c.alpha, `audit: the ${c.k} children of "${c.aggregate}"${inYear(c.year)} have Cronbach's alpha ${fmt(c.alpha)} (below ${alphaThreshold})`, 'The group is not internally consistent; look at the PCA and the correlations of its children with it.');
  }
  for (const r of pca.results) {
    if (!(r.pca.componentsAboveOne > 1)) continue;
    add('SEVERAL_COMPONENTS', structureName, r.aggregate, r.year, r.pca.componentsAboveOne, `audit: the children of "${r.aggregate}"${inYear(r.year)} have ${r.pca.componentsAboveOne} principal components with eigenvalue above 1 (PC1 explains ${fmt(r.pca.varianceShares[0])} of the variance)`, 'The group may measure more than one dimension; consider splitting it.');
  }

  return {
    statisticsDataset: statisticsName,
    structureDataset: structureName,
    method,
    statistics,
    unitAvailability: unitAvailability(statisticsData, statisticsCodes),
    groupAvailability: groupAvailability(framework, statisticsData),
    indicatorAvailability: indicatorAvailability(statisticsData, statisticsCodes),
    indicatorCorrelations: correlationTable(structureData, structureIndicators, method),
    parentCorrelations: correlations.parents,
    collinearPairs: correlations.collinear,
    cronbach,
    pcaComponents: pca.components,
    pcaLoadings: pca.loadings,
    findings,
  };
}
