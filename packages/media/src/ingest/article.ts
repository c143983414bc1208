import { createHash } from 'node:crypto';
import type { SourceRegistry } from '../sources/registry.js';
import { ingestProblem, type IngestProblem } from './problems.js';

/** Where an article came from. */
export type ArticleOrigin = 'gdelt-gkg' | 'gdelt-mentions' | 'feed' | 'archive';

/** One article, whatever its origin. */
export interface Article {
  /** sha256 (hex) of the page URL in canonical form: re-ingesting a page gives the same id. */
  id: string;
  url: string;
  canonicalUrl: string;
  /** The registry's domain for the page, or its host without "www." when the registry does not know it. */
  sourceDomain: string;
  /** ISO 3166 alpha-3 of the source, from the registry; null when the source is unknown. */
  sourceCountry: string | null;
  /** ISO 639-3 code, from the input or else the registry; null when unknown. */
  language: string | null;
  /** ISO 8601 instant (UTC). */
  publishedAt: string;
  title: string | null;
  text: string;
  /** sha256 (hex) of `normaliseText(text)`; null when there is no text. */
  contentHash: string | null;
  origin: ArticleOrigin;
}

/** What an ingest adapter knows about an article before the model is built. */
export interface ArticleDraft {
  url: string;
  /** The page's declared canonical URL (`<link rel="canonical">`, `og:url`); syndicated copies often point to the original. */
  canonicalUrl?: string | null;
  title?: string | null;
  text?: string | null;
  publishedAt: string | Date;
  language?: string | null;
  /** A domain or URL naming the source when it differs from the article's host. */
  source?: string | null;
  origin: ArticleOrigin;
}

/** Query parameters that only track campaigns or clicks; dropped from canonical URLs. */
const trackingParameter = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|igshid|yclid|_ga|ref_src|spm)$/i;

/**
 * The canonical form of a URL used for identity: https, lower-case host without default port,
 * no fragment, no tracking parameters, remaining parameters sorted, no trailing slash (except
 * the root path). Returns null when `url` is not an absolute http(s) URL.
 *
 * @example
 * canonicaliseUrl('HTTP://News.Example.com:80/a/b/?utm_source=x&b=2&a=1#top') // 'https://news.example.com/a/b?a=1&b=2'
 */
export function canonicaliseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.protocol = 'https:';
  parsed.hash = '';
  if (parsed.port === '80' || parsed.port === '443') parsed.port = '';
  const kept = [...parsed.searchParams.entries()].filter(([key]) => !trackingParameter.test(key));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  parsed.search = new URLSearchParams(kept).toString();
  let path = parsed.pathname;
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '');
  parsed.pathname = path;
  return parsed.toString();
}

/** Host of a URL without "www.", lower case; null when the URL cannot be parsed. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url.trim()).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * The text form that content hashes and near-duplicate detection read: Unicode NFKC, lower
 * case, every run of white space one space, trimmed.
 *
 * @example
 * normaliseText('  Belt\u00a0and\n\nRoad ') // 'belt and road'
 */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** sha256 hex of a string (UTF-8). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The content hash of an article text; null for empty text. */
export function contentHashOf(text: string): string | null {
  const normalised = normaliseText(text);
  return normalised.length === 0 ? null : sha256Hex(normalised);
}

/** The result of building an article: the article, or the problems that prevent it. */
export type ArticleResult = { article: Article; problems: IngestProblem[] } | { article: null; problems: IngestProblem[] };

/** Where an input was read, for problem messages. */
export interface InputLocation {
  file?: string;
  line?: number;
}

/**
 * Builds the article model from an adapter's input: canonical URL, source domain and country
 * (from the registry; an unknown domain is noted in the registry's curation list and the
 * country left null, never guessed), language, publication time and content hash.
 *
 * @example
 * createArticle({ url: 'https://www.voanews.com/a/x.html', publishedAt: '2024-05-01T08:00:00Z', origin: 'feed' }, registry).article?.sourceCountry // 'USA'
 */
export function createArticle(input: ArticleDraft, registry?: SourceRegistry, where: InputLocation = {}): ArticleResult {
  const problems: IngestProblem[] = [];
  const pageUrl = canonicaliseUrl(input.url);
  const canonicalUrl = canonicaliseUrl(input.canonicalUrl ?? '') ?? pageUrl;
  if (pageUrl == null || canonicalUrl == null) {
    problems.push(ingestProblem('MEDIA_ARTICLE_INVALID', `article: "${input.url}" is not an absolute http(s) URL`, { ...where, column: 'url', value: input.url }));
  }
  const published = input.publishedAt instanceof Date ? input.publishedAt : new Date(input.publishedAt);
  if (Number.isNaN(published.getTime())) {
    problems.push(
      ingestProblem('MEDIA_ARTICLE_INVALID', `article: publication time "${String(input.publishedAt)}" cannot be read; expected ISO 8601 such as 2024-05-01T08:00:00Z`, {
        ...where,
        column: 'date',
        value: String(input.publishedAt),
      }),
    );
  }
  if (pageUrl == null || canonicalUrl == null || Number.isNaN(published.getTime())) return { article: null, problems };
  const sourceRef = input.source != null && input.source.length > 0 ? input.source : input.url;
  const entry = registry?.lookup(sourceRef) ?? (sourceRef === input.url ? undefined : registry?.lookup(input.url));
  const host = hostOf(sourceRef.includes('://') ? sourceRef : `https://${sourceRef}`) ?? (hostOf(input.url) as string);
  if (registry && !entry) {
    registry.noteUnknown(host, input.url);
  }
  const text = input.text ?? '';
  return {
    article: {
      id: sha256Hex(pageUrl),
      url: input.url,
      canonicalUrl,
      sourceDomain: entry?.domain ?? host,
      sourceCountry: entry?.countryIso3 ?? null,
      language: input.language ?? entry?.language ?? null,
      publishedAt: published.toISOString(),
      title: input.title ?? null,
      text,
      contentHash: contentHashOf(text),
      origin: input.origin,
    },
    problems,
  };
}
