import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cellArticles,
  defaultAnalyser,
  eventsLens,
  finaliseRollup,
  ingestInput,
  inTransaction,
  mediaIndicators,
  migrateMediaPipeline,
  periodRange,
  queryEventsLens,
  queryRollups,
  readGdeltFile,
  rebuildRollups,
  rollupPartial,
  rollupRows,
  storedRollupPartial,
  storeSources,
  upsertRollups,
  type Queryable,
  type RollupInput,
  type SourceEntry,
} from '../src/index.js';
import { expectClose } from './analysis-support.js';

const eventsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20191024143000.export.CSV', import.meta.url));
const gkgPath = fileURLToPath(new URL('./fixtures/gdelt/constructed.gkg.csv', import.meta.url));

let db: PGlite & Queryable;

const sources: SourceEntry[] = [
  { domain: 'nation.africa', name: 'Daily Nation', countryIso3: 'KEN', language: 'eng', communicatorType: 'commercial_media', origin: 'user', note: null },
  { domain: 'kbc.co.ke', name: 'KBC', countryIso3: 'KEN', language: 'eng', communicatorType: 'public_broadcaster', origin: 'user', note: null },
  { domain: 'dawn.com', name: 'Dawn', countryIso3: 'PAK', language: 'eng', communicatorType: 'commercial_media', origin: 'user', note: null },
];

/** Constructed archive rows: English texts with China, theme and tone words. */
const rows = [
  { url: 'https://nation.africa/kenya/news/1', title: 'Rail link opens', text: 'China and Kenya praised the Belt and Road Initiative, a great and wonderful success.', date: '2024-03-05T08:00:00Z', language: 'en' },
  { url: 'https://nation.africa/kenya/news/2', title: 'Floods', text: 'Floods destroyed homes; a terrible disaster, officials said.', date: '2024-03-06T08:00:00Z', language: 'en' },
  { url: 'https://www.kbc.co.ke/news/3', title: 'Investors', text: 'Chinese investors support win-win cooperation and friendship with Kenya. The Belt and Road is growing.', date: '2024-03-20T10:00:00Z', language: 'en' },
  { url: 'https://www.kbc.co.ke/news/4', title: 'Budget', text: 'Parliament passed the budget after a long and difficult debate.', date: '2024-04-02T10:00:00Z', language: 'en' },
  { url: 'https://www.dawn.com/news/5', title: 'Corridor', text: 'China and Pakistan agreed to expand the corridor, a good outcome for both.', date: '2024-04-10T10:00:00Z', language: 'en' },
  { url: 'https://unknown.example.org/6', title: 'Elsewhere', text: 'China is mentioned by a source nobody has curated yet.', date: '2024-03-07T10:00:00Z', language: 'en' },
];

const archive = (name: string, lines: readonly object[]): { name: string; bytes: Uint8Array } => ({ name, bytes: new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n')) });

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of [
    ['media_articles', 'id'],
    ['media_article_analysis', 'article_id'],
    ['media_article_themes', 'article_id, theme, origin'],
    ['media_rollups', 'source_country, period_kind, period_start, theme, communicator_type'],
    ['media_unknown_domains', 'domain'],
    ['media_events', 'global_event_id'],
    ['media_event_lens', 'partner, month'],
  ] as const) {
    const { rows: r } = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    out[table] = (r as Record<string, unknown>[]).map((row) => {
      const { ingested_at: _i, analysed_at: _a, last_seen: _l, first_seen: _f, run_id: _r, ...rest } = row;
      return rest;
    });
  }
  return out;
}

beforeAll(async () => {
  db = new PGlite();
  await migrateMediaPipeline(db);
}, 60_000);

beforeEach(async () => {
  await db.query('TRUNCATE media_articles, media_article_themes, media_article_analysis, media_rollups, media_sources, media_unknown_domains, media_events, media_event_lens CASCADE');
  await storeSources(db, sources);
});

