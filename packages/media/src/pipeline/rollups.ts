import { allCommunicators, type RollupCell, type RollupPartial } from '../analysis/rollup.js';
import { placeholders, type Queryable } from '../store/schema.js';
import { periodLabel, periodStartOf, type CalendarPeriodKind, type StoredPeriodKind } from './periods.js';

/** The theme key of the rows that count every article, whatever its themes. */
export const allThemes = '';

/** What the rollups need from one analysed article (the pipeline's view of `RollupArticle`). */
export interface RollupInput {
  sourceCountry: string;
  communicatorType: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  mentionsHome: boolean;
  tone: number | null;
  /** Counted lexicon theme matches. */
  themes: Readonly<Record<string, number>>;
}

/** One row of `media_rollups`: additive counts. */
export interface RollupTableRow {
  sourceCountry: string;
  periodKind: StoredPeriodKind;
  periodStart: string;
  theme: string;
  communicatorType: string;
  articles: number;
  homeArticles: number;
  toneSum: number;
  toneCount: number;
  homeToneSum: number;
  homeToneCount: number;
  mentions: number;
}

const storedKinds: readonly StoredPeriodKind[] = ['day', 'week', 'month'];

/**
 * Rollup rows of a batch of articles for every stored period kind. Theme `''` counts every
 * article (home articles and tone among them); a theme row counts the home articles whose
 * counted matches include the theme (as `rollupPartial` does): `articles` and `homeArticles`
 * are both that number, the tone sums are over them and `mentions` sums their matches.
 * Every article is counted under its communicator type and under `all`.
 *
 * @example
 * rollupRows([{ sourceCountry: 'KEN', communicatorType: 'state_media', day: '2024-03-05', mentionsHome: true, tone: 1.5, themes: { belt_and_road: 2 } }]).length
 * // → 12 (3 period kinds × 2 communicator types × 2 themes)
 */
