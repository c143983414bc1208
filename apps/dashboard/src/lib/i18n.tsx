import { createContext, useContext, type ReactNode } from 'react';
import type { LocalisedText } from '@softpower/engine';

export type Lang = 'en' | 'zh';

const en = {
  title: 'Soft Power Observatory',
  subtitle: 'Composite indices, explorable',
  language: 'Language',
  framework: 'Framework',
  year: 'Year',
  level: 'Level',
  measure: 'Measure',
  view_map: 'Map',
  view_rankings: 'Rankings',
  view_country: 'Country',
  view_compare: 'Compare',
  view_build: 'Build your own',
  view_sensitivity: 'Sensitivity',
  view_methodology: 'Methodology',
  view_data: 'Data',
  loading: 'Loading…',
  error: 'Could not load: {message}',
  no_build: 'This framework has no successful build yet.',
  bri_only: 'Belt and Road partners only',
  score: 'Score',
  rank: 'Rank',
  country: 'Country',
  region: 'Region',
  income: 'Income group',
  change: 'Change since {year}',
  interval: 'Rank interval (5–95 %)',
  median_rank: 'median {median}',
  search: 'Search countries',
  no_data: 'no data',
  countries_shown: '{n} countries with data',
  legend_low: 'low',
  legend_high: 'high',
  click_country: 'Click a country to open its profile.',
  profile_of: 'Profile',
  choose_country: 'Choose a country',
  index_score: 'Index score',
  rank_of: 'rank {rank} of {units}',
  pillars: 'Pillars',
  peer_group: 'Peer group',
  peer_world: 'World',
  peer_region: 'Same region',
  peer_income: 'Same income group',
  peer_bri: 'Belt and Road partners',
  peer_average: 'Peer average',
  strengths: 'Strengths',
  weaknesses: 'Weaknesses',
  indicators: 'Indicators',
  indicator: 'Indicator',
  raw_value: 'Raw value',
  data_year: 'Data year',
  source: 'Source',
  unit: 'Unit',
  trend: 'Trend',
  compare_hint: 'Choose two to four countries.',
  add_country: 'Add a country',
  remove: 'Remove',
  weights: 'Weights',
  weight_share: '{share} of the index',
  reset: 'Reset to the framework weights',
  share_link: 'Copy a link to these weights',
  copied: 'Link copied',
  weights_note:
    'Weights decide ranks: the same data give a different ranking under other weights. The rank intervals of the uncertainty analysis show how far ranks move when weights and methods vary.',
  recomputed: 'Recomputed in the browser in {ms} ms',
  official_rank: 'Published rank',
  your_rank: 'Your rank',
  your_score: 'Your score',
  sensitivity_none: 'No uncertainty analysis has been computed for this framework yet.',
  sensitivity_hint: 'Start one with POST /api/sensitivity (or the CLI); rank intervals and Sobol indices appear here once it has run.',
  sensitivity_runs: 'Uncertainty runs',
  samples: 'samples',
  failed: 'failed',
  sobol: 'Sobol sensitivity indices',
  sobol_none: 'Sobol indices are not yet computed for this framework.',
  rank_intervals: 'Rank intervals',
  nominal_rank: 'Nominal rank',
  methodology_tree: 'Framework',
  methodology_steps: 'Methods',
  methodology_indicators: 'Indicators',
  direction: 'Direction',
  higher_better: 'higher is better',
  lower_better: 'lower is better',
  licence: 'Licence',
  definition: 'Definition',
  weight: 'Weight',
  step: 'Step',
  kind: 'Kind',
  parameters: 'Parameters',
  enabled: 'enabled',
  disabled: 'disabled',
  downloads: 'Downloads',
  download_table: 'Download',
  download_png: 'PNG',
  data_tables: 'Tables of the latest build',
  table: 'Table',
  rows: 'Rows',
  results_all_years: 'Scores and ranks, every year and level',
  countries_table: 'Countries and territories',
  build_info: 'Build {id}, specification version {version}',
  warnings: 'Warnings',
  index: 'Index',
  all_levels: 'All',
  skip_to_content: 'Skip to content',
  bri: 'BRI partner',
  yes: 'yes',
  no: 'no',
  generated: 'Generated {date}',
  not_drawn: 'Too small to draw at this map scale: {list}',
  interval_none: 'Rank intervals appear once an uncertainty analysis has run (see Sensitivity).',
  previous_none: 'no earlier year',
  sobol_first: 'First-order index',
  sobol_total: 'Total-order index',
  older_build: 'an earlier build',
  show: 'Show',
  score_normalised: 'Normalised score',
  raw_none: 'No raw values are stored for this indicator; the map shows its normalised score.',
};

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: '软实力观察站',
  subtitle: '可交互探索的综合指数',
  language: '语言',
  framework: '指数框架',
  year: '年份',
  level: '层级',
  measure: '指标',
  view_map: '地图',
  view_rankings: '排名',
  view_country: '国家',
  view_compare: '比较',
  view_build: '自定义指数',
  view_sensitivity: '敏感性',
  view_methodology: '方法',
  view_data: '数据',
  loading: '加载中…',
  error: '无法加载：{message}',
  no_build: '该框架尚无成功的构建。',
  bri_only: '仅显示“一带一路”合作伙伴',
  score: '得分',
  rank: '排名',
  country: '国家',
  region: '地区',
  income: '收入组',
  change: '较{year}年变化',
  interval: '排名区间（5–95%）',
  median_rank: '中位数 {median}',
  search: '搜索国家',
  no_data: '无数据',
  countries_shown: '{n}个国家有数据',
  legend_low: '低',
  legend_high: '高',
  click_country: '点击国家查看其概况。',
  profile_of: '国家概况',
  choose_country: '选择国家',
  index_score: '指数得分',
  rank_of: '第{rank}名，共{units}个',
  pillars: '支柱',
  peer_group: '参照组',
  peer_world: '全球',
  peer_region: '同一地区',
  peer_income: '同一收入组',
  peer_bri: '“一带一路”合作伙伴',
  peer_average: '参照组平均',
  strengths: '优势',
  weaknesses: '短板',
  indicators: '指标',
  indicator: '指标',
  raw_value: '原始值',
  data_year: '数据年份',
  source: '来源',
  unit: '单位',
  trend: '趋势',
  compare_hint: '请选择二至四个国家。',
  add_country: '添加国家',
  remove: '移除',
  weights: '权重',
  weight_share: '占指数{share}',
  reset: '恢复框架权重',
  share_link: '复制此权重的链接',
  copied: '链接已复制',
  weights_note: '权重决定排名：同样的数据在不同权重下排名不同。不确定性分析的排名区间显示权重和方法变化时排名的变动幅度。',
  recomputed: '已在浏览器中重新计算，用时{ms}毫秒',
  official_rank: '发布排名',
  your_rank: '您的排名',
  your_score: '您的得分',
  sensitivity_none: '该框架尚未进行不确定性分析。',
  sensitivity_hint: '可通过 POST /api/sensitivity（或命令行）启动；运行后此处显示排名区间和 Sobol 指数。',
  sensitivity_runs: '不确定性分析运行',
  samples: '个样本',
  failed: '失败',
  sobol: 'Sobol 敏感性指数',
  sobol_none: '该框架尚未计算 Sobol 指数。',
  rank_intervals: '排名区间',
  nominal_rank: '名义排名',
  methodology_tree: '框架结构',
  methodology_steps: '计算方法',
  methodology_indicators: '指标说明',
  direction: '方向',
  higher_better: '越高越好',
  lower_better: '越低越好',
  licence: '许可',
  definition: '定义',
  weight: '权重',
  step: '步骤',
  kind: '类型',
  parameters: '参数',
  enabled: '启用',
  disabled: '停用',
  downloads: '下载',
  download_table: '下载',
  download_png: 'PNG',
  data_tables: '最新构建的数据表',
  table: '表',
  rows: '行数',
  results_all_years: '各年份、各层级的得分与排名',
  countries_table: '国家和地区',
  build_info: '构建 {id}，规范版本 {version}',
  warnings: '警告',
  index: '指数',
  all_levels: '全部',
  skip_to_content: '跳到正文',
  bri: '“一带一路”合作伙伴',
  yes: '是',
  no: '否',
  generated: '生成于{date}',
  not_drawn: '在此比例尺下太小而无法绘制：{list}',
  interval_none: '进行不确定性分析后将显示排名区间（见“敏感性”）。',
  previous_none: '无上一年',
  sobol_first: '一阶指数',
  sobol_total: '总效应指数',
  older_build: '较早的构建',
  show: '显示',
  score_normalised: '标准化得分',
  raw_none: '该指标没有存储原始值，地图显示其标准化得分。',
};

