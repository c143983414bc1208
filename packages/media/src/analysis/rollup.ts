import { MediaAnalysisError } from './errors.js';

/** Rollup periods; partials can be coarsened day → week, month, year and month → year. */
export type RollupPeriod = 'day' | 'week' | 'month' | 'year';

/** The communicator type under which every article is also counted. */
export const allCommunicators = 'all';

/** What the rollups need from one analysed article. */
export interface RollupArticle {
  /** Source (target) country, ISO 3166 alpha-3. */
  sourceCountry: string;
  /** state-media, public-broadcaster, commercial-media, enterprise, government, ngo, individual …; null → "unknown". */
  communicatorType?: string | null;
  /** Publication date, `YYYY-MM-DD…` or a Date (UTC). */
  published: string | Date;
  /** The article covers the home country (a China term matched, or GDELT located it). */
  mentionsHome: boolean;
  /** Counted theme matches of the article. */
  themes?: Readonly<Record<string, number>>;
  /** Article tone (lexicon tone or GDELT tone); null or NaN when unavailable. */
  tone?: number | null;
}

/** Additive counts of one source country × period × communicator type. */
export interface RollupCell {
  country: string;
  period: string;
  communicatorType: string;
  articles: number;
  homeArticles: number;
  /** Tone over all articles with a tone (the baseline) and over home articles. */
  toneSum: number;
  toneCount: number;
  homeToneSum: number;
  homeToneCount: number;
  /** Home articles that mention each theme, and the theme's matches in them. */
  themeArticles: Record<string, number>;
  themeMentions: Record<string, number>;
}

/** A serialisable, mergeable rollup: the store keeps one and merges new partials in. */
export interface RollupPartial {
  period: RollupPeriod;
  cells: Record<string, RollupCell>;
}

function isoDay(published: string | Date): string | null {
  if (published instanceof Date) return Number.isNaN(published.getTime()) ? null : published.toISOString().slice(0, 10);
  if (typeof published !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === m[0] ? m[0] : null;
}

/** ISO 8601 week of a `YYYY-MM-DD` day, as `YYYY-Www` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday + 3);
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86400000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function periodKey(day: string, period: RollupPeriod): string {
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  if (period === 'year') return day.slice(0, 4);
  return isoWeek(day);
}

function emptyCell(country: string, period: string, communicatorType: string): RollupCell {
  return { country, period, communicatorType, articles: 0, homeArticles: 0, toneSum: 0, toneCount: 0, homeToneSum: 0, homeToneCount: 0, themeArticles: {}, themeMentions: {} };
}

function cellKey(country: string, period: string, communicatorType: string): string {
  return `${country}|${period}|${communicatorType}`;
}

function addInto(target: RollupCell, source: RollupCell): void {
  target.articles += source.articles;
  target.homeArticles += source.homeArticles;
  target.toneSum += source.toneSum;
  target.toneCount += source.toneCount;
  target.homeToneSum += source.homeToneSum;
  target.homeToneCount += source.homeToneCount;
  for (const [t, n] of Object.entries(source.themeArticles)) target.themeArticles[t] = (target.themeArticles[t] ?? 0) + n;
  for (const [t, n] of Object.entries(source.themeMentions)) target.themeMentions[t] = (target.themeMentions[t] ?? 0) + n;
}

/**
 * Builds a rollup partial from analysed articles: per source country × period ×
 * communicator type (and `all`), the article counts, home-country articles, tone sums and
 * theme counts. Invalid articles are all reported at once.
 *
 * @example
 * rollupPartial([{ sourceCountry: 'KEN', communicatorType: 'state-media', published: '2024-03-05', mentionsHome: true, themes: { belt_and_road: 2 }, tone: 1.5 }], 'month').cells['KEN|2024-03|all'].homeArticles
 * // → 1
 */
export function rollupPartial(articles: Iterable<RollupArticle>, period: RollupPeriod): RollupPartial {
  if (!['day', 'week', 'month', 'year'].includes(period)) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `rollupPartial: unknown period "${period}"; expected "day", "week", "month" or "year"`);
  const cells: Record<string, RollupCell> = {};
  const problems: string[] = [];
  let index = 0;
  for (const a of articles) {
    index++;
    const country = typeof a.sourceCountry === 'string' ? a.sourceCountry.toUpperCase() : '';
    const day = isoDay(a.published);
    if (!/^[A-Z]{3}$/.test(country)) problems.push(`article ${index}: sourceCountry "${String(a.sourceCountry)}" is not an ISO 3166 alpha-3 code`);
    if (day == null) problems.push(`article ${index}: published "${String(a.published)}" is not a date (YYYY-MM-DD)`);
    if (day == null || !/^[A-Z]{3}$/.test(country)) continue;
    const key = periodKey(day, period);
    const tone = a.tone == null || Number.isNaN(a.tone) ? null : a.tone;
    const communicator = a.communicatorType || 'unknown';
    for (const type of communicator === allCommunicators ? [allCommunicators] : [communicator, allCommunicators]) {
      const k = cellKey(country, key, type);
      const cell = (cells[k] ??= emptyCell(country, key, type));
      cell.articles++;
      if (tone != null) {
        cell.toneSum += tone;
        cell.toneCount++;
      }
      if (!a.mentionsHome) continue;
      cell.homeArticles++;
      if (tone != null) {
        cell.homeToneSum += tone;
        cell.homeToneCount++;
      }
      for (const [theme, n] of Object.entries(a.themes ?? {})) {
        if (!(n > 0)) continue;
        cell.themeArticles[theme] = (cell.themeArticles[theme] ?? 0) + 1;
        cell.themeMentions[theme] = (cell.themeMentions[theme] ?? 0) + n;
      }
    }
  }
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `rollupPartial: ${problems.length} invalid article(s), first ${problems[0]}`, problems);
  return { period, cells };
}

