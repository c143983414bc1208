import { createAnalyser, type Analyser } from '../analysis/analyse.js';
import { detectLanguage, iso6393To6391 } from '../analysis/language.js';
import { loadThemeLexicon, loadToneLexicons } from '../analysis/load.js';
import { importArchive } from '../ingest/archive.js';
import { createArticle, type Article } from '../ingest/article.js';
import { gkgArticle } from '../ingest/gdelt/articles.js';
import type { GdeltEvent } from '../ingest/gdelt/events.js';
import { gdeltTimestampToIso } from '../ingest/gdelt/fields.js';
import { defaultFipsLookup, type FipsLookup } from '../ingest/gdelt/fips.js';
import type { GkgRecord } from '../ingest/gdelt/gkg.js';
import type { GdeltMention } from '../ingest/gdelt/mentions.js';
import { gdeltKindOf, readGdeltFile, type GdeltFileReport, type GdeltKind } from '../ingest/gdelt/read.js';
import { ingestProblem, type IngestProblem } from '../ingest/problems.js';
import { SyndicationIndex } from '../ingest/syndication.js';
import { SourceRegistry, type SourceEntry } from '../sources/registry.js';
import { seedSourceRegistry } from '../sources/seed.js';
import { insertArticles, loadSources, upsertUnknownDomains, type ArticleThemeRow } from '../store/articles.js';
import { inTransaction, placeholders, unknownSourceCountry, type Queryable } from '../store/schema.js';
import { rollupRows, upsertRollups, type RollupInput } from './rollups.js';

/** An article on its way into the store, with what GDELT already says about it. */
export interface PipelineItem {
  article: Article;
  /** GDELT's tone (GKG V1.5 tone, Mentions MentionDocTone); kept instead of the lexicon tone. */
  gdeltTone?: number | null;
  /** GDELT located the home country in the document (GKG locations) or tied it to a home event (Mentions). */
  gdeltHome?: boolean;
  /** GKG themes, stored with origin `gdelt-gkg`. */
  gdeltThemes?: readonly ArticleThemeRow[];
}

/** One article as analysed by the pipeline. */
export interface ArticleAnalysisRow {
  articleId: string;
  sourceCountry: string;
  publishedAt: string;
  /** ISO 639-3 as stored; the analysis itself runs on the ISO 639-1 code. */
  language: string | null;
  languageMethod: string;
  communicatorType: string;
  mentionsHome: boolean;
  tone: number | null;
  toneOrigin: 'gdelt' | 'lexicon' | null;
  /** Why there is no tone (no lexicon for the language, no text). */
  toneNote: string | null;
  themes: Record<string, number>;
  firstOffsets: Record<string, number>;
}

export interface PipelineOptions {
  /** The country whose coverage is measured (ISO 3166 alpha-3); default CHN, the lexicon's China terms. */
  home?: string;
  /** Default: built once from the shipped lexicons (data/media/lexicon, data/media/tone). */
  analyser?: Analyser;
  /** Default: the registry seed plus the stored `media_sources`. */
  registry?: SourceRegistry;
  fips?: FipsLookup;
  /** Write nothing from an input with any error (the API's behaviour); default false: keep the good records. */
  strict?: boolean;
  /** Called after each input and batch, for progress displays. */
  onProgress?: (progress: IngestProgress) => void;
  runId?: number | null;
}

export interface IngestProgress {
  file: string;
  stage: 'read' | 'stored';
  records: number;
  bytes?: number;
}

/** What storing one batch did. */
export interface BatchResult {
  /** Articles offered (after merging duplicates within the batch). */
  articles: number;
  inserted: number;
  existing: number;
  syndicated: number;
  /** Rollup rows touched. */
  rollupRows: number;
  /** Fresh articles from domains the registry does not know (stored under ZZZ, listed for curation). */
  unknownSource: number;
}

/** What ingesting one input did. */
export interface InputResult extends BatchResult {
  file: string;
  kind: GdeltKind | 'archive' | 'feed' | 'unknown';
  /** Records read (lines, rows, feed items). */
  records: number;
  rejected: number;
  /** GDELT events between the home country and a partner, and how many were new. */
  events: number;
  newEvents: number;
  /** True when nothing of the input was written (a broken file, or any error under `strict`). */
  skipped: boolean;
  problems: IngestProblem[];
  report?: GdeltFileReport;
}

