import {
  defaultTreatment,
  effectiveWeights,
  resolveTreatment,
  type AggregateReport,
  type BuildResult,
  type DenominateReport,
  type Framework,
  type ImputeReport,
  type LocalisedText,
  type ScreenReport,
  type StepReport,
  type StepSpec,
  type TransformReport,
  type TreatReport,
  type WeightSet,
} from '@softpower/engine';
import type { LoadedSpec } from './io/spec.js';

/** Languages the methodology document is written in. */
export type DocLanguage = 'en' | 'zh';
export const docLanguages: readonly DocLanguage[] = ['en', 'zh'];

/** What the specification and the build do not carry but the document can use. */
export interface MethodologyOptions {
  /** Licence status by indicator code ("open", "flagged"), e.g. from data/derived/indicator_catalogue.csv. */
  licences?: ReadonlyMap<string, string>;
  /** Display names of units by language, e.g. from data/derived/countries.csv (name_en, name_zh). */
  unitNames?: ReadonlyMap<string, LocalisedText>;
}

/** Cronbach's alpha and child-parent correlations of one aggregate in one year. */
export interface AggregateAudit {
  aggregate: string;
  level: number;
  year: number;
  /** Children with a positive weight and a column in the data, the items of alpha. */
  items: string[];
  /** Cronbach's alpha over complete cases; NaN with fewer than 2 items or 2 complete rows. */
  alpha: number;
  completeRows: number;
  /** Pearson correlation of every child present (weight 0 included) with the aggregate. */
  correlations: { child: string; r: number; weight: number }[];
}

/** The structural audit of a build: one row per aggregate (level ≥ 2) and year. */
export interface StructureAudit {
  /** Data set the audit read: the output of the last aggregate step. */
  dataset: string;
  weightSet: string;
  rows: AggregateAudit[];
  /** Aggregates failing in the latest year: alpha < 0.7, or a child with r < 0. */
  failures: { aggregate: string; year: number; reason: 'alpha' | 'negative-correlation'; detail: string }[];
}

const alphaThreshold = 0.7;

/**
 * Audits the statistical coherence of every aggregate, year by year, on the final data set
 * (normalised indicators and aggregate scores): Cronbach's alpha of the children that carry
 * weight (complete cases, sample variances with n - 1, as R's `psych::alpha` on raw scores)
 * and the Pearson correlation of each child with its aggregate (pairwise complete). The JRC
 * handbook's rules of thumb flag alpha < 0.7 and negative child-parent correlations.
 *
 * Computed here because the engine's analysis module is not yet exported from the package.
 *
 * @example
 * structureAudit(build).failures; // [{ aggregate: 'radiation', year: 2023, reason: 'alpha', detail: 'alpha = 0.62' }]
 */
export function structureAudit(build: BuildResult): StructureAudit {
  const aggregate = [...build.reports].reverse().find((r): r is AggregateReport => r.kind === 'aggregate' && r.enabled);
  const datasetName = aggregate?.output ?? [...build.datasets.keys()].at(-1)!;
  const weightSetName = aggregate?.weightSet ?? 'framework';
  const dataset = build.datasets.get(datasetName)!;
  const weights = build.weightSets.get(weightSetName) ?? build.weightSets.get('framework')!;
  const rows: AggregateAudit[] = [];
  const framework = build.framework;
  for (const a of framework.aggregates) {
    const node = framework.nodes[a];
    const parentColumn = dataset.codes.indexOf(node.code);
    if (parentColumn < 0) continue;
    const children = node.children.map((c) => ({ code: framework.nodes[c].code, weight: weights[c], column: dataset.codes.indexOf(framework.nodes[c].code) })).filter((c) => c.column >= 0);
    for (const [year, yearRows] of dataset.rows.byYear) {
      const parent = Float64Array.from(yearRows, (r) => dataset.columns[parentColumn][r]);
      const columns = children.map((c) => Float64Array.from(yearRows, (r) => dataset.columns[c.column][r]));
      const correlations = children.map((c, k) => ({ child: c.code, r: pearson(columns[k], parent), weight: c.weight }));
      const itemIndex = children.map((c, k) => (c.weight > 0 ? k : -1)).filter((k) => k >= 0);
      const { alpha, completeRows } = cronbachAlpha(itemIndex.map((k) => columns[k]));
      rows.push({ aggregate: node.code, level: node.level, year, items: itemIndex.map((k) => children[k].code), alpha, completeRows, correlations });
    }
  }
  const latest = Math.max(...dataset.rows.byYear.keys());
  const failures: StructureAudit['failures'] = [];
  for (const row of rows.filter((r) => r.year === latest)) {
    if (row.items.length >= 2 && !(row.alpha >= alphaThreshold)) failures.push({ aggregate: row.aggregate, year: row.year, reason: 'alpha', detail: `alpha = ${fixed(row.alpha, 2)}` });
    for (const c of row.correlations) if (c.r < 0) failures.push({ aggregate: row.aggregate, year: row.year, reason: 'negative-correlation', detail: `${c.child}: r = ${fixed(c.r, 2)}` });
  }
  return { dataset: datasetName, weightSet: weightSetName, rows, failures };
}

