import type { SourceRegistry } from '../../sources/registry.js';
import type { ArticleThemeRow } from '../../store/articles.js';
import { createArticle, type ArticleResult } from '../article.js';
import { gdeltTimestampToIso } from './fields.js';
import type { GkgRecord } from './gkg.js';

/** A GKG record as an article (no text: GDELT ships metadata only) and its GKG theme counts. */
export interface GkgArticle {
  result: ArticleResult;
  themes: ArticleThemeRow[];
}

/**
 * Builds the article of a web GKG record (SourceCollectionIdentifier 1): its URL, the page
 * title from the Extras XML, publication batch time, language (the translation's source
 * language, else English) and source (SourceCommonName); themes are counted per theme name
 * with the first offset. Records of other collections (citations, JSTOR…) give no article.
 */
export function gkgArticle(record: GkgRecord, registry?: SourceRegistry, file?: string): GkgArticle | null {
  if (record.sourceCollection !== 1) return null;
  const result = createArticle(
    {
      url: record.documentIdentifier,
      title: record.pageTitle,
      text: '',
      publishedAt: gdeltTimestampToIso(record.date),
      language: record.translation?.sourceLanguage ?? 'eng',
      source: record.sourceCommonName,
      origin: 'gdelt-gkg',
    },
    registry,
    { file },
  );
  const themes: ArticleThemeRow[] = [];
  if (result.article) {
    const counts = new Map<string, { mentions: number; firstOffset: number | null }>();
    for (const t of record.themes) {
      const c = counts.get(t.name);
      if (c == null) counts.set(t.name, { mentions: 1, firstOffset: t.offset });
      else {
        c.mentions += 1;
        if (t.offset != null && (c.firstOffset == null || t.offset < c.firstOffset)) c.firstOffset = t.offset;
      }
    }
    for (const [theme, c] of counts) {
      themes.push({
        articleId: result.article.id,
        sourceCountry: result.article.sourceCountry,
        publishedAt: result.article.publishedAt,
        theme,
        origin: 'gdelt-gkg',
        mentions: c.mentions,
        firstOffset: c.firstOffset,
      });
    }
  }
  return { result, themes };
}