export function rollupRows(articles: Iterable<RollupInput>): RollupTableRow[] {
  const rows = new Map<string, RollupTableRow>();
  const cell = (country: string, kind: StoredPeriodKind, start: string, theme: string, type: string): RollupTableRow => {
    const key = `${country}|${kind}|${start}|${theme}|${type}`;
    let row = rows.get(key);
    if (!row) {
      row = { sourceCountry: country, periodKind: kind, periodStart: start, theme, communicatorType: type, articles: 0, homeArticles: 0, toneSum: 0, toneCount: 0, homeToneSum: 0, homeToneCount: 0, mentions: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const a of articles) {
    const hasTone = a.tone != null && !Number.isNaN(a.tone);
    const tone = hasTone ? (a.tone as number) : 0;
    const types = a.communicatorType === allCommunicators ? [allCommunicators] : [a.communicatorType, allCommunicators];
    for (const kind of storedKinds) {
      const start = periodStartOf(a.day, kind);
      for (const type of types) {
        const all = cell(a.sourceCountry, kind, start, allThemes, type);
        all.articles++;
        if (hasTone) {
          all.toneSum += tone;
          all.toneCount++;
        }
        if (!a.mentionsHome) continue;
        all.homeArticles++;
        if (hasTone) {
          all.homeToneSum += tone;
          all.homeToneCount++;
        }
        for (const [theme, n] of Object.entries(a.themes)) {
          if (!(n > 0)) continue;
          const t = cell(a.sourceCountry, kind, start, theme, type);
          t.articles++;
          t.homeArticles++;
          t.mentions += n;
          if (hasTone) {
            t.toneSum += tone;
            t.toneCount++;
            t.homeToneSum += tone;
            t.homeToneCount++;
          }
        }
      }
    }
  }
  return [...rows.values()];
}

/**
 * Adds rollup rows to `media_rollups` (a merge of partials: every count is summed into the
 * stored row). Runs in the caller's transaction.
 */
export async function upsertRollups(db: Queryable, rows: readonly RollupTableRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await db.query(
      `INSERT INTO media_rollups (source_country, period_kind, period_start, theme, communicator_type, articles, home_articles, tone_sum, tone_count, home_tone_sum, home_tone_count, mentions)
       VALUES ${placeholders(part.length, 12)}
       ON CONFLICT (source_country, period_kind, period_start, theme, communicator_type) DO UPDATE SET
         articles = media_rollups.articles + EXCLUDED.articles,
         home_articles = media_rollups.home_articles + EXCLUDED.home_articles,
         tone_sum = media_rollups.tone_sum + EXCLUDED.tone_sum,
         tone_count = media_rollups.tone_count + EXCLUDED.tone_count,
         home_tone_sum = media_rollups.home_tone_sum + EXCLUDED.home_tone_sum,
         home_tone_count = media_rollups.home_tone_count + EXCLUDED.home_tone_count,
         mentions = media_rollups.mentions + EXCLUDED.mentions`,
      part.flatMap((r) => [r.sourceCountry, r.periodKind, r.periodStart, r.theme, r.communicatorType, r.articles, r.homeArticles, r.toneSum, r.toneCount, r.homeToneSum, r.homeToneCount, r.mentions]),
    );
  }
  return rows.length;
}

/**
 * Rebuilds `media_rollups` from `media_article_analysis` (after a registry change, or to check
 * the incremental rollups: both give the same table). Runs in the caller's transaction.
 */
export async function rebuildRollups(db: Queryable): Promise<number> {
  const { rows } = await db.query(
    `SELECT source_country, communicator_type, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, mentions_home, tone, themes
     FROM media_article_analysis WHERE source_country <> 'ZZZ'`,
  );
  const inputs = (rows as { source_country: string; communicator_type: string; day: string; mentions_home: boolean; tone: number | null; themes: Record<string, number> }[]).map((r) => ({
    sourceCountry: r.source_country,
    communicatorType: r.communicator_type,
    day: r.day,
    mentionsHome: r.mentions_home,
    tone: r.tone,
    themes: r.themes,
  }));
  await db.query('DELETE FROM media_rollups');
  return upsertRollups(db, rollupRows(inputs));
}

const numberOf = (v: unknown): number => (v == null ? 0 : Number(v));

/**
 * The stored rollups of one period kind (months for `year` and `month`) as a `RollupPartial`
 * of the analysis package, so that `finaliseRollup` and `rollupIndicators` read the store.
 */
export async function storedRollupPartial(db: Queryable, options: { kind: CalendarPeriodKind; from?: string; to?: string; countries?: readonly string[] }): Promise<RollupPartial> {
  const stored: StoredPeriodKind = options.kind === 'year' ? 'month' : options.kind;
  const params: unknown[] = [stored, options.from ?? '0001-01-01', options.to ?? '9999-12-31'];
  let where = 'period_kind = $1 AND period_start >= $2 AND period_start < $3';
  if (options.countries && options.countries.length > 0) {
    params.push(options.countries);
    where += ` AND source_country = ANY($${params.length}::char(3)[])`;
  }
  const { rows } = await db.query(
    `SELECT source_country, to_char(period_start, 'YYYY-MM-DD') AS period_start, theme, communicator_type, articles, home_articles, tone_sum, tone_count, home_tone_sum, home_tone_count, mentions
     FROM media_rollups WHERE ${where}`,
    params,
  );
  const cells: Record<string, RollupCell> = {};
  for (const r of rows as Record<string, unknown>[]) {
    const country = String(r.source_country);
    const period = periodLabel(String(r.period_start), stored);
    const type = String(r.communicator_type);
    const key = `${country}|${period}|${type}`;
    const cell = (cells[key] ??= { country, period, communicatorType: type, articles: 0, homeArticles: 0, toneSum: 0, toneCount: 0, homeToneSum: 0, homeToneCount: 0, themeArticles: {}, themeMentions: {} });
    const theme = String(r.theme);
    if (theme === allThemes) {
      cell.articles += numberOf(r.articles);
      cell.homeArticles += numberOf(r.home_articles);
      cell.toneSum += numberOf(r.tone_sum);
      cell.toneCount += numberOf(r.tone_count);
      cell.homeToneSum += numberOf(r.home_tone_sum);
      cell.homeToneCount += numberOf(r.home_tone_count);
    } else {
      cell.themeArticles[theme] = (cell.themeArticles[theme] ?? 0) + numberOf(r.home_articles);
      cell.themeMentions[theme] = (cell.themeMentions[theme] ?? 0) + numberOf(r.mentions);
    }
  }
  return { period: stored, cells };
}
