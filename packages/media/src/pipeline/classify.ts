import { MediaAnalysisError } from '../analysis/errors.js';
import { createStanceClassifier, frameLabels, stancePromptVersion, type StanceClassification, type StanceClassifierConfig, type StanceLogEntry } from '../analysis/stance.js';
import type { Queryable } from '../store/schema.js';
import { cellArticles, type CellQuery } from './query.js';

/** A stored article as the classifier reads it. */
export interface ArticleText {
  id: string;
  url: string;
  title: string | null;
  /** The stored text (`media_articles.body`); empty for articles stored without text (GDELT). */
  text: string;
  /** ISO 639-3 as analysed (`media_article_analysis.language`), else as stored; null when unknown. */
  language: string | null;
}

const articleTextSql = `SELECT a.id, a.url, a.canonical_url, a.title, a.body, COALESCE(x.language, a.language) AS language
  FROM media_articles a LEFT JOIN media_article_analysis x ON x.source_country = a.source_country AND x.article_id = a.id AND x.published_at = a.published_at`;

function toArticleText(r: Record<string, unknown>): ArticleText {
  return { id: String(r.id).trim(), url: String(r.url), title: (r.title as string | null) ?? null, text: String(r.body ?? ''), language: (r.language as string | null) ?? null };
}

/**
 * The stored articles named by `refs` (article ids, or URLs as stored or canonical, as
 * `cellArticles` and `GET /api/media/articles` list them), in the order of `refs`, each once;
 * `missing` lists the references that name no stored article.
 *
 * @example
 * await articleTexts(db, ['https://nation.africa/kenya/news/1', 'no-such-id'])
 * // → { articles: [{ id: '3f2a…', title: 'Rail link opens', text: '…', language: 'eng', … }], missing: ['no-such-id'] }
 */
export async function articleTexts(db: Queryable, refs: readonly string[]): Promise<{ articles: ArticleText[]; missing: string[] }> {
  const wanted = [...new Set(refs.map((r) => r.trim()).filter((r) => r.length > 0))];
  if (wanted.length === 0) return { articles: [], missing: [] };
  const { rows } = await db.query(`${articleTextSql} WHERE a.id = ANY($1::char(64)[]) OR a.url = ANY($2::text[]) OR a.canonical_url = ANY($2::text[])`, [
    wanted.filter((r) => /^[0-9a-f]{64}$/i.test(r)).map((r) => r.toLowerCase()),
    wanted,
  ]);
  const byRef = new Map<string, ArticleText>();
  for (const r of rows as Record<string, unknown>[]) {
    const article = toArticleText(r);
    for (const key of [article.id, article.url, String(r.canonical_url)]) if (!byRef.has(key)) byRef.set(key, article);
  }
  const seen = new Set<string>();
  const articles: ArticleText[] = [];
  const missing: string[] = [];
  for (const ref of wanted) {
    const article = byRef.get(ref) ?? byRef.get(ref.toLowerCase());
    if (article == null) missing.push(ref);
    else if (!seen.has(article.id)) {
      seen.add(article.id);
      articles.push(article);
    }
  }
  return { articles, missing };
}

/**
 * The articles behind one rollup cell (as `cellArticles` selects and orders them: newest
 * first, `limit` default 100) with their stored text; `total` counts the whole cell.
 *
 * @example
 * await cellArticleTexts(db, { country: 'KEN', period: '2024-03', limit: 50 })
 * // → { total: 412, articles: [{ id: '3f2a…', title: 'Rail link opens', text: '…', language: 'eng', … }, …] }
 */
export async function cellArticleTexts(db: Queryable, query: CellQuery): Promise<{ total: number; articles: ArticleText[] }> {
  const cell = await cellArticles(db, query);
  const { articles } = await articleTexts(db, cell.articles.map((a) => a.id));
  return { total: cell.total, articles };
}

/** What happened to one article: one line of a `media classify --log` file. */
export interface ClassificationRecord {
  articleId: string;
  url: string;
  model: string;
  promptVersion: string;
  target: string;
  durationMs: number;
  /** The classifier's outcome, or `no-text` for an article stored without text (not sent). */
  outcome: StanceLogEntry['outcome'] | 'no-text';
  /** The error code of a failed call (MEDIA_STANCE_HTTP, MEDIA_STANCE_TIMEOUT, MEDIA_STANCE_INVALID_REPLY). */
  code?: string;
  /** Why the call failed, or the classifier's detail. */
  detail?: string;
  classification: StanceClassification | null;
}

