import type { Article } from '../ingest/article.js';
import type { IngestProblem } from '../ingest/problems.js';
import type { SyndicationIndex, SyndicationMatch } from '../ingest/syndication.js';
import { communicatorTypes, type CommunicatorType, type SourceEntry, type UnknownDomain } from '../sources/registry.js';
import { ensureMonthPartitions, inTransaction, monthOf, placeholders, unknownSourceCountry, type Queryable } from './schema.js';

/** One theme counted in one article. */
export interface ArticleThemeRow {
  articleId: string;
  sourceCountry: string | null;
  publishedAt: string;
  theme: string;
  /** Who found the theme: "gdelt-gkg", "lexicon", … */
  origin: string;
  mentions: number;
  firstOffset: number | null;
}

export interface StoreArticlesOptions {
  runId?: number | null;
  /** Near-duplicate detection across the articles of this call (and what the index already holds). */
  syndication?: SyndicationIndex;
  themes?: readonly ArticleThemeRow[];
}

export interface StoreArticlesResult {
  inserted: number;
  /** Articles already stored (same page URL): left as they were, except empty text filled in. */
  existing: number;
  /** Of the inserted ones, those recorded as copies of another article. */
  syndicated: number;
  themes: number;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Stores articles in one transaction: creates the missing month partitions, skips articles
 * already stored (same id, whatever their partition) but fills in a text that was empty
 * (a GDELT record completed by its page), marks copies (same canonical URL or content hash as
 * a stored article, or a near-duplicate found by `syndication`), and upserts theme counts.
 * Running it twice on the same input changes nothing the second time.
 *
 * @example
 * await storeArticles(db, articles, { runId, syndication: new SyndicationIndex() }) // { inserted: 2, existing: 0, syndicated: 1, themes: 0 }
 */
export async function storeArticles(db: Queryable, articles: readonly Article[], options: StoreArticlesOptions = {}): Promise<StoreArticlesResult> {
  return inTransaction(db, async (tx) => {
    const { insertedIds: _inserted, ...result } = await insertArticles(tx, articles, options);
    return result;
  });
}

/**
 * `storeArticles` without its transaction, for callers that write more in the same
 * transaction (the pipeline adds analysis and rollups); also returns the ids of the
 * articles inserted by this call.
 */
export async function insertArticles(db: Queryable, articles: readonly Article[], options: StoreArticlesOptions = {}): Promise<StoreArticlesResult & { insertedIds: string[] }> {
  const unique = [...new Map(articles.map((a) => [a.id, a])).values()];
  await ensureMonthPartitions(db, unique.map((a) => monthOf(a.publishedAt)));
  const existing = new Map<string, { body: string }>();
  for (const ids of chunk(unique.map((a) => a.id), 1000)) {
    const { rows } = await db.query('SELECT id, body FROM media_articles WHERE id = ANY($1::char(64)[])', [ids]);
    for (const row of rows as { id: string; body: string }[]) existing.set(row.id, { body: row.body });
  }
  const fresh = unique.filter((a) => !existing.has(a.id));
  for (const a of unique) {
    const stored = existing.get(a.id);
    if (stored && stored.body.length === 0 && a.text.length > 0) {
      await db.query('UPDATE media_articles SET body = $2, content_hash = $3, title = COALESCE(title, $4) WHERE id = $1', [a.id, a.text, a.contentHash, a.title]);
    }
  }
  const byCanonical = new Map<string, string>();
  const byHash = new Map<string, string>();
  const canonicals = [...new Set(fresh.map((a) => a.canonicalUrl))];
  const hashes = [...new Set(fresh.map((a) => a.contentHash).filter((h): h is string => h != null))];
  if (canonicals.length > 0) {
    const { rows } = await db.query(
      'SELECT DISTINCT ON (canonical_url) canonical_url, id FROM media_articles WHERE canonical_url = ANY($1::text[]) ORDER BY canonical_url, published_at, id',
      [canonicals],
    );
    for (const row of rows as { canonical_url: string; id: string }[]) byCanonical.set(row.canonical_url, row.id);
  }
  if (hashes.length > 0) {
    const { rows } = await db.query(
      'SELECT DISTINCT ON (content_hash) content_hash, id FROM media_articles WHERE content_hash = ANY($1::char(64)[]) ORDER BY content_hash, published_at, id',
      [hashes],
    );
    for (const row of rows as { content_hash: string; id: string }[]) byHash.set(row.content_hash, row.id);
  }
  let syndicated = 0;
  const values: unknown[][] = [];
  for (const a of fresh) {
    let match: SyndicationMatch | null = null;
    const sameUrl = byCanonical.get(a.canonicalUrl);
    const sameHash = a.contentHash == null ? undefined : byHash.get(a.contentHash);
    if (sameUrl != null) match = { of: sameUrl, reason: 'canonical-url', similarity: 1 };
    else if (sameHash != null) match = { of: sameHash, reason: 'content-hash', similarity: 1 };
    const inBatch = options.syndication?.add(a) ?? null;
    match ??= inBatch;
    if (!byCanonical.has(a.canonicalUrl)) byCanonical.set(a.canonicalUrl, a.id);
    if (a.contentHash != null && !byHash.has(a.contentHash)) byHash.set(a.contentHash, a.id);
    if (match) syndicated++;
    values.push([
      a.sourceCountry ?? unknownSourceCountry,
      a.publishedAt,
      a.id,
      a.url,
      a.canonicalUrl,
      a.sourceDomain,
      a.language,
      a.title,
      a.text,
      a.contentHash,
      a.origin,
      match?.of ?? null,
      match?.reason ?? null,
      match?.similarity ?? null,
      options.runId ?? null,
    ]);
  }
  for (const rows of chunk(values, 300)) {
    await db.query(
      `INSERT INTO media_articles (source_country, published_at, id, url, canonical_url, source_domain, language, title, body, content_hash, origin, syndication_of, syndication_reason, syndication_similarity, run_id)
       VALUES ${placeholders(rows.length, 15)}
       ON CONFLICT (source_country, published_at, id) DO NOTHING`,
      rows.flat(),
    );
  }
  const themes = await upsertThemes(db, options.themes ?? []);
  return { inserted: fresh.length, existing: unique.length - fresh.length, syndicated, themes, insertedIds: fresh.map((a) => a.id) };
}

async function upsertThemes(db: Queryable, themes: readonly ArticleThemeRow[]): Promise<number> {
  const rows = themes.map((t) => [t.sourceCountry ?? unknownSourceCountry, t.articleId, t.theme, t.origin, t.publishedAt, t.mentions, t.firstOffset]);
  for (const part of chunk(rows, 500)) {
    await db.query(
      `INSERT INTO media_article_themes (source_country, article_id, theme, origin, published_at, mentions, first_offset)
       VALUES ${placeholders(part.length, 7)}
       ON CONFLICT (source_country, article_id, theme, origin) DO UPDATE SET mentions = EXCLUDED.mentions, first_offset = EXCLUDED.first_offset`,
      part.flat(),
    );
  }
  return rows.length;
}

/** Stores theme counts alone (an analysis pass over stored articles), in a transaction. */
export async function storeArticleThemes(db: Queryable, themes: readonly ArticleThemeRow[]): Promise<number> {
  return inTransaction(db, (tx) => upsertThemes(tx, themes));
}

/** Adds or replaces registry entries, in a transaction; their domains leave the curation list. */
export async function storeSources(db: Queryable, entries: readonly SourceEntry[]): Promise<number> {
  return inTransaction(db, (tx) => upsertSources(tx, entries));
}

/** `storeSources` without its transaction, for callers that write more in the same one. */
export async function upsertSources(tx: Queryable, entries: readonly SourceEntry[]): Promise<number> {
  for (const part of chunk(entries, 500)) {
    await tx.query(
      `INSERT INTO media_sources (domain, name, country_iso3, language, communicator_type, origin, note)
       VALUES ${placeholders(part.length, 7)}
       ON CONFLICT (domain) DO UPDATE SET name = EXCLUDED.name, country_iso3 = EXCLUDED.country_iso3, language = EXCLUDED.language,
         communicator_type = EXCLUDED.communicator_type, origin = EXCLUDED.origin, note = EXCLUDED.note, updated_at = now()`,
      part.flatMap((e) => [e.domain, e.name, e.countryIso3, e.language, e.communicatorType, e.origin, e.note]),
    );
    await tx.query('DELETE FROM media_unknown_domains WHERE domain = ANY($1::text[])', [part.map((e) => e.domain)]);
  }
  return entries.length;
}

/** Every stored registry entry, sorted by domain. */
export async function loadSources(db: Queryable): Promise<SourceEntry[]> {
  const { rows } = await db.query('SELECT domain, name, country_iso3, language, communicator_type, origin, note FROM media_sources ORDER BY domain');
  return (rows as Record<string, string | null>[]).map((r) => ({
    domain: r.domain as string,
    name: r.name,
    countryIso3: r.country_iso3,
    language: r.language,
    communicatorType: r.communicator_type != null && (communicatorTypes as readonly string[]).includes(r.communicator_type) ? (r.communicator_type as CommunicatorType) : null,
    origin: r.origin as string,
    note: r.note,
  }));
}

/** Adds to the curation list, in a transaction: counts accumulate, examples are kept (at most three). */
export async function storeUnknownDomains(db: Queryable, unknown: readonly UnknownDomain[]): Promise<void> {
  await inTransaction(db, (tx) => upsertUnknownDomains(tx, unknown));
}

/** `storeUnknownDomains` without its transaction, for callers that write more in the same one. */
export async function upsertUnknownDomains(tx: Queryable, unknown: readonly UnknownDomain[]): Promise<void> {
  for (const u of unknown) {
    await tx.query(
      `INSERT INTO media_unknown_domains (domain, articles, examples) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (domain) DO UPDATE SET articles = media_unknown_domains.articles + EXCLUDED.articles, last_seen = now(),
         examples = (SELECT COALESCE(jsonb_agg(e), '[]'::jsonb) FROM (SELECT DISTINCT e FROM jsonb_array_elements(media_unknown_domains.examples || EXCLUDED.examples) e LIMIT 3) x)`,
      [u.domain, u.articles, JSON.stringify(u.examples)],
    );
  }
}

/** The curation list, most frequent first. */
export async function loadUnknownDomains(db: Queryable): Promise<UnknownDomain[]> {
  const { rows } = await db.query('SELECT domain, articles, examples FROM media_unknown_domains ORDER BY articles DESC, domain');
  return (rows as { domain: string; articles: number; examples: string[] }[]).map((r) => ({ domain: r.domain, articles: Number(r.articles), examples: r.examples }));
}

/** What one ingest run did, as stored in `media_ingest_runs.counts`. */
export type IngestRunCounts = Record<string, number>;

/** Opens a run log entry; returns its id. */
export async function startIngestRun(db: Queryable, kind: string, parameters: Record<string, unknown> = {}): Promise<number> {
  const { rows } = await db.query('INSERT INTO media_ingest_runs (kind, parameters) VALUES ($1, $2::jsonb) RETURNING id', [kind, JSON.stringify(parameters)]);
  return Number((rows[0] as { id: number | string }).id);
}

/**
 * Closes a run with its counts and every problem (file, line, column, value). The status is
 * `succeeded` without errors, `partial` with errors and some records stored, else `failed`.
 */
export async function finishIngestRun(db: Queryable, runId: number, counts: IngestRunCounts, problems: readonly IngestProblem[], stored: number): Promise<string> {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const status = errors === 0 ? 'succeeded' : stored > 0 ? 'partial' : 'failed';
  await inTransaction(db, async (tx) => {
    const rows = problems.map((p, i) => [runId, i + 1, p.code, p.severity, p.message, p.file ?? null, p.line ?? null, p.column ?? null, p.value ?? null]);
    for (const part of chunk(rows, 500)) {
      await tx.query(
        `INSERT INTO media_ingest_errors (run_id, seq, code, severity, message, file, line, column_name, value) VALUES ${placeholders(part.length, 9)}
         ON CONFLICT (run_id, seq) DO NOTHING`,
        part.flat(),
      );
    }
    await tx.query('UPDATE media_ingest_runs SET status = $2, finished_at = now(), counts = $3::jsonb WHERE id = $1', [runId, status, JSON.stringify({ ...counts, errors, warnings: problems.length - errors })]);
  });
  return status;
}