const emptyBatch = (): BatchResult => ({ articles: 0, inserted: 0, existing: 0, syndicated: 0, rollupRows: 0, unknownSource: 0 });

let sharedAnalyser: Analyser | undefined;

/** The analyser over the shipped lexicons, built once per process. */
export function defaultAnalyser(): Analyser {
  sharedAnalyser ??= createAnalyser({ lexicon: loadThemeLexicon(), toneLexicons: loadToneLexicons() });
  return sharedAnalyser;
}

let seedEntries: readonly SourceEntry[] | undefined;

/**
 * The registry the pipeline uses: the shipped seed (VOA's language sites, read once per
 * process), then the stored entries on top; a fresh registry on every call.
 */
export async function loadRegistry(db: Queryable): Promise<SourceRegistry> {
  seedEntries ??= seedSourceRegistry().registry.entries();
  // SourceRegistry copies each entry it is given, so the cached seed is never changed through a registry
  const registry = new SourceRegistry(seedEntries);
  for (const entry of await loadSources(db)) registry.set(entry);
  return registry;
}

/** ISO 639-1 of a stored ISO 639-3 code (the analysis works on 639-1); null when unknown. */
export function toAnalysisLanguage(iso6393: string | null): string | null {
  if (iso6393 == null) return null;
  const code = iso6393.toLowerCase();
  if (code.length === 2) return code;
  return iso6393To6391[code] ?? null;
}

/**
 * Language, themes, home coverage and tone of one article. The language is the article's own
 * (ISO 639-3, converted to 639-1 for the analysis) or detected from its text with the source
 * country settling confusable pairs. GDELT's tone is kept where GDELT gives one; otherwise
 * the lexicon tone of the text, for languages with a lexicon; a title alone gets no tone.
 */
export function analyseItem(analyser: Analyser, item: PipelineItem, communicatorType: string, home: string): ArticleAnalysisRow {
  const a = item.article;
  let language = toAnalysisLanguage(a.language);
  let iso6393 = a.language;
  let method = a.language != null ? 'declared' : 'undetermined';
  if (language == null && a.text.length > 0) {
    const detected = detectLanguage(a.title ? `${a.title}\n\n${a.text}` : a.text, { sourceCountry: a.sourceCountry, declaredLanguage: a.language });
    language = detected.language;
    iso6393 = detected.iso6393 ?? a.language;
    method = detected.method;
  }
  const analysis = analyser.analyse({ text: a.text, title: a.title, language: language ?? 'und', sourceCountry: a.sourceCountry });
  const firstOffsets: Record<string, number> = {};
  for (const m of analysis.matches) {
    if (!m.counted || m.theme === 'china' || m.field !== 'text') continue;
    if (firstOffsets[m.theme] == null || m.start < firstOffsets[m.theme]) firstOffsets[m.theme] = m.start;
  }
  let tone: number | null = null;
  let toneOrigin: ArticleAnalysisRow['toneOrigin'] = null;
  let toneNote: string | null = null;
  if (item.gdeltTone != null && !Number.isNaN(item.gdeltTone)) {
    tone = item.gdeltTone;
    toneOrigin = 'gdelt';
  } else if (a.text.length === 0) {
    toneNote = 'tone: the article has no text';
  } else if (analysis.tone.available) {
    tone = analysis.tone.tone;
    toneOrigin = 'lexicon';
  } else {
    toneNote = analysis.tone.reason;
  }
  const homeByLexicon = home === 'CHN' && analysis.mentionsChina;
  return {
    articleId: a.id,
    sourceCountry: a.sourceCountry ?? unknownSourceCountry,
    publishedAt: a.publishedAt,
    language: iso6393,
    languageMethod: method,
    communicatorType,
    mentionsHome: homeByLexicon || item.gdeltHome === true,
    tone,
    toneOrigin,
    toneNote,
    themes: analysis.themes,
    firstOffsets,
  };
}

/**
 * GKG themes of one article from several records: one row per (theme, origin), the first
 * record's count kept. A record repeated in a file is the same document counted once more,
 * not more mentions in it, so its counts are not summed; and `media_article_themes` takes
 * one row per key (an upsert cannot touch a row twice in one statement).
 */