describe('media pipeline: archive → analysis → store → rollups', () => {
  it('ingestInput stores articles, their analysis and rollups; attention and tone difference follow from the analysed articles', async () => {
    const result = await ingestInput(db, archive('kenya.jsonl', rows));
    expect(result).toMatchObject({ kind: 'archive', records: 6, rejected: 0, inserted: 6, existing: 0, unknownSource: 1, skipped: false });
    const analyser = defaultAnalyser();
    const analysed = rows.map((r) => analyser.analyse({ text: r.text, title: r.title, language: 'en' }));
    const tone = (i: number): number => {
      const t = analysed[i].tone;
      if (!t.available) throw new Error('expected a tone');
      return t.tone;
    };
    // KEN, March 2024: rows 0, 1, 2 (row 5 has no known source); home articles 0 and 2.
    const march = await queryRollups(db, { countries: ['KEN'], by: 'month', from: '2024-03-01', to: '2024-03-31' });
    expect(march.total).toBe(1);
    const cell = march.rows[0];
    expect(cell).toMatchObject({ country: 'KEN', period: '2024-03', theme: null, communicatorType: 'all', articles: 3, homeArticles: 2, typeArticles: 3 });
    expectClose(cell.attention as number, 2 / 3, 1e-12, 'attention');
    expectClose(cell.toneMean as number, (tone(0) + tone(2)) / 2, 1e-9, 'home tone');
    expectClose(cell.baselineTone as number, (tone(0) + tone(1) + tone(2)) / 3, 1e-9, 'baseline tone');
    expectClose(cell.toneDifference as number, (tone(0) + tone(2)) / 2 - (tone(0) + tone(1) + tone(2)) / 3, 1e-9, 'tone difference');

    const byType = await queryRollups(db, { countries: ['KEN'], by: 'month', from: '2024-03-01', to: '2024-03-31', communicatorTypes: ['commercial_media', 'public_broadcaster'], themes: ['belt_and_road'] });
    expect(byType.rows.map((r) => [r.communicatorType, r.articles, r.typeArticles, r.themeShare])).toEqual([
      ['commercial_media', 1, 2, 1],
      ['public_broadcaster', 1, 1, 1],
    ]);

    const unknown = await db.query("SELECT source_country FROM media_article_analysis WHERE article_id IN (SELECT id FROM media_articles WHERE source_domain = 'unknown.example.org')");
    expect(unknown.rows).toEqual([{ source_country: 'ZZZ' }]);
    const curation = await db.query('SELECT domain, articles FROM media_unknown_domains');
    expect(curation.rows).toEqual([{ domain: 'unknown.example.org', articles: 1 }]);
  });

  it('ingesting the same archive again changes nothing (idempotent), and the incremental rollups equal a rebuild', async () => {
    await ingestInput(db, archive('kenya.jsonl', rows));
    const first = await snapshot();
    const again = await ingestInput(db, archive('kenya-again.jsonl', rows));
    expect(again).toMatchObject({ inserted: 0, existing: 6, rollupRows: 0, unknownSource: 0 });
    expect(await snapshot()).toEqual(first);
    // split ingestion adds up to the same rollups as one ingestion
    await db.query('TRUNCATE media_articles, media_article_themes, media_article_analysis, media_rollups, media_unknown_domains CASCADE');
    await ingestInput(db, archive('part1.jsonl', rows.slice(0, 3)));
    await ingestInput(db, archive('part2.jsonl', rows.slice(2)));
    expect((await snapshot()).media_rollups).toEqual(first.media_rollups);
    await inTransaction(db, (tx) => rebuildRollups(tx));
    expect((await snapshot()).media_rollups).toEqual(first.media_rollups);
  });

  it('stored rollups read back as a RollupPartial equal to rollupPartial over the same articles', async () => {
    const articles: RollupInput[] = Array.from({ length: 200 }, (_, i) => ({
      sourceCountry: ['KEN', 'PAK', 'KAZ'][i % 3],
      communicatorType: ['state_media', 'ngo', 'commercial_media', 'unknown'][i % 4],
      day: new Date(Date.UTC(2023, 11, 20 + (i % 40))).toISOString().slice(0, 10),
      mentionsHome: i % 3 !== 1,
      tone: i % 7 === 0 ? null : ((i * 37) % 11) - 5,
      themes: (i % 2 === 0 ? { belt_and_road: 1 + (i % 3) } : { friendship: 1 }) as Record<string, number>,
    }));
    await inTransaction(db, (tx) => upsertRollups(tx, rollupRows(articles)));
    const expected = rollupPartial(
      articles.map((a) => ({ sourceCountry: a.sourceCountry, communicatorType: a.communicatorType, published: a.day, mentionsHome: a.mentionsHome, themes: a.themes, tone: a.tone })),
      'month',
    );
    expect(finaliseRollup(await storedRollupPartial(db, { kind: 'month' }))).toEqual(finaliseRollup(expected));
    const weeks = await queryRollups(db, { by: 'week', countries: ['KEN'] });
    const weekly = finaliseRollup(rollupPartial(articles.filter((a) => a.sourceCountry === 'KEN').map((a) => ({ ...a, published: a.day })), 'week')).filter((r) => r.communicatorType === 'all');
    expect(weeks.rows.map((r) => [r.period, r.articles, r.homeArticles])).toEqual(weekly.map((r) => [r.period, r.articles, r.homeArticles]));
  });

  it('cellArticles lists the articles behind a cell, with title, source and link', async () => {
    await ingestInput(db, archive('kenya.jsonl', rows));
    const cell = await cellArticles(db, { country: 'KEN', period: '2024-03', theme: 'belt_and_road' });
    expect(cell.total).toBe(2);
    expect(cell.articles.map((a) => [a.title, a.source, a.url])).toEqual([
      ['Investors', 'kbc.co.ke', 'https://www.kbc.co.ke/news/3'],
      ['Rail link opens', 'nation.africa', 'https://nation.africa/kenya/news/1'],
    ]);
    const all = await cellArticles(db, { country: 'KEN', period: '2024-03', communicatorType: 'commercial_media' });
    expect(all.articles.map((a) => a.title)).toEqual(['Floods', 'Rail link opens']);
    await expect(cellArticles(db, { country: 'KEN', period: '2024-13' })).rejects.toThrow(/period "2024-13"/);
  });

  it('mediaIndicators gives yearly indicators in the long format from the stored rollups', async () => {
    await ingestInput(db, archive('kenya.jsonl', rows));
    const indicators = await mediaIndicators(db, { yearFrom: 2024, yearTo: 2024 });
    const attention = indicators.filter((r) => r.indicator === 'media_attention_chn');
    expect(attention.map((r) => [r.country, r.year, r.source_code])).toEqual([
      ['KEN', 2024, 'attention'],
      ['PAK', 2024, 'attention'],
    ]);
    expectClose(attention[0].value, (100 * 2) / 4, 1e-12, 'KEN attention');
    expectClose(attention[1].value, 100, 1e-12, 'PAK attention');
    expect(indicators.some((r) => r.indicator === 'media_theme_belt_and_road_chn' && r.country === 'KEN')).toBe(true);
    expect(await mediaIndicators(db, { yearFrom: 2025, yearTo: 2025 })).toEqual([]);
    const withAbroad = await mediaIndicators(db, { yearFrom: 2024, yearTo: 2024, abroad: true });
    const abroad = withAbroad.filter((r) => r.country === 'CHN');
    expect(abroad.map((r) => [r.indicator, r.year, r.note])).toEqual([
      ['media_attention_abroad', 2024, 'mean over 2 source countries'],
      ['media_tone_gap_abroad', 2024, 'mean over 2 source countries'],
    ]);
    expectClose(abroad[0].value, (attention[0].value + attention[1].value) / 2, 1e-12, 'mean attention abroad');
    const gaps = indicators.filter((r) => r.indicator === 'media_tone_gap_chn').map((r) => r.value);
    expectClose(abroad[1].value, (gaps[0] + gaps[1]) / 2, 1e-12, 'mean tone gap abroad');
  });

  it('strict ingestion writes nothing from an archive with a malformed line and names the line', async () => {
    const bad = { name: 'bad.jsonl', bytes: new TextEncoder().encode(`${JSON.stringify(rows[0])}\n{"url": "https://nation.africa/x", "date": \n`) };
    const result = await ingestInput(db, bad, { strict: true });
    expect(result.skipped).toBe(true);
    expect(result.problems[0]).toMatchObject({ code: 'MEDIA_ARCHIVE_ROW', file: 'bad.jsonl', line: 2 });
    expect((await db.query('SELECT count(*)::int AS n FROM media_articles')).rows).toEqual([{ n: 0 }]);
    const lenient = await ingestInput(db, bad);
    expect(lenient).toMatchObject({ inserted: 1, rejected: 1, skipped: false });
  });

  it('periodRange reads days, ISO weeks, months, years and ranges of days', () => {
    expect(periodRange('2024-W10')).toEqual({ kind: 'week', start: '2024-03-04', end: '2024-03-11' });
    expect(periodRange('2020-W53')).toEqual({ kind: 'week', start: '2020-12-28', end: '2021-01-04' });
    expect(periodRange('2021-W53')).toBeNull();
    expect(periodRange('2024-02')).toEqual({ kind: 'month', start: '2024-02-01', end: '2024-03-01' });
    expect(periodRange('2024-02-30')).toBeNull();
    // a range includes its last day: the half-open end is the day after
    expect(periodRange('2019-07-15..2020-02-29')).toEqual({ kind: 'range', start: '2019-07-15', end: '2020-03-01' });
    expect(periodRange('2024-03-05..2024-03-05')).toEqual({ kind: 'range', start: '2024-03-05', end: '2024-03-06' });
    expect(periodRange('2024-03-06..2024-03-05')).toBeNull();
    expect(periodRange('2019-02-29..2019-03-31')).toBeNull();
    expect(periodRange('2024-03..2024-04')).toBeNull();
    expect(periodRange('2024-03-05..')).toBeNull();
    expect(periodRange('2024-03-05/2024-03-31')).toBeNull();
  });
});

