/**
 * Analysis and audit of a built index: indicator statistics, data availability, correlations
 * with p-values, Cronbach's alpha and PCA, per year, following COINr 1.1.14's analysis
 * functions and the JRC's audit practice.
 */
export { auditBuild, type AuditFinding, type AuditFlag, type AuditOptions, type AuditResult } from './audit.js';
export {
  groupAvailability,
  indicatorAvailability,
  unitAvailability,
  type GroupDataAvailability,
  type IndicatorDataAvailability,
  type UnitDataAvailability,
} from './availability.js';
export {
  averageRanks,
  correlation,
  correlationMatrix,
  correlationMethods,
  correlationTable,
  correlationTest,
  correlationsWithParents,
  kendall,
  parentCorrelations,
  pearson,
  spearman,
  type CollinearPair,
  type CorrelationMethod,
  type CorrelationPair,
  type CorrelationTest,
  type ParentCorrelation,
  type ParentCorrelationOptions,
  type ParentCorrelations,
} from './correlation.js';
export { cronbachAlpha, cronbachByAggregate, type CovarianceUse, type CronbachResult, type CronbachRow } from './cronbach.js';
export { defaultDescribeOptions, describeColumn, describeIndicators, type ColumnStatistics, type DescribeOptions, type IndicatorStatistics } from './descriptive.js';
export {
  logGamma,
  normalCdf,
  normalTwoSided,
  regularisedGammaP,
  regularisedGammaQ,
  regularisedIncompleteBeta,
  studentTCdf,
  studentTTwoSided,
} from './distributions.js';
export {
  pcaByAggregate,
  principalComponents,
  symmetricEigen,
  type Eigen,
  type PcaByAggregate,
  type PcaComponentRow,
  type PcaLoadingRow,
  type PrincipalComponents,
} from './pca.js';