/**
 * Merges rollup partials of the same period (sums every count); the inputs are left unchanged.
 * Merging is associative and commutative, so the store can add each new batch's partial.
 */
export function mergeRollups(...partials: RollupPartial[]): RollupPartial {
  if (partials.length === 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', 'mergeRollups: give at least one partial');
  const period = partials[0].period;
  const bad = partials.filter((p) => p.period !== period);
  if (bad.length > 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `mergeRollups: partials have periods "${period}" and "${bad[0].period}"; coarsen them to one period first`);
  const cells: Record<string, RollupCell> = {};
  for (const p of partials) {
    for (const [k, c] of Object.entries(p.cells)) {
      const target = (cells[k] ??= emptyCell(c.country, c.period, c.communicatorType));
      addInto(target, c);
    }
  }
  return { period, cells };
}

const coarsenable: Record<RollupPeriod, RollupPeriod[]> = { day: ['day', 'week', 'month', 'year'], week: ['week'], month: ['month', 'year'], year: ['year'] };

/** Re-keys a partial to a coarser period (day → week/month/year, month → year). */
export function coarsenRollup(partial: RollupPartial, to: RollupPeriod): RollupPartial {
  if (!coarsenable[partial.period].includes(to)) {
    throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `coarsenRollup: cannot turn "${partial.period}" periods into "${to}" periods; build the partial by day to get weeks, months and years`);
  }
  const cells: Record<string, RollupCell> = {};
  for (const c of Object.values(partial.cells)) {
    const period = to === partial.period ? c.period : to === 'year' ? c.period.slice(0, 4) : to === 'month' ? c.period.slice(0, 7) : isoWeek(c.period);
    const k = cellKey(c.country, period, c.communicatorType);
    addInto((cells[k] ??= emptyCell(c.country, period, c.communicatorType)), c);
  }
  return { period: to, cells };
}

export interface RollupRow {
  country: string;
  period: string;
  communicatorType: string;
  articles: number;
  homeArticles: number;
  /** Home articles / all articles of the source country (Media Cloud's normalised attention). */
  attention: number;
  /** Mean tone of home articles; NaN when none has a tone. */
  toneMean: number;
  /** Mean tone of all the source country's articles in the period (communicator type `all`). */
  baselineTone: number;
  /** toneMean − baselineTone. */
  toneDifference: number;
  /** Share of home articles mentioning each theme. */
  themeShares: Record<string, number>;
  themeMentions: Record<string, number>;
}

/**
 * Final figures from a partial, sorted by country, period and communicator type. Cells with
 * no articles do not exist; a mean over no values is NaN, never 0.
 */