/** Pearson's r over the pairs where both values are present; NaN with fewer than 3 pairs or zero variance. */
function pearson(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    n++;
    mx += (x[i] - mx) / n;
    my += (y[i] - my) / n;
  }
  if (n < 3) return NaN;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** alpha = k / (k - 1) × (1 - Σ var(item) / var(Σ items)), complete cases, variances with n - 1. */
function cronbachAlpha(items: Float64Array[]): { alpha: number; completeRows: number } {
  const k = items.length;
  if (k < 2) return { alpha: NaN, completeRows: 0 };
  const complete: number[] = [];
  for (let i = 0; i < items[0].length; i++) if (items.every((c) => !Number.isNaN(c[i]))) complete.push(i);
  if (complete.length < 2) return { alpha: NaN, completeRows: complete.length };
  const variance = (values: number[]) => {
    let mean = 0;
    let m2 = 0;
    values.forEach((v, j) => {
      const d = v - mean;
      mean += d / (j + 1);
      m2 += d * (v - mean);
    });
    return m2 / (values.length - 1);
  };
  let itemVariances = 0;
  for (const c of items) itemVariances += variance(complete.map((i) => c[i]));
  const total = variance(complete.map((i) => items.reduce((s, c) => s + c[i], 0)));
  return { alpha: total === 0 ? NaN : (k / (k - 1)) * (1 - itemVariances / total), completeRows: complete.length };
}

// ---------------------------------------------------------------------------------------
// The document