function mergeThemes(first: readonly ArticleThemeRow[], more: readonly ArticleThemeRow[]): ArticleThemeRow[] {
  const byKey = new Map<string, ArticleThemeRow>();
  for (const t of [...first, ...more]) {
    const key = `${t.theme}\u0000${t.origin}`;
    if (!byKey.has(key)) byKey.set(key, t);
  }
  return [...byKey.values()];
}

/** Items with the same article id merged: home coverage if any says so, the first tone and text, themes once per (theme, origin). */
function mergeItems(items: readonly PipelineItem[]): PipelineItem[] {
  const byId = new Map<string, PipelineItem>();
  for (const item of items) {
    const seen = byId.get(item.article.id);
    if (!seen) {
      byId.set(item.article.id, { ...item });
      continue;
    }
    seen.gdeltHome = seen.gdeltHome === true || item.gdeltHome === true;
    seen.gdeltTone ??= item.gdeltTone;
    if (seen.article.text.length === 0 && item.article.text.length > 0) seen.article = item.article;
    if (item.gdeltThemes) seen.gdeltThemes = mergeThemes(seen.gdeltThemes ?? [], item.gdeltThemes);
  }
  return [...byId.values()];
}

/**
 * Stores a batch of articles with their analysis and rollups in one transaction: articles
 * (month partitions, syndication), GDELT and lexicon themes, `media_article_analysis`, the
 * rollup rows of the articles inserted by this call (merged into `media_rollups`), and the
 * unknown domains of those articles (the curation list). Articles already stored are left
 * alone, so storing the same batch again changes nothing.
 *
 * @example
 * await storeBatch(db, items, { registry, analyser }) // { articles: 2, inserted: 2, existing: 0, syndicated: 0, rollupRows: 12, unknownSource: 0 }
 */
export async function storeBatch(db: Queryable, items: readonly PipelineItem[], options: PipelineOptions & { registry: SourceRegistry }): Promise<BatchResult> {
  const merged = mergeItems(items);
  if (merged.length === 0) return emptyBatch();
  const analyser = options.analyser ?? defaultAnalyser();
  const home = (options.home ?? 'CHN').toUpperCase();
  return inTransaction(db, async (tx) => {
    const ids = merged.map((m) => m.article.id);
    const { rows: present } = await tx.query('SELECT id FROM media_articles WHERE id = ANY($1::char(64)[])', [ids]);
    const stored = new Set((present as { id: string }[]).map((r) => r.id));
    const analyses = new Map<string, ArticleAnalysisRow>();
    for (const item of merged) {
      if (stored.has(item.article.id)) continue;
      const type = options.registry.lookup(item.article.sourceDomain)?.communicatorType ?? 'unknown';
      analyses.set(item.article.id, analyseItem(analyser, item, item.article.sourceCountry == null ? 'unknown' : type, home));
    }
    const themes: ArticleThemeRow[] = [];
    for (const item of merged) {
      const analysis = analyses.get(item.article.id);
      if (!analysis) continue;
      for (const t of item.gdeltThemes ?? []) themes.push(t);
      for (const [theme, n] of Object.entries(analysis.themes)) {
        themes.push({ articleId: item.article.id, sourceCountry: item.article.sourceCountry, publishedAt: item.article.publishedAt, theme, origin: 'lexicon', mentions: n, firstOffset: analysis.firstOffsets[theme] ?? null });
      }
    }
    const result = await insertArticles(
      tx,
      merged.map((m) => m.article),
      { runId: options.runId ?? null, syndication: new SyndicationIndex(), themes },
    );
    const fresh = result.insertedIds.map((id) => analyses.get(id)).filter((a): a is ArticleAnalysisRow => a != null);
    for (let i = 0; i < fresh.length; i += 300) {
      const part = fresh.slice(i, i + 300);
      await tx.query(
        `INSERT INTO media_article_analysis (source_country, article_id, published_at, language, language_method, communicator_type, mentions_home, tone, tone_origin, tone_note, themes)
         VALUES ${placeholders(part.length, 11)} ON CONFLICT (source_country, article_id) DO NOTHING`,
        part.flatMap((a) => [a.sourceCountry, a.articleId, a.publishedAt, a.language, a.languageMethod, a.communicatorType, a.mentionsHome, a.tone, a.toneOrigin, a.toneNote, JSON.stringify(a.themes)]),
      );
    }
    const rollupInputs: RollupInput[] = fresh
      .filter((a) => a.sourceCountry !== unknownSourceCountry)
      .map((a) => ({ sourceCountry: a.sourceCountry, communicatorType: a.communicatorType, day: a.publishedAt.slice(0, 10), mentionsHome: a.mentionsHome, tone: a.tone, themes: a.themes }));
    const rollupCount = await upsertRollups(tx, rollupRows(rollupInputs));
    const unknown = new Map<string, { articles: number; examples: string[] }>();
    const freshIds = new Set(result.insertedIds);
    for (const item of merged) {
      if (!freshIds.has(item.article.id) || item.article.sourceCountry != null) continue;
      const u = unknown.get(item.article.sourceDomain) ?? { articles: 0, examples: [] };
      u.articles++;
      if (u.examples.length < 3) u.examples.push(item.article.url);
      unknown.set(item.article.sourceDomain, u);
    }
    await upsertUnknownDomains(tx, [...unknown].map(([domain, u]) => ({ domain, ...u })));
    return {
      articles: merged.length,
      inserted: result.inserted,
      existing: result.existing,
      syndicated: result.syndicated,
      rollupRows: rollupCount,
      unknownSource: [...unknown.values()].reduce((n, u) => n + u.articles, 0),
    };
  });
}