export function finaliseRollup(partial: RollupPartial): RollupRow[] {
  const rows: RollupRow[] = [];
  for (const c of Object.values(partial.cells)) {
    const all = partial.cells[cellKey(c.country, c.period, allCommunicators)] ?? c;
    const toneMean = c.homeToneCount > 0 ? c.homeToneSum / c.homeToneCount : Number.NaN;
    const baselineTone = all.toneCount > 0 ? all.toneSum / all.toneCount : Number.NaN;
    const themeShares: Record<string, number> = {};
    for (const [t, n] of Object.entries(c.themeArticles)) themeShares[t] = n / c.homeArticles;
    rows.push({
      country: c.country,
      period: c.period,
      communicatorType: c.communicatorType,
      articles: c.articles,
      homeArticles: c.homeArticles,
      attention: c.homeArticles / c.articles,
      toneMean,
      baselineTone,
      toneDifference: toneMean - baselineTone,
      themeShares,
      themeMentions: { ...c.themeMentions },
    });
  }
  return rows.sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : a.communicatorType < b.communicatorType ? -1 : a.communicatorType > b.communicatorType ? 1 : 0));
}

/** One row of the project's long indicator format (data/derived/indicators/*.csv). */
export interface IndicatorRow {
  country: string;
  indicator: string;
  year: number;
  value: number;
  source: string;
  source_code: string;
  note: string;
}

/**
 * Yearly indicators from a rollup, in the project's long format, for index specifications:
 * `media_attention_<home>` (home articles per 100 articles of the source country),
 * `media_tone_<home>` (mean tone of home articles), `media_tone_gap_<home>` (that minus the
 * country's baseline tone) and `media_theme_<theme>_<home>` (home articles mentioning the
 * theme per 100 home articles). Undefined values (no articles, no tone) are left out, not 0.
 *
 * @example
 * rollupIndicators(partial, { home: 'CHN' })[0] // → { country: 'KEN', indicator: 'media_attention_chn', year: 2024, value: 12.5, source: 'media-monitor', source_code: 'attention', note: '5 of 40 articles' }
 */
export function rollupIndicators(partial: RollupPartial, options: { home: string; communicatorType?: string; source?: string; minArticles?: number }): IndicatorRow[] {
  const yearly = coarsenRollup(partial, 'year');
  const home = options.home.toLowerCase();
  const type = options.communicatorType ?? allCommunicators;
  const source = options.source ?? 'media-monitor';
  const minArticles = options.minArticles ?? 1;
  const out: IndicatorRow[] = [];
  for (const r of finaliseRollup(yearly)) {
    if (r.communicatorType !== type || r.articles < minArticles) continue;
    const year = Number(r.period);
    const note = type === allCommunicators ? '' : `communicator ${type}; `;
    out.push({ country: r.country, indicator: `media_attention_${home}`, year, value: 100 * r.attention, source, source_code: 'attention', note: `${note}${r.homeArticles} of ${r.articles} articles` });
    if (!Number.isNaN(r.toneMean)) out.push({ country: r.country, indicator: `media_tone_${home}`, year, value: r.toneMean, source, source_code: 'tone', note: `${note}mean over ${r.homeArticles} articles` });
    if (!Number.isNaN(r.toneDifference)) out.push({ country: r.country, indicator: `media_tone_gap_${home}`, year, value: r.toneDifference, source, source_code: 'tone-baseline', note: `${note}baseline ${r.baselineTone.toFixed(3)}` });
    for (const [theme, share] of Object.entries(r.themeShares).sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push({ country: r.country, indicator: `media_theme_${theme}_${home}`, year, value: 100 * share, source, source_code: `theme:${theme}`, note: `${note}${r.themeMentions[theme]} mentions` });
    }
  }
  return out;
}

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV with the header `country,indicator,year,value,source,source_code,note`. */
export function indicatorCsv(rows: readonly IndicatorRow[]): string {
  const header = 'country,indicator,year,value,source,source_code,note';
  const lines = rows.map((r) => [r.country, r.indicator, r.year, Number(r.value.toPrecision(10)), r.source, r.source_code, r.note].map(csvField).join(','));
  return `${[header, ...lines].join('\n')}\n`;
}