describe('media pipeline: a range of days summed into one period (by "range")', () => {
  const from = '2019-07-15';
  const to = '2020-02-10';
  const label = `${from}..${to}`;
  /**
   * Analysed articles CONSTRUCTED FOR THE TEST, with chosen tones: a range that starts in the
   * middle of July 2019 and ends in February 2020, across the year boundary. Articles on the
   * day before `from` and after `to`, and earlier in July, must be left out; two home
   * articles have no tone, so that tone counts differ from article counts.
   */
  const article = (day: string, sourceCountry: string, communicatorType: string, mentionsHome: boolean, tone: number | null, themes: Record<string, number> = {}): RollupInput => ({ sourceCountry, communicatorType, day, mentionsHome, tone, themes });
  const articles: RollupInput[] = [
    // outside the range
    article('2019-07-01', 'KEN', 'state_media', false, -4),
    article('2019-07-14', 'KEN', 'commercial_media', true, 5, { belt_and_road: 1 }),
    article('2020-02-11', 'KEN', 'commercial_media', true, 3, { win_win: 2 }),
    article('2020-02-29', 'KEN', 'state_media', true, null),
    article('2020-03-01', 'PAK', 'state_media', true, -2, { belt_and_road: 1 }),
    // inside: KEN a1 … a7, PAK p1
    article('2019-07-15', 'KEN', 'commercial_media', true, 2, { belt_and_road: 2 }),
    article('2019-07-31', 'KEN', 'state_media', false, -1),
    article('2019-12-31', 'KEN', 'state_media', true, 4, { belt_and_road: 1, win_win: 1 }),
    article('2020-01-01', 'KEN', 'commercial_media', false, null),
    article('2020-01-01', 'KEN', 'commercial_media', true, null, { win_win: 3 }),
    article('2020-02-10', 'KEN', 'state_media', true, -3),
    article('2020-02-10', 'KEN', 'commercial_media', false, 1),
    article('2019-09-09', 'PAK', 'state_media', true, 0.5, { belt_and_road: 1 }),
  ];

  beforeEach(async () => {
    await inTransaction(db, (tx) => upsertRollups(tx, rollupRows(articles)));
  });

  it('queryRollups by "range" gives the figures computed by hand from the articles, exact at a mid-month start and across the year boundary', async () => {
    const { total, rows: cells } = await queryRollups(db, { by: 'range', from, to });
    expect(total).toBe(2);
    expect(cells.map((r) => [r.country, r.period, r.periodStart, r.theme, r.communicatorType])).toEqual([
      ['KEN', label, from, null, 'all'],
      ['PAK', label, from, null, 'all'],
    ]);
    const [ken, pak] = cells;
    // KEN in range: a1 … a7; home a1, a3, a5, a6
    expect([ken.articles, ken.homeArticles, ken.typeArticles, ken.mentions]).toEqual([7, 4, 7, 0]);
    expectClose(ken.attention as number, 4 / 7, 1e-15, 'KEN attention');
    // tone of the home articles that have one: a1 2, a3 4, a6 −3 (a5 has none)
    expectClose(ken.toneMean as number, (2 + 4 - 3) / 3, 1e-15, 'KEN tone');
    // baseline over every article with a tone: a1 2, a2 −1, a3 4, a6 −3, a7 1
    expectClose(ken.baselineTone as number, (2 - 1 + 4 - 3 + 1) / 5, 1e-15, 'KEN baseline');
    expectClose(ken.toneDifference as number, 1 - 0.6, 1e-15, 'KEN tone difference');
    expect(ken.themeShare).toBeNull();
    expect(pak).toMatchObject({ articles: 1, homeArticles: 1, attention: 1, toneMean: 0.5, baselineTone: 0.5, toneDifference: 0 });

    const themed = await queryRollups(db, { by: 'range', from, to, countries: ['KEN'], themes: ['belt_and_road', 'win_win'], communicatorTypes: ['all', 'commercial_media', 'state_media'] });
    const of = (theme: string, type: string) => themed.rows.find((r) => r.theme === theme && r.communicatorType === type)!;
    expect(themed.rows.every((r) => r.period === label && r.periodStart === from)).toBe(true);
    // Belt and Road: home articles a1 (2 matches, tone 2) and a3 (1 match, tone 4) of 4
    expect(of('belt_and_road', 'all')).toMatchObject({ articles: 2, homeArticles: 2, typeArticles: 7, mentions: 3 });
    expectClose(of('belt_and_road', 'all').themeShare as number, 2 / 4, 1e-15, 'Belt and Road share');
    expectClose(of('belt_and_road', 'all').toneMean as number, (2 + 4) / 2, 1e-15, 'Belt and Road tone');
    expectClose(of('belt_and_road', 'all').toneDifference as number, 3 - 0.6, 1e-15, 'Belt and Road tone difference');
    // win-win: a3 (1 match, tone 4) and a5 (3 matches, no tone)
    expect(of('win_win', 'all')).toMatchObject({ articles: 2, homeArticles: 2, mentions: 4 });
    expectClose(of('win_win', 'all').themeShare as number, 2 / 4, 1e-15, 'win-win share');
    expectClose(of('win_win', 'all').toneMean as number, 4, 1e-15, 'win-win tone');
    // per type: commercial a1, a4, a5, a7 (home a1, a5); state a2, a3, a6 (home a3, a6)
    expect(of('belt_and_road', 'commercial_media')).toMatchObject({ articles: 1, homeArticles: 1, typeArticles: 4, themeShare: 0.5 });
    expect(of('win_win', 'state_media')).toMatchObject({ articles: 1, homeArticles: 1, typeArticles: 3, themeShare: 0.5 });

    const byType = await queryRollups(db, { by: 'range', from, to, countries: ['KEN'], communicatorTypes: ['commercial_media', 'state_media'] });
    const [commercial, state] = byType.rows;
    expect([commercial.communicatorType, commercial.articles, commercial.homeArticles]).toEqual(['commercial_media', 4, 2]);
    expectClose(commercial.attention as number, 2 / 4, 1e-15, 'commercial attention');
    expectClose(commercial.toneMean as number, 2, 1e-15, 'commercial tone (a1; a5 has none)');
    expectClose(commercial.baselineTone as number, 0.6, 1e-15, 'baseline of type all');
    expectClose(commercial.toneDifference as number, 2 - 0.6, 1e-15, 'commercial tone difference');
    expect([state.communicatorType, state.articles, state.homeArticles]).toEqual(['state_media', 3, 2]);
    expectClose(state.attention as number, 2 / 3, 1e-15, 'state attention');
    expectClose(state.toneMean as number, (4 - 3) / 2, 1e-15, 'state tone');
    expectClose(state.toneDifference as number, 0.5 - 0.6, 1e-15, 'state tone difference');
  });

  it('queryRollups by a calendar period gives whole periods: `from` is rounded down to its period start, the period holding `to` is kept whole', async () => {
    const count = async (by: 'day' | 'week' | 'month' | 'year', f: string, t: string, country = 'KEN'): Promise<[string, string, number][]> =>
      (await queryRollups(db, { countries: [country], by, from: f, to: t })).rows.map((r) => [r.period, r.periodStart, r.articles]);
    // all of July 2019 (07-01, 07-14, 07-15, 07-31) though `from` is the 15th, all of February 2020 (02-10 ×2, 02-11, 02-29) though `to` is the 10th
    expect(await count('month', from, to)).toEqual([
      ['2019-07', '2019-07-01', 4],
      ['2019-12', '2019-12-01', 1],
      ['2020-01', '2020-01-01', 2],
      ['2020-02', '2020-02-01', 4],
    ]);
    // whole years: KEN 2019 has 5 articles (not the 1 of August–December), 2020 has 6; PAK's March 2020 article is in 2020
    expect(await count('year', from, to)).toEqual([
      ['2019', '2019-01-01', 5],
      ['2020', '2020-01-01', 6],
    ]);
    expect(await count('year', '2019-06-01', '2019-06-30', 'PAK')).toEqual([['2019', '2019-01-01', 1]]);
    expect(await count('year', from, to, 'PAK')).toEqual([
      ['2019', '2019-01-01', 1],
      ['2020', '2020-01-01', 1],
    ]);
    // a Wednesday gives its ISO week from Monday 2019-07-15 (the Sunday before is another week)
    expect(await count('week', '2019-07-17', '2019-07-17')).toEqual([['2019-W29', '2019-07-15', 1]]);
    expect(await count('day', '2019-07-14', '2019-07-15')).toEqual([
      ['2019-07-14', '2019-07-14', 1],
      ['2019-07-15', '2019-07-15', 1],
    ]);
    await expect(queryRollups(db, { by: 'month', from: '2019-02-30' })).rejects.toThrow(/"from" is "2019-02-30", not a day of the calendar/);
  });

  it('queryRollups by "range" equals the sum of the stored day rows from `from` to `to`', async () => {
    const many: RollupInput[] = Array.from({ length: 300 }, (_, i) => ({
      sourceCountry: ['KEN', 'PAK', 'KAZ'][i % 3],
      communicatorType: ['state_media', 'ngo', 'commercial_media', 'unknown'][i % 4],
      day: new Date(Date.UTC(2019, 11, 1 + ((i * 7) % 75))).toISOString().slice(0, 10),
      mentionsHome: i % 3 !== 1,
      tone: i % 7 === 0 ? null : ((i * 37) % 11) - 5 + 0.25,
      themes: (i % 2 === 0 ? { belt_and_road: 1 + (i % 3) } : { friendship: 1 }) as Record<string, number>,
    }));
    await inTransaction(db, (tx) => upsertRollups(tx, rollupRows(many)));
    const [first, last] = ['2019-12-17', '2020-01-23'];
    const themes = ['belt_and_road', 'friendship'];
    const types = ['all', 'state_media', 'ngo', 'commercial_media', 'unknown'];
    const { rows: summed } = await db.query(
      `SELECT source_country, theme, communicator_type, sum(articles)::float8 AS articles, sum(home_articles)::float8 AS home_articles, sum(home_tone_sum) AS home_tone_sum,
         sum(home_tone_count)::float8 AS home_tone_count, sum(tone_sum) AS tone_sum, sum(tone_count)::float8 AS tone_count, sum(mentions)::float8 AS mentions
       FROM media_rollups WHERE period_kind = 'day' AND period_start BETWEEN $1 AND $2 GROUP BY 1, 2, 3`,
      [first, last],
    );
    const day = new Map((summed as Record<string, string | number>[]).map((r) => [`${r.source_country}|${r.theme}|${r.communicator_type}`, r]));
    const ratio = (actual: number | null, numerator: unknown, denominator: unknown, label: string, tolerance: number) => {
      if (Number(denominator) === 0) expect(actual, label).toBeNull();
      else expectClose(actual as number, Number(numerator) / Number(denominator), tolerance, label);
    };
    for (const theme of [null, ...themes]) {
      const result = await queryRollups(db, { by: 'range', from: first, to: last, themes: theme == null ? undefined : [theme], communicatorTypes: types });
      expect(result.rows.length, `theme ${theme}`).toBeGreaterThan(0);
      for (const r of result.rows) {
        const where = `${r.country} ${r.theme} ${r.communicatorType}`;
        const cell = day.get(`${r.country}|${r.theme ?? ''}|${r.communicatorType}`)!;
        const total = day.get(`${r.country}||${r.communicatorType}`)!;
        const baseline = day.get(`${r.country}||all`)!;
        expect(r.period, where).toBe(`${first}..${last}`);
        expect([r.articles, r.homeArticles, r.mentions, r.typeArticles], where).toEqual([Number(cell.articles), Number(cell.home_articles), Number(cell.mentions), Number(total.articles)]);
        ratio(r.attention, cell.home_articles, total.articles, `${where} attention`, 1e-15);
        if (r.theme != null) ratio(r.themeShare, cell.home_articles, total.home_articles, `${where} theme share`, 1e-15);
        ratio(r.toneMean, cell.home_tone_sum, cell.home_tone_count, `${where} tone`, 1e-12);
        ratio(r.baselineTone, baseline.tone_sum, baseline.tone_count, `${where} baseline`, 1e-12);
      }
    }
    // and the articles the day rows count are those of the constructed lists (this test's and the block's)
    const inRange = [...articles, ...many].filter((a) => a.day >= first && a.day <= last && a.sourceCountry === 'KEN');
    const ken = (await queryRollups(db, { by: 'range', from: first, to: last, countries: ['KEN'] })).rows[0];
    expect([ken.articles, ken.homeArticles]).toEqual([inRange.length, inRange.filter((a) => a.mentionsHome).length]);
  });

  it('queryRollups by "range" answers no rows for a range without articles, and refuses a range without from or to', async () => {
    expect(await queryRollups(db, { by: 'range', from: '2019-07-02', to: '2019-07-13' })).toEqual({ total: 0, rows: [] });
    expect(await queryRollups(db, { by: 'range', from: '2018-01-01', to: '2018-12-31', offset: 5 })).toEqual({ total: 0, rows: [] });
    await expect(queryRollups(db, { by: 'range', to })).rejects.toThrow(/needs "from"/);
    await expect(queryRollups(db, { by: 'range', from })).rejects.toThrow(/needs "to"/);
    await expect(queryRollups(db, { by: 'range', from: to, to: from })).rejects.toThrow(/ends \(to 2019-07-15\) before it starts \(from 2020-02-10\)/);
    await expect(queryRollups(db, { by: 'range', from: '2019-02-29', to })).rejects.toThrow(/"from" is "2019-02-29"/);
  });
});