const messages: Record<Lang, Record<MessageKey, string>> = { en, zh };

/**
 * Chinese names of the groupings the country reference uses, which the API gives in English
 * only: UN M49 regions (as in the Chinese M49 standard) and World Bank regions and income
 * groups (as in the World Bank's Chinese publications). A label not listed stays in English.
 */
const groupsZh: Record<string, string> = {
  Africa: '非洲',
  Americas: '美洲',
  Asia: '亚洲',
  Europe: '欧洲',
  Oceania: '大洋洲',
  'East Asia & Pacific': '东亚与太平洋',
  'Europe & Central Asia': '欧洲与中亚',
  'Latin America & Caribbean': '拉丁美洲与加勒比',
  'Middle East & North Africa': '中东与北非',
  'North America': '北美',
  'South Asia': '南亚',
  'Sub-Saharan Africa': '撒哈拉以南非洲',
  'High income': '高收入',
  'Upper middle income': '中等偏上收入',
  'Lower middle income': '中等偏下收入',
  'Low income': '低收入',
};

export const locales: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A number for this locale; missing values as an en dash. */
  /** `digits` decimals (exactly, or at most when `fixed` is false). */
  num(value: number | null | undefined, digits?: number, fixed?: boolean): string;
  date(value: string | Date): string;
  /** A region or income group of the country reference in this language; English when no translation is known. */
  group(value: string | null | undefined): string;
  /** A specification label (node, level, framework name) in this language, English when missing. */
  text(value: LocalisedText | Record<string, string> | string | null | undefined, fallback?: string): string;
}

const storageKey = 'softpower.lang';

/** The remembered language, else the browser's (Chinese for any zh-*), else English. */
export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // storage unavailable (private mode): fall through to the browser language
  }
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  return languages.some((l) => l?.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // not remembered, still switched
  }
}

const formatters = new Map<string, Intl.NumberFormat>();

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const table = messages[lang];
  return {
    lang,
    setLang,
    t: (key, vars) => table[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`)),
    num: (value, digits = 1, fixed = true) => {
      if (value == null || Number.isNaN(value)) return '–';
      const id = `${lang}|${digits}|${fixed}`;
      let f = formatters.get(id);
      if (!f) formatters.set(id, (f = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0 })));
      return f.format(value);
    },
    date: (value) => new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(typeof value === 'string' ? new Date(value) : value),
    group: (value) => (value == null ? '' : lang === 'zh' ? (groupsZh[value] ?? value) : value),
    text: (value, fallback = '') => {
      if (value == null) return fallback;
      if (typeof value === 'string') return value;
      return value[lang] ?? value.en ?? fallback;
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en', () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function I18nProvider({ value, children }: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
