import { allCommunicators, rollupIndicators, type IndicatorRow } from '../analysis/rollup.js';
import type { Queryable } from '../store/schema.js';
import { isoDate, periodLabel, periodRange, periodStartOf, type PeriodKind } from './periods.js';
import { allThemes, storedRollupPartial } from './rollups.js';

/** A rollup query: which cells, at which grain. */
export interface RollupQuery {
  /** Source (target) countries, ISO 3166 alpha-3; default every country. */
  countries?: readonly string[];
  /**
   * First and last day (inclusive, `YYYY-MM-DD`); default everything. Required for `by: 'range'`.
   * Calendar periods are whole: every period holding a day from `from` to `to` (`by: 'month'`
   * with `from: '2024-03-15'` gives all of March, `by: 'year'` all of the year).
   */
  from?: string;
  to?: string;
  /** The period grain; `range` sums every day from `from` to `to` into one period `from..to`. */
  by: PeriodKind;
  /** Lexicon themes; default the all-articles rows. */
  themes?: readonly string[];
  /** Communicator types; default `all`. */
  communicatorTypes?: readonly string[];
  limit?: number;
  offset?: number;
}

/** One rollup cell with its figures. Undefined figures (no articles, no tone) are null. */
export interface RollupResultRow {
  country: string;
  period: string;
  periodStart: string;
  /** null for the all-articles cell. */
  theme: string | null;
  communicatorType: string;
  /** Articles of the cell: all articles (theme null) or home articles mentioning the theme. */
  articles: number;
  /** Articles covering the home country. */
  homeArticles: number;
  /** Articles of the source country and communicator type in the period (the denominator). */
  typeArticles: number;
  /** homeArticles / typeArticles (Media Cloud's normalised attention). */
  attention: number | null;
  /** Share of the type's home articles that mention the theme (theme rows). */
  themeShare: number | null;
  /** Mean tone of the home articles of the cell. */
  toneMean: number | null;
  /** Mean tone of every article of the source country in the period (communicator type `all`). */
  baselineTone: number | null;
  /** toneMean − baselineTone. */
  toneDifference: number | null;
  /** Theme matches counted (theme rows). */
  mentions: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Which stored rows a period kind sums, and the SQL expression of its first day (`$2` is `from`). */
function periodSql(by: PeriodKind): { stored: string; expr: string } {
  if (by === 'year') return { stored: 'month', expr: "date_trunc('year', period_start)::date" };
  // every day row from `from` to `to` is one period starting at `from`: exact at any day boundary
  if (by === 'range') return { stored: 'day', expr: '$2::date' };
  return { stored: by, expr: 'period_start' };
}

/**
 * Rollup cells for countries × periods × themes × communicator types, with attention
 * (home articles per article of the same source country and communicator type), mean tone
 * of home articles and its difference from the source country's baseline tone. Years are
 * summed from months; `by: 'range'` sums the day rows from `from` to `to` (both required,
 * inclusive) into one period labelled `from..to` with `periodStart` = `from`, so that any
 * range (2019-07-01..2020-06-30) is exact. For the calendar kinds (day, week, month, year)
 * the bounds select whole periods: `from` is rounded down to the first day of its period and
 * the period holding `to` is kept whole, so `by: 'month', from: '2024-03-15'` starts with all
 * of March and `by: 'year', from: '2024-06-01', to: '2024-06-30'` gives all of 2024. Sorted by country, period, theme and communicator type. Throws a RangeError when a
 * range lacks `from` or `to`, when `from` or `to` is not a day of the calendar, or when a
 * range ends before it starts.
 *
 * @example
 * await queryRollups(db, { countries: ['KEN'], by: 'month', from: '2024-01-01', to: '2024-12-31' })
 * // → { total: 12, rows: [{ country: 'KEN', period: '2024-01', attention: 0.12, toneDifference: 0.4, … }, …] }
 * await queryRollups(db, { countries: ['KEN'], by: 'range', from: '2019-07-01', to: '2020-06-30' })
 * // → { total: 1, rows: [{ country: 'KEN', period: '2019-07-01..2020-06-30', periodStart: '2019-07-01', … }] }
 */
export async function queryRollups(db: Queryable, query: RollupQuery): Promise<{ total: number; rows: RollupResultRow[] }> {
  if (query.by === 'range') {
    checkRange(query.from, query.to);
    return queryRollupsChecked(db, query);
  }
  for (const [name, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value != null && isoDate(value) == null) throw new RangeError(`queryRollups: "${name}" is "${value}", not a day of the calendar written YYYY-MM-DD`);
  }
  // whole periods: stored rows start on period boundaries, so `from` moves to the start of its
  // period; `period_start <= to` already keeps the period holding `to`, except a year, summed
  // from months, which needs its last month
  const from = query.from == null ? undefined : periodStartOf(query.from, query.by);
  const to = query.to == null || query.by !== 'year' ? query.to : `${query.to.slice(0, 4)}-12-31`;
  return queryRollupsChecked(db, { ...query, from, to });
}

function checkRange(from: string | undefined, to: string | undefined): void {
  for (const [name, value, which] of [
    ['from', from, 'first'],
    ['to', to, 'last'],
  ] as const) {
    if (value == null) throw new RangeError(`queryRollups: by "range" needs "${name}", the ${which} day of the range (YYYY-MM-DD)`);
    if (isoDate(value) == null) throw new RangeError(`queryRollups: "${name}" is "${value}", not a day of the calendar written YYYY-MM-DD`);
  }
  if ((from as string) > (to as string)) throw new RangeError(`queryRollups: the range ends (to ${to}) before it starts (from ${from}); give from ≤ to`);
}

async function queryRollupsChecked(db: Queryable, query: RollupQuery): Promise<{ total: number; rows: RollupResultRow[] }> {
  const { stored, expr } = periodSql(query.by);
  const themes = query.themes && query.themes.length > 0 ? [...query.themes] : [allThemes];
  const types = query.communicatorTypes && query.communicatorTypes.length > 0 ? [...query.communicatorTypes] : [allCommunicators];
  const from = query.from ?? '0001-01-01';
  const to = query.to ?? '9999-12-31';
  const params: unknown[] = [stored, from, to, themes, types];
  let countryFilter = '';
  if (query.countries && query.countries.length > 0) {
    params.push(query.countries.map((c) => c.toUpperCase()));
    countryFilter = ` AND source_country = ANY($${params.length}::char(3)[])`;
  }
  const grouped = `
    WITH g AS (
      SELECT source_country, ${expr} AS period_start, theme, communicator_type,
        sum(articles)::float8 AS articles, sum(home_articles)::float8 AS home_articles,
        sum(tone_sum) AS tone_sum, sum(tone_count)::float8 AS tone_count,
        sum(home_tone_sum) AS home_tone_sum, sum(home_tone_count)::float8 AS home_tone_count, sum(mentions)::float8 AS mentions
      FROM media_rollups
      WHERE period_kind = $1 AND period_start >= $2::date AND period_start <= $3::date${countryFilter}
        AND ((theme = ANY($4::text[]) AND communicator_type = ANY($5::text[])) OR (theme = '' AND (communicator_type = ANY($5::text[]) OR communicator_type = 'all')))
      GROUP BY 1, 2, 3, 4
    )`;
  // denominators and baseline by window functions over the grouped rows: one pass, no self-join
  const windowed = `${grouped}, w AS (
      SELECT g.*,
        max(articles) FILTER (WHERE theme = '') OVER (PARTITION BY source_country, period_start, communicator_type) AS type_articles,
        max(home_articles) FILTER (WHERE theme = '') OVER (PARTITION BY source_country, period_start, communicator_type) AS type_home_articles,
        max(tone_sum) FILTER (WHERE theme = '' AND communicator_type = 'all') OVER (PARTITION BY source_country, period_start) AS baseline_tone_sum,
        max(tone_count) FILTER (WHERE theme = '' AND communicator_type = 'all') OVER (PARTITION BY source_country, period_start) AS baseline_tone_count
      FROM g
    )`;
  const pageParams = [...params, query.limit ?? null, query.offset ?? 0];
  const { rows } = await db.query(
    `${windowed}
     SELECT source_country, to_char(period_start, 'YYYY-MM-DD') AS period_start, theme, communicator_type, articles, home_articles, mentions,
       home_tone_sum, home_tone_count, type_articles, type_home_articles, baseline_tone_sum, baseline_tone_count, count(*) OVER ()::int AS total
     FROM w WHERE theme = ANY($4::text[]) AND communicator_type = ANY($5::text[])
     ORDER BY source_country, period_start, theme, communicator_type
     LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}`,
    pageParams,
  );
  let total = rows.length > 0 ? Number((rows[0] as { total: number }).total) : 0;
  if (rows.length === 0 && (query.offset ?? 0) > 0) {
    const count = await db.query(`${windowed} SELECT count(*)::int AS n FROM w WHERE theme = ANY($4::text[]) AND communicator_type = ANY($5::text[])`, params);
    total = Number((count.rows[0] as { n: number }).n);
  }
  const out: RollupResultRow[] = (rows as Record<string, number | string | null>[]).map((r) => {
    const theme = String(r.theme);
    const articles = Number(r.articles);
    const homeArticles = Number(r.home_articles);
    const typeArticles = Number(r.type_articles ?? 0);
    const typeHome = Number(r.type_home_articles ?? 0);
    const toneMean = Number(r.home_tone_count) > 0 ? Number(r.home_tone_sum) / Number(r.home_tone_count) : Number.NaN;
    const baseline = Number(r.baseline_tone_count ?? 0) > 0 ? Number(r.baseline_tone_sum) / Number(r.baseline_tone_count) : Number.NaN;
    const periodStart = String(r.period_start);
    return {
      country: String(r.source_country),
      period: query.by === 'range' ? periodLabel(periodStart, 'range', to) : periodLabel(periodStart, query.by),
      periodStart,
      theme: theme === allThemes ? null : theme,
      communicatorType: String(r.communicator_type),
      articles,
      homeArticles,
      typeArticles,
      attention: typeArticles > 0 ? homeArticles / typeArticles : null,
      themeShare: theme === allThemes || typeHome === 0 ? null : homeArticles / typeHome,
      toneMean: finite(toneMean),
      baselineTone: finite(baseline),
      toneDifference: finite(toneMean - baseline),
      mentions: Number(r.mentions),
    };
  });
  return { total, rows: out };
}

/** Which articles stand behind a rollup cell. */
export interface CellQuery {
  country: string;
  /** A period label: `2024`, `2024-03`, `2024-W10`, `2024-03-05` or a range of days `2019-07-01..2020-06-30`. */
  period: string;
  /** A lexicon theme: only home articles mentioning it. */
  theme?: string | null;
  /** A communicator type; `all` (default) for every type. */
  communicatorType?: string;
  /** Only articles covering the home country; default true when a theme is given, else false. */
  homeOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface CellArticle {
  id: string;
  title: string | null;
  url: string;
  source: string;
  publishedAt: string;
  language: string | null;
  communicatorType: string;
  mentionsHome: boolean;
  tone: number | null;
  toneOrigin: string | null;
  themes: Record<string, number>;
  syndicationOf: string | null;
}

/**
 * The articles behind one rollup cell (title, source, link and their analysis), newest
 * first. Throws on a period label that is not a day, ISO week, month, year or range of
 * days (`2019-07-01..2020-06-30`, both days included, as `queryRollups` labels a range).
 *
 * @example
 * await cellArticles(db, { country: 'KEN', period: '2019-07-01..2020-06-30', theme: 'belt_and_road', limit: 20 })
 * // → { total: 31, articles: [{ title: 'Rail link opens', source: 'nation.africa', … }, …] }
 */
export async function cellArticles(db: Queryable, query: CellQuery): Promise<{ total: number; articles: CellArticle[] }> {
  const range = periodRange(query.period);
  if (range == null) throw new RangeError(`cellArticles: period "${query.period}" is not a day (2024-03-05), ISO week (2024-W10), month (2024-03), year (2024) or range of days whose first day is not after its last (2024-03-05..2024-04-30)`);
  const type = query.communicatorType ?? allCommunicators;
  const homeOnly = query.homeOnly ?? (query.theme != null && query.theme !== '');
  const params: unknown[] = [query.country.toUpperCase(), range.start, range.end];
  let where = "x.source_country = $1 AND x.published_at >= ($2::date)::timestamp AT TIME ZONE 'UTC' AND x.published_at < ($3::date)::timestamp AT TIME ZONE 'UTC'";
  if (type !== allCommunicators) {
    params.push(type);
    where += ` AND x.communicator_type = $${params.length}`;
  }
  if (homeOnly) where += ' AND x.mentions_home';
  if (query.theme != null && query.theme !== '') {
    params.push(query.theme);
    where += ` AND (x.themes ? $${params.length})`;
  }
  const from = `FROM media_article_analysis x JOIN media_articles a ON a.source_country = x.source_country AND a.id = x.article_id AND a.published_at = x.published_at WHERE ${where}`;
  const count = await db.query(`SELECT count(*)::int AS n ${from}`, params);
  const pageParams = [...params, query.limit ?? 100, query.offset ?? 0];
  const { rows } = await db.query(
    `SELECT a.id, a.title, a.url, a.source_domain, a.published_at, x.language, x.communicator_type, x.mentions_home, x.tone, x.tone_origin, x.themes, a.syndication_of
     ${from} ORDER BY a.published_at DESC, a.id LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}`,
    pageParams,
  );
  return {
    total: Number((count.rows[0] as { n: number }).n),
    articles: (rows as Record<string, unknown>[]).map((r) => ({
      id: String(r.id),
      title: (r.title as string | null) ?? null,
      url: String(r.url),
      source: String(r.source_domain),
      publishedAt: new Date(r.published_at as string | Date).toISOString(),
      language: (r.language as string | null) ?? null,
      communicatorType: String(r.communicator_type),
      mentionsHome: Boolean(r.mentions_home),
      tone: r.tone == null ? null : Number(r.tone),
      toneOrigin: (r.tone_origin as string | null) ?? null,
      themes: r.themes as Record<string, number>,
      syndicationOf: (r.syndication_of as string | null) ?? null,
    })),
  };
}

export interface IndicatorQuery {
  /** The home country the indicators are about; names end in its lower-case code. Default CHN. */
  home?: string;
  yearFrom?: number;
  yearTo?: number;
  /** Count only this communicator type; default every type. */
  communicatorType?: string;
  /** Leave out country-years with fewer articles; default 1. */
  minArticles?: number;
  countries?: readonly string[];
  /**
   * Also give the home country's own rows (`country` = home): `media_attention_abroad` and
   * `media_tone_gap_abroad`, the unweighted means over the source countries of their
   * attention and tone gap, for indices whose units are the countries covered (the
   * "external radiation" of a country's culture).
   */
  abroad?: boolean;
}

/**
 * The home country's rows from per-source-country indicators: the unweighted mean, over the
 * source countries with a value, of `media_attention_<home>` and `media_tone_gap_<home>`.
 *
 * @example
 * abroadIndicators(rows, 'CHN') // → [{ country: 'CHN', indicator: 'media_attention_abroad', year: 2024, value: 83.3, note: 'mean over 2 source countries', … }, …]
 */
export function abroadIndicators(rows: readonly IndicatorRow[], home: string): IndicatorRow[] {
  const code = home.toLowerCase();
  const out: IndicatorRow[] = [];
  for (const [from, to] of [
    [`media_attention_${code}`, 'media_attention_abroad'],
    [`media_tone_gap_${code}`, 'media_tone_gap_abroad'],
  ] as const) {
    const byYear = new Map<number, { sum: number; n: number }>();
    for (const r of rows) {
      if (r.indicator !== from || r.value == null || Number.isNaN(r.value)) continue;
      const acc = byYear.get(r.year) ?? { sum: 0, n: 0 };
      acc.sum += r.value;
      acc.n += 1;
      byYear.set(r.year, acc);
    }
    for (const [year, acc] of [...byYear.entries()].sort(([a], [b]) => a - b)) {
      out.push({ country: home.toUpperCase(), indicator: to, year, value: acc.sum / acc.n, source: rows[0]?.source ?? 'media-monitor', source_code: from, note: `mean over ${acc.n} source countr${acc.n === 1 ? 'y' : 'ies'}` });
    }
  }
  return out;
}

/**
 * Yearly indicators from the stored rollups in the project's long format
 * (`country,indicator,year,value,source,source_code,note`): `media_attention_chn`,
 * `media_tone_chn`, `media_tone_gap_chn`, `media_theme_<theme>_chn` (see `rollupIndicators`).
 *
 * @example
 * indicatorCsv(await mediaIndicators(db, { yearFrom: 2024, yearTo: 2024 }))
 */
export async function mediaIndicators(db: Queryable, query: IndicatorQuery = {}): Promise<IndicatorRow[]> {
  const from = query.yearFrom != null ? `${String(query.yearFrom).padStart(4, '0')}-01-01` : undefined;
  const to = query.yearTo != null ? `${String(query.yearTo + 1).padStart(4, '0')}-01-01` : undefined;
  const partial = await storedRollupPartial(db, { kind: 'year', from, to, countries: query.countries });
  if (Object.keys(partial.cells).length === 0) return [];
  const rows = rollupIndicators(partial, { home: query.home ?? 'CHN', communicatorType: query.communicatorType, minArticles: query.minArticles });
  return query.abroad === true ? [...rows, ...abroadIndicators(rows, query.home ?? 'CHN')] : rows;
}

/** The events lens of one partner and month (or a range of months summed). */
export interface EventLensResultRow {
  home: string;
  partner: string;
  /** `YYYY-MM`, or `YYYY-MM…YYYY-MM` when months are summed. */
  period: string;
  events: number;
  mentions: number;
  /** Goldstein mean weighted by NumMentions; null without mentions. */
  goldsteinMean: number | null;
  toneMean: number | null;
  /** QuadClass 1–4 shares weighted by NumMentions. */
  quadShares: [number, number, number, number] | null;
  cooperation: number | null;
  conflict: number | null;
}

/**
 * The stored events lens per partner × month (`byMonth`, default) or summed over the months
 * from `from` to `to` (`YYYY-MM`), sorted by partner and month.
 */
export async function queryEventsLens(
  db: Queryable,
  query: { home?: string; partners?: readonly string[]; from?: string; to?: string; byMonth?: boolean } = {},
): Promise<EventLensResultRow[]> {
  const home = (query.home ?? 'CHN').toUpperCase();
  const params: unknown[] = [home, query.from ? `${query.from}-01` : '0001-01-01', query.to ? `${query.to}-01` : '9999-12-01'];
  let where = 'home = $1 AND month >= $2::date AND month <= $3::date';
  if (query.partners && query.partners.length > 0) {
    params.push(query.partners.map((p) => p.toUpperCase()));
    where += ` AND partner = ANY($${params.length}::char(3)[])`;
  }
  const byMonth = query.byMonth ?? true;
  const month = byMonth ? "to_char(month, 'YYYY-MM')" : "to_char(min(month), 'YYYY-MM') || '…' || to_char(max(month), 'YYYY-MM')";
  const { rows } = await db.query(
    `SELECT partner, ${month} AS period, sum(events)::float8 AS events, sum(mentions)::float8 AS mentions, sum(goldstein_sum) AS goldstein_sum, sum(tone_sum) AS tone_sum,
       sum(quad_mentions[1])::float8 AS q1, sum(quad_mentions[2])::float8 AS q2, sum(quad_mentions[3])::float8 AS q3, sum(quad_mentions[4])::float8 AS q4
     FROM media_event_lens WHERE ${where} GROUP BY partner${byMonth ? ', month' : ''} ORDER BY partner${byMonth ? ', month' : ''}`,
    params,
  );
  return (rows as Record<string, number | string>[]).map((r) => {
    const mentions = Number(r.mentions);
    const share = (x: unknown): number => Number(x) / mentions;
    const quadShares = mentions > 0 ? ([share(r.q1), share(r.q2), share(r.q3), share(r.q4)] as [number, number, number, number]) : null;
    return {
      home,
      partner: String(r.partner),
      period: String(r.period),
      events: Number(r.events),
      mentions,
      goldsteinMean: mentions > 0 ? Number(r.goldstein_sum) / mentions : null,
      toneMean: mentions > 0 ? Number(r.tone_sum) / mentions : null,
      quadShares,
      cooperation: quadShares ? quadShares[0] + quadShares[1] : null,
      conflict: quadShares ? quadShares[2] + quadShares[3] : null,
    };
  });
}