describe('media pipeline: the articles behind a range', () => {
  it('cellArticles takes the label of a range and lists the articles of its days, both ends included', async () => {
    await ingestInput(db, archive('kenya.jsonl', rows));
    // KEN articles on 2024-03-06 (Floods), 2024-03-20 (Investors), 2024-04-02 (Budget); 03-05 is the day before
    const range = '2024-03-06..2024-04-02';
    const cell = await cellArticles(db, { country: 'KEN', period: range });
    expect(cell.articles.map((a) => a.title)).toEqual(['Budget', 'Investors', 'Floods']);
    const [rollup] = (await queryRollups(db, { by: 'range', from: '2024-03-06', to: '2024-04-02', countries: ['KEN'] })).rows;
    expect(rollup.period).toBe(range);
    expect(cell.total).toBe(rollup.articles);
    const home = await cellArticles(db, { country: 'KEN', period: rollup.period, homeOnly: true });
    expect(home.total).toBe(rollup.homeArticles);
    await expect(cellArticles(db, { country: 'KEN', period: '2024-04-02..2024-03-06' })).rejects.toThrow(/period "2024-04-02\.\.2024-03-06"/);
  });
});

describe('media pipeline: GDELT', () => {
  it('an Events file fills the events lens as eventsLens computes it; ingesting it again changes nothing', async () => {
    const result = await ingestInput(db, eventsPath);
    expect(result).toMatchObject({ kind: 'events', rejected: 0 });
    const { records } = await readGdeltFile('events', eventsPath);
    const lens = eventsLens(
      records.map((e) => ({ globalEventId: e.globalEventId, actor1CountryCode: e.actor1.countryCode, actor2CountryCode: e.actor2.countryCode, quadClass: e.quadClass ?? 0, goldsteinScale: e.goldsteinScale ?? Number.NaN, numMentions: e.numMentions ?? 0, avgTone: e.avgTone ?? Number.NaN, day: e.day })),
      { home: 'CHN' },
    );
    expect(result.events).toBe(lens.partners.reduce((n, p) => n + p.events, 0));
    expect(result.newEvents).toBe(result.events);
    const stored = await queryEventsLens(db, { home: 'CHN', byMonth: false });
    expect(stored.map((r) => r.partner).sort()).toEqual(lens.partners.map((p) => p.partner).sort());
    for (const p of lens.partners) {
      const s = stored.find((r) => r.partner === p.partner)!;
      expect(s.events, p.partner).toBe(p.events);
      expect(s.mentions, p.partner).toBe(p.mentions);
      expectClose(s.goldsteinMean as number, p.goldsteinMean, 1e-9, `${p.partner} Goldstein mean`);
      expectClose(s.cooperation as number, p.cooperation, 1e-12, `${p.partner} cooperation`);
    }
    const before = await snapshot();
    const again = await ingestInput(db, eventsPath);
    expect(again.newEvents).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('GKG records become articles whose tone is GDELT tone, with GKG themes kept', async () => {
    const result = await ingestInput(db, gkgPath);
    expect(result.kind).toBe('gkg');
    expect(result.inserted).toBeGreaterThan(0);
    const { records } = await readGdeltFile('gkg', gkgPath);
    const web = records.filter((r) => r.sourceCollection === 1);
    const { rows: analysed } = await db.query(
      'SELECT a.url, x.tone, x.tone_origin FROM media_article_analysis x JOIN media_articles a ON a.id = x.article_id ORDER BY a.url',
    );
    expect(analysed.length).toBe(web.length);
    for (const row of analysed as { url: string; tone: number; tone_origin: string }[]) {
      const record = web.find((r) => r.documentIdentifier === row.url)!;
      expect(row.tone_origin).toBe('gdelt');
      expectClose(row.tone, record.tone!.tone, 1e-12, row.url);
    }
    const { rows: themes } = await db.query("SELECT count(*)::int AS n FROM media_article_themes WHERE origin = 'gdelt-gkg'");
    expect((themes[0] as { n: number }).n).toBeGreaterThan(0);
  });

  it('a GKG file naming one document twice stores it once, with the GKG themes of its first record (not summed)', async () => {
    const fixture = readFileSync(gkgPath, 'utf8');
    const lines = fixture.split('\n').filter((l) => l !== '');
    // the same document under another GKGRECORDID, one theme counted three times instead of once
    const repeated = lines[0].split('\t');
    repeated[0] = '20191024143000-99';
    repeated[7] = 'TAX_FNCACT;TAX_FNCACT_PRESIDENT;ECON_TAXATION;WB_698_TRADE;EPU_POLICY;';
    repeated[8] = 'TAX_FNCACT_PRESIDENT,120;ECON_TAXATION,345;ECON_TAXATION,400;ECON_TAXATION,500;WB_698_TRADE,345;EPU_POLICY,600;';
    const upload = { name: '20191024143000.gkg.csv', bytes: new TextEncoder().encode([...lines, repeated.join('\t')].join('\n') + '\n') };
    const single = await ingestInput(db, gkgPath);
    const once = (await snapshot()).media_article_themes;
    await db.query('TRUNCATE media_articles, media_article_themes, media_article_analysis, media_rollups, media_unknown_domains CASCADE');

    const result = await ingestInput(db, upload);
    expect(result).toMatchObject({ kind: 'gkg', skipped: false, records: lines.length + 1, inserted: single.inserted, articles: single.articles });
    const { rows: ids } = await db.query('SELECT id FROM media_articles WHERE url = $1', [repeated[4]]);
    expect(ids.length).toBe(1);
    const id = (ids[0] as { id: string }).id;
    const twice = (await snapshot()).media_article_themes as { article_id: string; theme: string; origin: string; mentions: number }[];
    // the single ingestion's theme rows unchanged (ECON_TAXATION stays 1, not 1 + 3); the repeat only adds the theme the first record lacks
    expect(twice.filter((t) => !(t.article_id === id && t.theme === 'EPU_POLICY'))).toEqual(once);
    expect(twice.filter((t) => t.article_id === id && t.theme === 'EPU_POLICY').map((t) => [t.origin, t.mentions])).toEqual([['gdelt-gkg', 1]]);
    expect(twice.find((t) => t.article_id === id && t.theme === 'ECON_TAXATION')).toMatchObject({ origin: 'gdelt-gkg', mentions: 1 });
  });
});