const text = {
  en: {
    generated: 'This document is generated from the specification and a build of it by `softpower docs`; do not edit it by hand.',
    specification: 'Specification',
    overview: 'Overview',
    years: 'Years',
    unitsRanked: 'Countries ranked (latest year)',
    indicators: 'Indicators',
    indicatorsKept: 'in the framework; kept after screening',
    weightSetUsed: 'Weight set used for aggregation',
    otherWeightSets: 'Other weight sets in the specification',
    framework: 'Framework',
    frameworkIntro: 'Codes, names, weights within the parent group and effective weights in the index (the product of the shares down the tree).',
    weight: 'weight',
    effective: 'effective',
    dropped: 'dropped by screening',
    indicatorTable: 'Indicators',
    reasonNote: 'The reasons are quoted from the specification.',
    columns: ['Code', 'Name', 'Unit', 'Direction', 'Source', 'Source code', 'Transformation', 'Licence', 'Why it is here'],
    up: '+1 (higher is better)',
    down: '-1 (lower is better)',
    pipeline: 'Method: the pipeline step by step',
    disabled: 'disabled',
    coverage: 'Coverage',
    coverageColumns: ['Year', 'Countries in the data', 'Countries ranked', 'Cells carried forward'],
    droppedIndicators: 'Indicators dropped by the coverage screen',
    noneDropped: 'None.',
    availability: 'availability',
    imputedTotal: 'Imputed (carried-forward) cells in all years',
    imputedBy: 'by indicator',
    removedLatest: 'Countries in the data but not ranked in the latest year',
    licences: 'Data and licences',
    licencesIntro: 'Files read by the build, with their SHA-256 checksums:',
    flagged: 'Indicators from flagged-licence sources (licence unclear, unverified or not open; check the terms before redistributing results built on them):',
    noFlagged: 'All indicators come from openly licensed sources.',
    noLicenceInfo: 'No licence catalogue was found beside the data; see data/README.md.',
    findings: 'Findings',
    audit: 'Statistical audit',
    auditIntro: `Cronbach's alpha of each aggregate's weighted children and the Pearson correlation of each child with its aggregate, on the normalised data of the latest year (JRC handbook rules of thumb: alpha ≥ ${alphaThreshold}, no negative correlation). Alpha needs at least two weighted children.`,
    auditColumns: ['Aggregate', 'Alpha (latest year)', 'Alpha, range over years', 'Correlation of each child with the aggregate (latest year)'],
    failures: 'Failures',
    noFailures: 'No aggregate fails the audit in the latest year.',
    fails: 'fails the audit',
    ranking: 'Ranking',
    rankingIntro: 'Every country ranked in the latest year, with the scores one level below the index.',
    rank: 'Rank',
    code: 'Code',
    name: 'Name',
    notDefined: 'not defined',
  },
  zh: {
    generated: '本文件由 `softpower docs` 根据指标体系规范及其构建结果自动生成，请勿手工修改。',
    specification: '规范文件',
    overview: '概览',
    years: '年份',
    unitsRanked: '参与排名的国家（最新年份）',
    indicators: '指标',
    indicatorsKept: '个列入指标体系；筛选后保留',
    weightSetUsed: '聚合所用权重集',
    otherWeightSets: '规范中的其他权重集',
    framework: '指标体系',
    frameworkIntro: '代码、名称、组内权重与在总指数中的有效权重（沿指标树逐级份额之积）。',
    weight: '权重',
    effective: '有效权重',
    dropped: '因覆盖率不足被剔除',
    indicatorTable: '指标说明',
    reasonNote: '“入选理由”引自规范文件原文（未提供中文时为英文）。',
    columns: ['代码', '名称', '单位', '方向', '来源', '来源代码', '变换', '许可', '入选理由'],
    up: '+1（越高越好）',
    down: '-1（越低越好）',
    pipeline: '方法：逐步流程',
    disabled: '未启用',
    coverage: '覆盖情况',
    coverageColumns: ['年份', '数据中的国家数', '参与排名的国家数', '前推填补的单元格数'],
    droppedIndicators: '覆盖率筛选剔除的指标',
    noneDropped: '无。',
    availability: '数据可得率',
    imputedTotal: '各年合计的填补（前推）单元格数',
    imputedBy: '按指标',
    removedLatest: '最新年份有数据但未参与排名的国家',
    licences: '数据与许可',
    licencesIntro: '构建所读取的文件及其 SHA-256 校验值：',
    flagged: '来自许可待核实数据源的指标（许可不明确、未经核实或非开放许可；再发布基于这些数据的结果前请核查条款）：',
    noFlagged: '所有指标均来自开放许可数据源。',
    noLicenceInfo: '数据旁未找到许可目录，参见 data/README.md。',
    findings: '结果',
    audit: '统计审计',
    auditIntro: `最新年份标准化数据上，各聚合项有权重子项的克朗巴哈 α 系数，以及各子项与其聚合项的皮尔逊相关系数（JRC 手册经验规则：α ≥ ${alphaThreshold}，且无负相关）。α 至少需要两个有权重的子项。`,
    auditColumns: ['聚合项', 'α（最新年份）', 'α 各年范围', '各子项与聚合项的相关系数（最新年份）'],
    failures: '未通过项',
    noFailures: '最新年份没有聚合项未通过审计。',
    fails: '未通过审计',
    ranking: '排名',
    rankingIntro: '最新年份所有参与排名的国家，及总指数下一级的得分。',
    rank: '排名',
    code: '代码',
    name: '名称',
    notDefined: '无定义',
  },
} as const;

type Words = (typeof text)[DocLanguage];

/** Text that may be a plain string or given per language; plain strings are used as they are. */
function localised(t: string | LocalisedText | undefined, lang: DocLanguage): string | undefined {
  if (t === undefined || typeof t === 'string') return t;
  return t[lang] ?? t.en;
}

function label(t: LocalisedText | undefined, lang: DocLanguage, fallback: string): string {
  if (!t) return fallback;
  return (lang === 'zh' ? t.zh : undefined) ?? t.en ?? fallback;
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'NA';
}

