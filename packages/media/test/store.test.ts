import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createArticle,
  finishIngestRun,
  gkgArticle,
  importArchive,
  loadSources,
  loadUnknownDomains,
  migrateMediaStore,
  readGdeltFile,
  SourceRegistry,
  startIngestRun,
  storeArticles,
  storeSources,
  storeUnknownDomains,
  SyndicationIndex,
  type Queryable,
  type SourceEntry,
} from '../src/index.js';

const gkgPath = fileURLToPath(new URL('./fixtures/gdelt/constructed.gkg.csv', import.meta.url));
const csvPath = fileURLToPath(new URL('./fixtures/archives/export.csv', import.meta.url));
const voa: SourceEntry = { domain: 'voanews.com', name: 'VOA English', countryIso3: 'USA', language: 'eng', communicatorType: 'state_media', origin: 'voa-domains.tsv', note: null };

let db: PGlite & Queryable;

beforeAll(async () => {
  db = new PGlite();
  await migrateMediaStore(db);
}, 60_000);

beforeEach(async () => {
  await db.query('TRUNCATE media_articles, media_article_themes, media_sources, media_unknown_domains, media_ingest_runs CASCADE');
});

const count = async (sql: string): Promise<number> => Number(((await db.query(sql)).rows[0] as { n: number }).n);

describe('media store on PGlite', () => {
  it('migrateMediaStore is idempotent and creates a partitioned articles table keyed by source_country', async () => {
    await migrateMediaStore(db);
    const { rows } = await db.query<{ partstrat: string }>("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'media_articles'::regclass");
    expect(rows[0].partstrat).toBe('r');
    const key = await db.query<{ attname: string }>(
      "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'media_articles'::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
    );
    expect(key.rows.map((r) => r.attname)).toEqual(['source_country', 'published_at', 'id']);
  });

  it('storeArticles puts articles in monthly partitions; storing them again changes nothing', async () => {
    const registry = new SourceRegistry([voa]);
    const { articles } = await importArchive(csvPath, { registry });
    const runId = await startIngestRun(db, 'archive', { file: 'export.csv' });
    const first = await storeArticles(db, articles, { runId });
    expect(first).toEqual({ inserted: 2, existing: 0, syndicated: 0, themes: 0 });
    const again = await storeArticles(db, articles, { runId });
    expect(again).toEqual({ inserted: 0, existing: 2, syndicated: 0, themes: 0 });
    expect(await count('SELECT count(*) AS n FROM media_articles')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM media_articles_y2019m10')).toBe(2);
    const { rows } = await db.query<{ source_country: string }>('SELECT DISTINCT source_country FROM media_articles');
    expect(rows.map((r) => r.source_country)).toEqual(['USA']);
  });

  it('GKG records become articles with GKG theme rows; the page text fills them in later', async () => {
    const { records } = await readGdeltFile('gkg', gkgPath);
    const built = records.map((r) => gkgArticle(r)).filter((x) => x != null);
    const articles = built.map((b) => b!.result.article!).filter(Boolean);
    const themes = built.flatMap((b) => b!.themes);
    const result = await storeArticles(db, articles, { themes });
    expect(result.inserted).toBe(3);
    expect(result.themes).toBe(6);
    const zho = articles.find((a) => a.language === 'zho');
    expect(zho?.title).toBe('中巴经济走廊建设稳步推进');
    expect(zho?.sourceCountry).toBeNull();
    expect(await count("SELECT count(*) AS n FROM media_articles WHERE source_country = 'ZZZ'")).toBe(3);
    const page = createArticle({ url: articles[0].url, text: 'The full text of the page.', publishedAt: articles[0].publishedAt, origin: 'feed' }).article!;
    const filled = await storeArticles(db, [page]);
    expect(filled.existing).toBe(1);
    const { rows } = await db.query<{ body: string }>('SELECT body FROM media_articles WHERE id = $1', [page.id]);
    expect(rows[0].body).toBe('The full text of the page.');
  });

  it('marks copies: same content hash as a stored article, and near-duplicates in the batch', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `Sentence ${i} of the wire story says the corridor moved ahead with investment in energy and transport.`).join(' ');
    const make = (url: string, text: string) => createArticle({ url, text, publishedAt: '2019-10-24T00:00:00Z', origin: 'archive' }).article!;
    await storeArticles(db, [make('https://wire.example/a', body)]);
    const result = await storeArticles(db, [make('https://paper.example/a', body), make('https://paper.example/b', `EDITOR'S NOTE. ${body} END.`)], { syndication: new SyndicationIndex() });
    expect(result.syndicated).toBe(2);
    const { rows } = await db.query<{ url: string; syndication_reason: string }>('SELECT url, syndication_reason FROM media_articles WHERE syndication_of IS NOT NULL ORDER BY url');
    expect(rows.map((r) => [r.url, r.syndication_reason])).toEqual([
      ['https://paper.example/a', 'content-hash'],
      ['https://paper.example/b', 'near-duplicate'],
    ]);
  });

  it('a failing batch is rolled back whole', async () => {
    const good = createArticle({ url: 'https://wire.example/x', text: 'x', publishedAt: '2019-10-24T00:00:00Z', origin: 'archive' }).article!;
    // An id longer than char(64) makes the INSERT fail after the good article was sent.
    const bad = { ...good, id: 'z'.repeat(65), url: 'https://wire.example/y', canonicalUrl: 'https://wire.example/y', text: 'y', contentHash: null };
    await expect(storeArticles(db, [good, bad])).rejects.toThrow();
    expect(await count('SELECT count(*) AS n FROM media_articles')).toBe(0);
  });

  it('sources, the curation list and the run log round-trip', async () => {
    const registry = new SourceRegistry();
    registry.noteUnknown('news.example.cn', 'https://news.example.cn/1');
    await storeUnknownDomains(db, registry.unknownDomains());
    await storeUnknownDomains(db, registry.unknownDomains());
    expect(await loadUnknownDomains(db)).toEqual([{ domain: 'news.example.cn', articles: 2, examples: ['https://news.example.cn/1'] }]);
    await storeSources(db, [voa, { ...voa, domain: 'news.example.cn', countryIso3: 'CHN', language: 'zho', communicatorType: 'commercial_media', origin: 'user' }]);
    expect((await loadSources(db)).map((s) => [s.domain, s.countryIso3, s.communicatorType])).toEqual([
      ['news.example.cn', 'CHN', 'commercial_media'],
      ['voanews.com', 'USA', 'state_media'],
    ]);
    expect(await loadUnknownDomains(db)).toEqual([]);

    const { articles, problems } = await importArchive(csvPath);
    const runId = await startIngestRun(db, 'archive', { file: csvPath });
    const stored = await storeArticles(db, articles, { runId });
    const status = await finishIngestRun(db, runId, { rows: 6, articles: stored.inserted }, problems, stored.inserted);
    expect(status).toBe('partial');
    const errors = await db.query<{ line: number; column_name: string | null; value: string }>('SELECT line, column_name, value FROM media_ingest_errors WHERE run_id = $1 ORDER BY seq', [runId]);
    expect(errors.rows.map((r) => [r.line, r.column_name, r.value])).toEqual(problems.map((p) => [p.line, p.column ?? null, p.value]));
  });
});