/** SQLDATE (YYYYMMDD) as `YYYY-MM-DD`. */
function sqlDate(day: number): string {
  const s = String(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/**
 * Stores the events between `home` and a partner country (either actor) and adds the new
 * ones to the events lens per partner × month, in one transaction. Events already stored
 * (same GlobalEventID) are not counted again. Events lacking QuadClass, GoldsteinScale or
 * NumMentions are reported, not stored.
 */
export async function storeEvents(db: Queryable, events: readonly GdeltEvent[], options: { home?: string; file?: string } = {}): Promise<{ events: number; inserted: number; problems: IngestProblem[] }> {
  const home = (options.home ?? 'CHN').toUpperCase();
  const rows: unknown[][] = [];
  const problems: IngestProblem[] = [];
  const seen = new Set<number>();
  for (const e of events) {
    const a1 = (e.actor1.countryCode ?? '').toUpperCase();
    const a2 = (e.actor2.countryCode ?? '').toUpperCase();
    let partner: string | null = null;
    let direction = '';
    if (a1 === home && /^[A-Z]{3}$/.test(a2) && a2 !== home) {
      partner = a2;
      direction = 'home-to-partner';
    } else if (a2 === home && /^[A-Z]{3}$/.test(a1) && a1 !== home) {
      partner = a1;
      direction = 'partner-to-home';
    }
    if (partner == null || seen.has(e.globalEventId)) continue;
    seen.add(e.globalEventId);
    if (e.quadClass == null || e.quadClass < 1 || e.quadClass > 4 || e.goldsteinScale == null || e.numMentions == null || e.numMentions < 0) {
      problems.push(
        ingestProblem('MEDIA_BAD_FIELD', `events lens: event ${e.globalEventId} lacks a QuadClass 1–4, a GoldsteinScale or NumMentions; it is left out of the lens`, {
          file: options.file,
          column: 'QuadClass',
          value: String(e.quadClass),
          severity: 'warning',
        }),
      );
      continue;
    }
    rows.push([partner, home, e.globalEventId, sqlDate(e.day), direction, e.quadClass, e.goldsteinScale, e.numMentions, e.avgTone, e.sourceUrl]);
  }
  if (rows.length === 0) return { events: 0, inserted: 0, problems };
  return inTransaction(db, async (tx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += 400) {
      const part = rows.slice(i, i + 400);
      const { rows: added } = await tx.query(
        // the lens CTE is read by nothing: PostgreSQL runs a data-modifying CTE to completion whether or not it is referenced
        `WITH added AS (
           INSERT INTO media_events (partner, home, global_event_id, day, direction, quad_class, goldstein, mentions, avg_tone, source_url)
           VALUES ${placeholders(part.length, 10)} ON CONFLICT (partner, home, global_event_id) DO NOTHING
           RETURNING partner, home, date_trunc('month', day)::date AS month, quad_class, goldstein, mentions, avg_tone
         ), lens AS (
           INSERT INTO media_event_lens (partner, home, month, events, mentions, goldstein_sum, tone_sum, quad_mentions, quad_events)
           SELECT partner, home, month, count(*), sum(mentions), sum(mentions * goldstein), sum(mentions * coalesce(avg_tone, 0)),
             ARRAY[${[1, 2, 3, 4].map((q) => `coalesce(sum(mentions) FILTER (WHERE quad_class = ${q}), 0)`).join(', ')}]::bigint[],
             ARRAY[${[1, 2, 3, 4].map((q) => `count(*) FILTER (WHERE quad_class = ${q})`).join(', ')}]::int[]
           FROM added GROUP BY partner, home, month
           ON CONFLICT (partner, home, month) DO UPDATE SET
             events = media_event_lens.events + EXCLUDED.events,
             mentions = media_event_lens.mentions + EXCLUDED.mentions,
             goldstein_sum = media_event_lens.goldstein_sum + EXCLUDED.goldstein_sum,
             tone_sum = media_event_lens.tone_sum + EXCLUDED.tone_sum,
             quad_mentions = ARRAY[${[1, 2, 3, 4].map((q) => `media_event_lens.quad_mentions[${q}] + EXCLUDED.quad_mentions[${q}]`).join(', ')}]::bigint[],
             quad_events = ARRAY[${[1, 2, 3, 4].map((q) => `media_event_lens.quad_events[${q}] + EXCLUDED.quad_events[${q}]`).join(', ')}]::int[]
         )
         SELECT count(*)::int AS n FROM added`,
        part.flat(),
      );
      inserted += Number((added[0] as { n: number }).n);
    }
    return { events: rows.length, inserted, problems };
  });
}

/** An input the pipeline reads: a local path, or a named upload. */
export type PipelineInput = string | { name: string; bytes: Uint8Array };

function nameOf(input: PipelineInput): string {
  return typeof input === 'string' ? input : input.name;
}

/** `archive` for `.jsonl`, `.ndjson`, `.csv`, `.tsv`; a GDELT kind from GDELT's file names; else null. */
export function inputKindOf(name: string): GdeltKind | 'archive' | null {
  const gdelt = gdeltKindOf(name);
  if (gdelt) return gdelt;
  return /\.(jsonl|ndjson|csv|tsv)$/i.test(name) ? 'archive' : null;
}

/**
 * Reads one input into pipeline items without writing anything: an article archive (JSONL,
 * CSV) or a GDELT file (GKG → articles with GDELT tone and themes; Mentions → articles of
 * web mentions with their document tone; Events → events for the lens).
 */
export async function readInput(
  db: Queryable,
  input: PipelineInput,
  options: { registry: SourceRegistry; home: string; fips?: FipsLookup },
): Promise<{ kind: InputResult['kind']; items: PipelineItem[]; events: GdeltEvent[]; records: number; rejected: number; problems: IngestProblem[]; broken: boolean; report?: GdeltFileReport }> {
  const file = nameOf(input);
  const kind = inputKindOf(file);
  if (kind == null) {
    return {
      kind: 'unknown',
      items: [],
      events: [],
      records: 0,
      rejected: 0,
      broken: true,
      problems: [
        ingestProblem('MEDIA_FILE_UNREADABLE', `media ingest: cannot tell what "${file}" holds`, {
          file,
          hint: 'name archives .jsonl, .ndjson, .csv or .tsv; GDELT files keep their names (….export.CSV, ….mentions.CSV, ….gkg.csv, zipped or not)',
        }),
      ],
    };
  }
  if (kind === 'archive') {
    try {
      const archive = await importArchive(typeof input === 'string' ? input : { name: input.name, text: new TextDecoder('utf-8').decode(input.bytes) }, { registry: options.registry });
      return { kind, items: archive.articles.map((article) => ({ article })), events: [], records: archive.rows, rejected: archive.rejected, problems: archive.problems, broken: false };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return { kind, items: [], events: [], records: 0, rejected: 0, broken: true, problems: [ingestProblem('MEDIA_FILE_UNREADABLE', `media ingest: cannot read the file: ${reason}`, { file })] };
    }
  }
  const fips = options.fips ?? defaultFipsLookup();
  const source = typeof input === 'string' ? input : { name: input.name, bytes: input.bytes };
  let result: { records: unknown[]; report: GdeltFileReport };
  try {
    result = await readGdeltFile(kind, source, { fips });
  } catch (error) {
    const problem = ingestProblem('MEDIA_FILE_UNREADABLE', `media ingest: cannot read the file: ${(error as Error).message}`, { file });
    return { kind, items: [], events: [], records: 0, rejected: 0, problems: [problem], broken: true };
  }
  const report = result.report;
  const base = { kind, records: report.lines, rejected: report.rejected, problems: [...report.problems], broken: report.broken, report };
  if (kind === 'events') return { ...base, items: [], events: result.records as GdeltEvent[] };
  const items: PipelineItem[] = [];
  if (kind === 'gkg') {
    for (const record of result.records as GkgRecord[]) {
      const built = gkgArticle(record, options.registry, file);
      if (!built) continue;
      base.problems.push(...built.result.problems);
      if (!built.result.article) continue;
      items.push({
        article: built.result.article,
        gdeltTone: record.tone?.tone ?? null,
        gdeltHome: record.locations.some((l) => l.countryIso3 === options.home),
        gdeltThemes: built.themes,
      });
    }
    return { ...base, items, events: [] };
  }
  const mentions = (result.records as GdeltMention[]).filter((m) => m.mentionType === 1);
  const homeEvents = new Set<number>();
  const eventIds = [...new Set(mentions.map((m) => m.globalEventId))];
  for (let i = 0; i < eventIds.length; i += 5000) {
    const { rows } = await db.query('SELECT global_event_id FROM media_events WHERE home = $1 AND global_event_id = ANY($2::bigint[])', [options.home, eventIds.slice(i, i + 5000)]);
    for (const r of rows as { global_event_id: number | string }[]) homeEvents.add(Number(r.global_event_id));
  }
  for (const m of mentions) {
    const built = createArticle(
      { url: m.identifier, text: '', publishedAt: gdeltTimestampToIso(m.mentionTime), language: m.translation?.sourceLanguage ?? 'eng', source: m.sourceName, origin: 'gdelt-mentions' },
      options.registry,
      { file },
    );
    base.problems.push(...built.problems);
    if (built.article) items.push({ article: built.article, gdeltTone: m.documentTone, gdeltHome: homeEvents.has(m.globalEventId) });
  }
  return { ...base, items, events: [] };
}

/**
 * Ingests one input end to end: read, analyse, store articles, analysis and rollups (one
 * transaction per input), or store GDELT events in the lens. A broken file writes nothing;
 * bad lines or rows are reported with file, line and value and the rest is kept, unless
 * `strict` is set, in which case any error writes nothing.
 */
export async function ingestInput(db: Queryable, input: PipelineInput, options: PipelineOptions = {}): Promise<InputResult> {
  const registry = options.registry ?? (await loadRegistry(db));
  const home = (options.home ?? 'CHN').toUpperCase();
  const file = nameOf(input);
  const read = await readInput(db, input, { registry, home, fips: options.fips });
  options.onProgress?.({ file, stage: 'read', records: read.records, bytes: read.report?.bytes });
  const result: InputResult = {
    ...emptyBatch(),
    file,
    kind: read.kind,
    records: read.records,
    rejected: read.rejected,
    events: 0,
    newEvents: 0,
    skipped: false,
    problems: read.problems,
    report: read.report,
  };
  const hasErrors = read.problems.some((p) => p.severity === 'error');
  if (read.broken || (options.strict === true && hasErrors)) {
    result.skipped = true;
    return result;
  }
  if (read.events.length > 0) {
    const lens = await storeEvents(db, read.events, { home, file });
    result.events = lens.events;
    result.newEvents = lens.inserted;
    result.problems.push(...lens.problems);
  }
  if (read.items.length > 0) Object.assign(result, await storeBatch(db, read.items, { ...options, registry, home }));
  options.onProgress?.({ file, stage: 'stored', records: result.inserted + result.newEvents });
  return result;
}