function cell(value: string | number | undefined): string {
  return String(value ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function table(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function percent(x: number, lang: DocLanguage): string {
  return lang === 'zh' ? `${(x * 100).toFixed(1)}%` : `${(x * 100).toFixed(1)} %`;
}

function scaleWords(scale: number, lang: DocLanguage): string {
  if (scale === 1) return lang === 'zh' ? '人均（每单位）' : 'per unit';
  const n = scale.toLocaleString('en-GB').replace(/,/g, ' ');
  return lang === 'zh' ? `每 ${n}` : `per ${n}`;
}

/** In words, what one step does with its parameters, and what it did. */
function describeStep(step: StepSpec, report: StepReport | undefined, build: BuildResult, lang: DocLanguage): string[] {
  const zh = lang === 'zh';
  if (!step.enabled) return [zh ? '未启用（数据原样传递）。' : 'Disabled: the data pass through unchanged.'];
  switch (step.kind) {
    case 'screen': {
      const p = step.params;
      const r = report as ScreenReport | undefined;
      const lines: string[] = [];
      if (p.units === 'none') lines.push(zh ? '不按缺失数据筛除国家。' : 'No unit is removed for missing data.');
      else if (p.units === 'missing' || p.units === 'missing-or-zeros')
        lines.push(zh ? `国家（每年）须至少有 ${percent(p.dataThreshold, lang)} 的指标有数据。` : `A country (in a year) needs data for at least ${percent(p.dataThreshold, lang)} of the indicators.`);
      if (p.units === 'zeros' || p.units === 'missing-or-zeros')
        lines.push(zh ? `非零值比例须至少为 ${percent(p.nonZeroThreshold, lang)}。` : `At least ${percent(p.nonZeroThreshold, lang)} of its values must be non-zero.`);
      if (p.indicatorThreshold !== undefined)
        lines.push(zh ? `指标须在至少 ${percent(p.indicatorThreshold, lang)} 的国家-年份上有数据（按所有年份合并计算），否则剔除。` : `An indicator needs data for at least ${percent(p.indicatorThreshold, lang)} of the country-years (pooled over all years), or it is dropped.`);
      if (p.minPerGroup) {
        const level = label(build.framework.levelNames.get(p.minPerGroup.level), lang, `level ${p.minPerGroup.level}`);
        lines.push(zh ? `每个国家在每个${level}中至少须有 ${p.minPerGroup.count} 个指标有数据。` : `A country needs at least ${p.minPerGroup.count} indicator(s) with data in every ${level.toLowerCase()}.`);
      }
      const out = p.force.filter((f) => !f.include).map((f) => f.unit);
      const inn = p.force.filter((f) => f.include).map((f) => f.unit);
      if (out.length > 0) lines.push(zh ? `强制排除（${out.length}）：${out.join(', ')}。` : `Forced out (${out.length}): ${out.join(', ')}.`);
      if (inn.length > 0) lines.push(zh ? `强制保留：${inn.join(', ')}。` : `Forced in: ${inn.join(', ')}.`);
      if (r) {
        const units = new Set(r.removedUnits.map((u) => u.unit)).size;
        lines.push(zh ? `结果：剔除 ${r.removedIndicators.length} 个指标；${r.removedUnits.length} 个国家-年份（${units} 个国家）被筛除。` : `Result: ${r.removedIndicators.length} indicator(s) dropped; ${r.removedUnits.length} country-years (${units} countries) removed.`);
      }
      return lines;
    }
    case 'denominate': {
      const r = report as DenominateReport | undefined;
      if (!r || r.denominated.length === 0) return [zh ? '无指标需要除以分母。' : 'No indicator is divided.'];
      return [
        zh ? '以下指标除以分母（同一年份的值）：' : 'Indicators divided by a denominator of the same year:',
        ...r.denominated.map((d) => `  - ${d.indicator} ÷ ${d.denominator}${d.scale === 1 ? '' : ` (${scaleWords(d.scale, lang)} ${d.denominator})`}`),
      ];
    }
    case 'transform': {
      const r = report as TransformReport | undefined;
      const by = new Map<string, string[]>();
      for (const a of r?.applied ?? []) by.set(a.transformation, [...(by.get(a.transformation) ?? []), a.indicator]);
      const words: Record<string, [string, string]> = {
        log: ['log: ln(x), for dollar amounts and counts that are never 0', 'log：ln(x)，用于金额及不会为 0 的计数'],
        log1p: ['log1p: ln(1 + x), for counts that can be 0', 'log1p：ln(1 + x)，用于可能为 0 的计数'],
      };
      const lines = [zh ? '按各指标的 `transformation` 做尺度变换：' : 'Scale transformation, as each indicator\'s `transformation` says:'];
      for (const [how, codes] of by) lines.push(`  - ${(words[how] ?? [how, how])[zh ? 1 : 0]}: ${codes.join(', ')}`);
      const undefinedCells = (r?.applied ?? []).filter((a) => a.undefinedCells > 0);
      if (undefinedCells.length > 0) lines.push(zh ? `  - 超出定义域（如 log(0)）而变为缺失的值：${undefinedCells.map((a) => `${a.indicator} ${a.undefinedCells}`).join(', ')}` : `  - Values outside the domain (e.g. log of 0), now missing: ${undefinedCells.map((a) => `${a.indicator} ${a.undefinedCells}`).join(', ')}`);
      if (by.size === 0) lines.push(zh ? '  - 无。' : '  - none.');
      return lines;
    }
    case 'impute': {
      const p = step.params;
      const r = report as ImputeReport | undefined;
      const lines: string[] = [];
      if (p.method === 'panel-latest')
        lines.push(
          p.maxYears === undefined
            ? zh ? '缺失值：最新值前推（不限年数）。' : 'Missing values: latest value carried forward (no limit).'
            : zh ? `缺失值：最近 ${p.maxYears} 年内最新值前推；每个填补的单元格都记录其来源年份。` : `Missing values: latest value within ${p.maxYears} years carried forward; every carried cell is listed with the year it came from.`,
        );
      else lines.push(zh ? `缺失值：${p.method}${p.group ? `（按 ${p.group} 分组）` : ''}。` : `Missing values: ${p.method}${p.group ? ` within groups of ${p.group}` : ''}.`);
      if (r) lines.push(zh ? `结果：填补 ${r.imputed.length} 个单元格，仍有 ${r.remainingMissing} 个缺失。` : `Result: ${r.imputed.length} cells filled, ${r.remainingMissing} still missing.`);
      return lines;
    }
    case 'treat': {
      const t = resolveTreatment(defaultTreatment, step.params);
      const r = report as TreatReport | undefined;
      const lines = [
        zh
          ? `异常值处理（COINr 两阶段法）：若偏度绝对值 > ${t.skewThreshold} 且峰度 > ${t.kurtosisThreshold}，${t.winsorise === false ? '' : `先缩尾处理最多 ${t.winsorise.maxPoints ?? '∞'} 个点，`}仍不通过则做 ${t.transform} 变换。按年份逐指标进行。`
          : `Outliers (COINr's two-stage treatment): where |skewness| > ${t.skewThreshold} and kurtosis > ${t.kurtosisThreshold}, ${t.winsorise === false ? '' : `winsorise up to ${t.winsorise.maxPoints ?? '∞'} points, then `}apply ${t.transform} if the indicator still fails. Each indicator, each year.`,
      ];
      const overrides = Object.keys(step.params.indicators);
      if (overrides.length > 0) lines.push(zh ? `单独设置：${overrides.join(', ')}。` : `Own settings: ${overrides.join(', ')}.`);
      if (r) {
        const winsorised = r.indicators.filter((i) => (i.details.winsorised ?? 0) > 0).length;
        const transformed = r.indicators.filter((i) => i.details.transformed !== null).length;
        lines.push(zh ? `结果：${r.indicators.length} 个指标-年份中，${winsorised} 个经缩尾，${transformed} 个经变换；共改动 ${r.cells.length} 个单元格。` : `Result: of ${r.indicators.length} indicator-years, ${winsorised} winsorised and ${transformed} transformed; ${r.cells.length} cells changed.`);
      }
      return lines;
    }
    case 'normalise': {
      const p = step.params;
      const range = p.range ?? [0, 100];
      const scope = p.scope === 'year' ? (zh ? '每年分别计算' : 'each year separately') : zh ? '所有年份合并计算（跨年可比）' : 'pooled over all years (comparable over time)';
      const method = p.method === 'min-max' ? (zh ? `最小-最大值标准化至 [${range[0]}, ${range[1]}]` : `min-max to [${range[0]}, ${range[1]}]`) : p.method;
      const lines = [zh ? `标准化：${method}，${scope}；负向指标先取反。` : `Normalisation: ${method}, ${scope}; indicators with direction -1 are reversed first.`];
      const overrides = Object.keys(p.indicators);
      if (overrides.length > 0) lines.push(zh ? `单独设置：${overrides.join(', ')}。` : `Own settings: ${overrides.join(', ')}.`);
      return lines;
    }
    case 'weight':
      return [zh ? `权重：方法 ${step.params.method}，写入权重集“${step.params.name}”。` : `Weights: method ${step.params.method}, written as weight set "${step.params.name}".`];
    case 'aggregate': {
      const p = step.params;
      const method = p.method === 'arithmetic-mean' ? (zh ? '加权算术平均' : 'weighted arithmetic mean') : p.method;
      const missing = p.missingChildren === 'skip' ? (zh ? '缺失的子项跳过，其余权重重新归一（同 COINr）' : 'missing children are skipped and the other weights re-scaled (as COINr)') : zh ? '任一子项缺失则聚合值缺失' : 'any missing child makes the aggregate missing';
      const levels = Object.entries(p.levels).map(([l, a]) => `${l}: ${a.method}`);
      return [
        zh ? `聚合：${method}，权重集“${p.weights}”；${missing}。` : `Aggregation: ${method} with the weight set "${p.weights}"; ${missing}.`,
        ...(levels.length > 0 ? [zh ? `分层设置：${levels.join(', ')}。` : `By level: ${levels.join(', ')}.`] : []),
      ];
    }
  }
}

const stepTitles: Record<StepSpec['kind'], [string, string]> = {
  screen: ['Screening', '筛选'],
  denominate: ['Denominators', '分母（人均化等）'],
  transform: ['Transformation', '变换'],
  impute: ['Missing values', '缺失值'],
  treat: ['Outliers', '异常值'],
  normalise: ['Normalisation', '标准化'],
  weight: ['Weights', '权重'],
  aggregate: ['Aggregation', '聚合'],
};

function unitOf(framework: Framework, code: string, build: BuildResult, lang: DocLanguage): string {
  const node = framework.nodes[framework.byCode.get(code)!];
  const unit = node.spec.unit ?? '';
  for (const r of build.reports) {
    if (r.kind !== 'denominate' || !r.enabled) continue;
    const d = (r as DenominateReport).denominated.find((x) => x.indicator === code);
    if (d && !unit.includes('divided by')) return `${unit} ÷ ${d.denominator}${d.scale === 1 ? '' : ` (${scaleWords(d.scale, lang)})`}`;
  }
  return unit;
}

function frameworkTree(build: BuildResult, weights: WeightSet, dropped: ReadonlySet<string>, lang: DocLanguage, w: Words): string {
  const framework = build.framework;
  const effective = effectiveWeights(framework, weights);
  const lines: string[] = [];
  const visit = (i: number, depth: number) => {
    const node = framework.nodes[i];
    const name = label(node.name, lang, node.code);
    const parts = [`**${node.code}** ${name}`];
    if (node.parent >= 0) parts.push(`${w.weight} ${weights[i]}`, `${w.effective} ${percent(effective[i], lang)}`);
    if (node.isIndicator && node.direction === -1) parts.push(lang === 'zh' ? '负向' : 'direction -1');
    if (dropped.has(node.code)) parts.push(`*${w.dropped}*`);
    lines.push(`${'  '.repeat(depth)}- ${parts.join(' · ')}`);
    for (const c of node.children) visit(c, depth + 1);
  };
  visit(framework.root, 0);
  return lines.join('\n');
}

/**
 * The methodology document of an index, in English or Chinese, generated from its
 * specification and a build of it: title and description, the framework tree with weights and
 * effective weights, the indicator table, every pipeline step in words, coverage, data
 * licences and findings (structural audit, latest ranking). Deterministic: no dates.
 *
 * @example
 * const loaded = await loadSpec('frameworks/cultural-soft-power.yaml');
 * methodologyMarkdown(buildIndex(loaded.spec, loaded.data), loaded, 'zh').split('\n')[0];
 * // '# 文化软实力指数（总量口径）'
 */
export function methodologyMarkdown(build: BuildResult, loaded: LoadedSpec, lang: DocLanguage, options: MethodologyOptions = {}): string {
  if (lang !== 'en' && lang !== 'zh') throw new Error(`methodology: unknown language "${String(lang)}"; expected "en" or "zh"`);
  const w = text[lang];
  const zh = lang === 'zh';
  const spec = build.spec;
  const framework = build.framework;
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);

  const screens = build.reports.filter((r): r is ScreenReport => r.kind === 'screen' && r.enabled);
  const droppedIndicators = screens.flatMap((s) => s.removedIndicators);
  const dropped = new Set(droppedIndicators.map((d) => d.indicator));
  const audit = structureAudit(build);
  const weights = build.weightSets.get(audit.weightSet) ?? build.weightSets.get('framework')!;
  const results = build.results;
  const years = [...results.rows.byYear.keys()].sort((a, b) => a - b);
  const latest = years.at(-1)!;
  const root = framework.nodes[framework.root];
  const rootColumn = results.codes.indexOf(root.code);
  const rankedIn = (year: number) => Array.from(results.rows.byYear.get(year) ?? [], (r) => r).filter((r) => !Number.isNaN(results.scores[rootColumn][r]));

  push(`# ${label(spec.name, lang, spec.id)}`, '');
  push(`> ${w.generated}`, '');
  push(`${w.specification}: \`${loaded.inputs[0]?.path ?? loaded.specPath}\`${spec.version ? ` (${spec.version})` : ''} · id \`${spec.id}\``, '');
  if (spec.description) push(label(spec.description, lang, ''), '');
  if (spec.citation) push(`*${spec.citation}*`, '');

  push(`## ${w.overview}`, '');
  const indicatorCodes = framework.indicators.map((i) => framework.nodes[i].code);
  push(
    `- ${w.years}: ${years[0]}–${latest}`,
    `- ${w.unitsRanked}: ${rankedIn(latest).length}`,
    zh
      ? `- ${w.indicators}：${indicatorCodes.length} ${w.indicatorsKept} ${indicatorCodes.length - dropped.size} 个`
      : `- ${w.indicators}: ${indicatorCodes.length} ${w.indicatorsKept} ${indicatorCodes.length - dropped.size}`,
    `- ${w.weightSetUsed}: \`${audit.weightSet}\``,
  );
  const otherSets = Object.entries(spec.weightSets).filter(([name]) => name !== audit.weightSet);
  if (otherSets.length > 0) push(`- ${w.otherWeightSets}: ${otherSets.map(([name, set]) => `\`${name}\` (${Object.entries(set).map(([c, v]) => `${c} = ${v}`).join(', ')})`).join('; ')}`);
  push('');

  push(`## ${w.framework}`, '', w.frameworkIntro, '', frameworkTree(build, weights, dropped, lang, w), '');

  push(`## ${w.indicatorTable}`, '', w.reasonNote, '');
  push(
    table(
      w.columns,
      framework.indicators.map((i) => {
        const n = framework.nodes[i];
        return [
          `\`${n.code}\``,
          label(n.name, lang, n.code),
          unitOf(framework, n.code, build, lang),
          n.direction === 1 ? w.up : w.down,
          n.spec.source,
          n.spec.sourceCode,
          n.spec.transformation ?? 'none',
          options.licences?.get(n.code) ?? '',
          localised(n.spec.reason, lang),
        ];
      }),
    ),
    '',
  );

  push(`## ${w.pipeline}`, '');
  spec.steps.forEach((step, k) => {
    const report = build.reports.find((r) => r.id === step.id);
    const title = stepTitles[step.kind][zh ? 1 : 0];
    push(`${k + 1}. **${title}** (\`${step.id}\`, ${step.kind}${step.enabled ? '' : `, ${w.disabled}`})`);
    const description = localised(step.description, lang);
    if (description) push(`   ${description.replace(/\s+/g, ' ').trim()}`);
    for (const line of describeStep(step, report, build, lang)) push(`   ${line}`);
  });
  push('');

  push(`## ${w.coverage}`, '');
  const raw = build.datasets.get('raw')!;
  const imputed = build.reports.filter((r): r is ImputeReport => r.kind === 'impute' && r.enabled).flatMap((r) => r.imputed);
  push(
    table(
      w.coverageColumns,
      years.map((y) => [y, raw.rows.byYear.get(y)?.length ?? 0, rankedIn(y).length, imputed.filter((c) => c.year === y).length]),
    ),
    '',
  );
  push(`**${w.droppedIndicators}**: ${droppedIndicators.length === 0 ? w.noneDropped : droppedIndicators.map((d) => `\`${d.indicator}\` (${w.availability} ${percent(d.availability, lang)})`).join(', ')}`, '');
  const byIndicator = new Map<string, number>();
  for (const c of imputed) byIndicator.set(c.indicator, (byIndicator.get(c.indicator) ?? 0) + 1);
  push(`**${w.imputedTotal}**: ${imputed.length}${byIndicator.size > 0 ? ` — ${w.imputedBy}: ${[...byIndicator].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}`, '');
  const rankedLatest = new Set(rankedIn(latest).map((r) => results.rows.units[r]));
  const inData = Array.from(raw.rows.byYear.get(latest) ?? [], (r) => raw.rows.units[r]);
  const notRanked = inData.filter((u) => !rankedLatest.has(u)).sort();
  push(`**${w.removedLatest}** (${notRanked.length}): ${notRanked.join(', ')}`, '');

  push(`## ${w.licences}`, '');
  if (!options.licences) push(w.noLicenceInfo, '');
  else {
    const flagged = indicatorCodes.filter((c) => (options.licences!.get(c) ?? 'open') !== 'open');
    push(flagged.length === 0 ? w.noFlagged : `${w.flagged} ${flagged.map((c) => `\`${c}\``).join(', ')}`, '');
  }
  push(w.licencesIntro, '');
  for (const input of loaded.inputs) push(`- \`${input.path}\` — \`${input.sha256.slice(0, 16)}…\``);
  push('');

  push(`## ${w.findings}`, '', `### ${w.audit}`, '', w.auditIntro, '');
  const latestRows = audit.rows.filter((r) => r.year === latest);
  push(
    table(
      w.auditColumns,
      latestRows.map((r) => {
        const all = audit.rows.filter((x) => x.aggregate === r.aggregate).map((x) => x.alpha).filter((a) => Number.isFinite(a));
        return [
          `\`${r.aggregate}\` ${label(framework.nodes[framework.byCode.get(r.aggregate)!].name, lang, r.aggregate)}`,
          Number.isFinite(r.alpha) ? fixed(r.alpha, 2) : w.notDefined,
          all.length > 0 ? `${fixed(Math.min(...all), 2)}–${fixed(Math.max(...all), 2)}` : w.notDefined,
          r.correlations.map((c) => `${c.child} ${fixed(c.r, 2)}${c.weight === 0 ? ' (w = 0)' : ''}`).join('; '),
        ];
      }),
    ),
    '',
  );
  push(`**${w.failures}**: ${audit.failures.length === 0 ? w.noFailures : ''}`);
  for (const f of audit.failures) {
    const name = label(framework.nodes[framework.byCode.get(f.aggregate)!].name, lang, f.aggregate);
    const why = f.reason === 'alpha' ? (zh ? `${f.detail} < ${alphaThreshold}` : `${f.detail} < ${alphaThreshold}`) : zh ? `子项与聚合项负相关：${f.detail}` : `a child is negatively correlated with it: ${f.detail}`;
    push(`- \`${f.aggregate}\` ${name} ${w.fails} (${f.year}): ${why}`);
  }
  push('');

  push(`### ${w.ranking} (${latest})`, '', w.rankingIntro, '');
  const below = root.children.map((c) => framework.nodes[c].code).filter((c) => results.codes.includes(c));
  const rows = rankedIn(latest).sort((a, b) => results.ranks[rootColumn][a] - results.ranks[rootColumn][b]);
  const unitName = (u: string) => label(options.unitNames?.get(u), lang, '');
  push(
    table(
      [w.rank, w.code, w.name, root.code, ...below],
      rows.map((r) => [
        results.ranks[rootColumn][r],
        results.rows.units[r],
        unitName(results.rows.units[r]),
        fixed(results.scores[rootColumn][r], 1),
        ...below.map((c) => fixed(results.scores[results.codes.indexOf(c)][r], 1)),
      ]),
    ),
    '',
  );
  return out.join('\n');
}