export interface ClassifyOptions {
  /** What the stance is towards, e.g. "China". */
  target: string;
  /** Called after each article, in order (progress, logs). */
  onRecord?: (record: ClassificationRecord, index: number) => void | Promise<void>;
}

/**
 * Classifies each article in turn with a stance-and-frames classifier on `config`, one
 * request at a time (a local server queues parallel requests, and the per-request timeout
 * would then count the queue). A failed call (HTTP error, timeout, invalid reply) is
 * recorded with its code and reason and never stops the others; an article without stored
 * text is not sent (outcome `no-text`: a title alone is not the unit the human coders read).
 * Errors that are not the classifier's (bugs) are thrown.
 *
 * @example
 * await classifyArticles(articles, { baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b' }, { target: 'China' })
 * // → [{ articleId: '3f2a…', outcome: 'ok', classification: { stance: 'favourable', frames: ['cooperation'], … }, … }, …]
 */
export async function classifyArticles(articles: readonly ArticleText[], config: StanceClassifierConfig, options: ClassifyOptions): Promise<ClassificationRecord[]> {
  if (!config.baseUrl || !config.model) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', 'classify: the classifier is off unless configured; give a base URL and a model');
  const records: ClassificationRecord[] = [];
  for (const [index, article] of articles.entries()) {
    const base = { articleId: article.id, url: article.url, model: config.model, promptVersion: stancePromptVersion, target: options.target };
    let record: ClassificationRecord;
    if (article.text.trim().length === 0) {
      record = { ...base, durationMs: 0, outcome: 'no-text', detail: 'the article is stored without text', classification: null };
    } else {
      let entry: StanceLogEntry | undefined;
      // one classifier per article, so that its log entry is this article's
      const classifier = createStanceClassifier({ ...config, log: (e) => void ((entry = e), config.log?.(e)) })!;
      const started = Date.now();
      try {
        const classification = await classifier.classify({ target: options.target, title: article.title, text: article.text, language: article.language });
        record = { ...base, durationMs: entry?.durationMs ?? Date.now() - started, outcome: 'ok', classification };
      } catch (error) {
        if (!(error instanceof MediaAnalysisError)) throw error;
        record = { ...base, durationMs: entry?.durationMs ?? Date.now() - started, outcome: entry?.outcome ?? 'invalid-reply', code: error.code, detail: error.message, classification: null };
      }
    }
    records.push(record);
    await options.onRecord?.(record, index);
  }
  return records;
}

/** What a coding row holds: the stance label, or the frames. */
export type CodingField = 'stance' | 'frames';

/**
 * The value a classification codes for `field`: the stance label, or the frames in the
 * order of `frameLabels` joined by `;` (so that equal sets are equal values under a nominal
 * metric), `none` for no frame (an empty cell would read as a missing code).
 *
 * @example
 * codingValue({ stance: 'neutral', frames: ['threat', 'conflict'], … }, 'frames') // → 'conflict;threat'
 */
export function codingValue(classification: StanceClassification, field: CodingField): string {
  if (field === 'stance') return classification.stance;
  const frames = frameLabels.filter((f) => classification.frames.includes(f));
  return frames.length > 0 ? frames.join(';') : 'none';
}

/**
 * Rows `unit,coder,value,language` (as `media reliability` reads them) of the classified
 * records, in their order: unit = article id, coder = model, language = the article's ISO
 * 639-3 code (empty when unknown). Failed records have no row.
 *
 * @example
 * codingRows(records, articles, 'stance') // → [['3f2a…', 'qwen2.5:7b', 'favourable', 'eng'], …]
 */
export function codingRows(records: readonly ClassificationRecord[], articles: readonly ArticleText[], field: CodingField): string[][] {
  const language = new Map(articles.map((a) => [a.id, a.language ?? '']));
  return records.filter((r) => r.classification != null).map((r) => [r.articleId, r.model, codingValue(r.classification!, field), language.get(r.articleId) ?? '']);
}
