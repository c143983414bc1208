import type { SourceRegistry } from '../sources/registry.js';
import { createArticle, type Article } from './article.js';
import { CsvReader, type CsvRecord } from './csv.js';
import { languageTagToIso6393 } from './feeds/language.js';
import { excerpt, ingestProblem, type IngestProblem } from './problems.js';
import { fileChunks } from './stream.js';

/** Columns an archive row may have (exports of Factiva, Media Cloud and the like, renamed to these). */
export const archiveColumns = ['url', 'title', 'text', 'date', 'language', 'source'] as const;

export type ArchiveFormat = 'jsonl' | 'csv';

export interface ArchiveImportOptions {
  /** Default: from the file name (`.jsonl`/`.ndjson` → jsonl, `.csv` → csv, `.tsv` → csv with tabs). */
  format?: ArchiveFormat;
  /** CSV delimiter; default comma (tab for `.tsv`). */
  delimiter?: string;
  registry?: SourceRegistry;
}

export interface ArchiveImportResult {
  file: string;
  articles: Article[];
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows left out, each with at least one problem. */
  rejected: number;
  problems: IngestProblem[];
}

export type ArchiveInput = string | { name: string; text: string };

type RawRow = Partial<Record<(typeof archiveColumns)[number], unknown>>;

function formatOf(name: string): { format: ArchiveFormat; delimiter: string } | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return { format: 'jsonl', delimiter: ',' };
  if (lower.endsWith('.csv')) return { format: 'csv', delimiter: ',' };
  if (lower.endsWith('.tsv')) return { format: 'csv', delimiter: '\t' };
  return null;
}

async function* textChunks(input: ArchiveInput): AsyncGenerator<string> {
  if (typeof input !== 'string') {
    yield input.text;
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of fileChunks(input)) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * Imports articles the user already has, from JSONL (one object a line) or CSV with a header,
 * with the columns url, title, text, date, language, source. Streaming; every bad row is
 * reported with file, line, column and value, and the other rows are kept. `date` is ISO 8601
 * (or anything `Date.parse` reads unambiguously, such as RFC 2822); `language` is an ISO 639-1
 * or 639-3 code or a BCP 47 tag; `source` a domain when it differs from the URL's host.
 *
 * @example
 * const { articles, problems } = await importArchive('exports/factiva-2024.csv', { registry });
 */
export async function importArchive(input: ArchiveInput, options: ArchiveImportOptions = {}): Promise<ArchiveImportResult> {
  const file = typeof input === 'string' ? input : input.name;
  const result: ArchiveImportResult = { file, articles: [], rows: 0, rejected: 0, problems: [] };
  const detected = formatOf(file);
  const format = options.format ?? detected?.format;
  if (format == null) {
    result.problems.push(
      ingestProblem('MEDIA_ARCHIVE_ROW', 'archive: cannot tell the format from the file name', { file, hint: 'name the file .jsonl or .csv, or pass { format }' }),
    );
    return result;
  }
  const take = (row: RawRow, line: number): void => {
    result.rows += 1;
    const problems: IngestProblem[] = [];
    const cell = (column: (typeof archiveColumns)[number]): string | null => {
      const value = row[column];
      if (value == null) return null;
      if (typeof value !== 'string' && typeof value !== 'number') {
        problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `archive: "${column}" must be text`, { file, line, column, value: excerpt(JSON.stringify(value)) }));
        return null;
      }
      const text = String(value).trim();
      return text.length === 0 ? null : text;
    };
    const url = cell('url');
    const date = cell('date');
    const title = cell('title');
    const text = cell('text');
    const languageTag = cell('language');
    if (url == null) problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', 'archive: the row has no url', { file, line, column: 'url', value: '' }));
    if (date == null) problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', 'archive: the row has no date', { file, line, column: 'date', value: '' }));
    if (title == null && text == null) problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', 'archive: the row has neither title nor text', { file, line, column: 'text', value: '' }));
    const language = languageTag == null ? null : languageTagToIso6393(languageTag);
    if (languageTag != null && language == null) {
      problems.push(
        ingestProblem('MEDIA_ARCHIVE_ROW', `archive: language "${languageTag}" is not an ISO 639 code`, { file, line, column: 'language', value: languageTag, hint: 'write codes such as "en", "zh-CN" or "rus"' }),
      );
    }
    if (problems.length === 0 && url != null && date != null) {
      const built = createArticle(
        { url, title, text, publishedAt: date, language, source: cell('source'), origin: 'archive' },
        options.registry,
        { file, line },
      );
      problems.push(...built.problems);
      if (built.article) result.articles.push(built.article);
    }
    if (problems.length > 0) {
      result.rejected += 1;
      result.problems.push(...problems);
    }
  };

  if (format === 'jsonl') {
    let carry = '';
    let line = 0;
    const handle = (raw: string): void => {
      line += 1;
      const trimmed = raw.trim();
      if (trimmed.length === 0) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch (error) {
        result.rows += 1;
        result.rejected += 1;
        result.problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `archive: the line is not JSON (${(error as Error).message})`, { file, line, value: excerpt(trimmed) }));
        return;
      }
      if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        result.rows += 1;
        result.rejected += 1;
        result.problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', 'archive: the line is not a JSON object', { file, line, value: excerpt(trimmed) }));
        return;
      }
      take(parsed as RawRow, line);
    };
    for await (const chunk of textChunks(input)) {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop() as string;
      for (const part of parts) handle(part);
    }
    if (carry.length > 0) handle(carry);
    return result;
  }

  const reader = new CsvReader(options.delimiter ?? detected?.delimiter ?? ',');
  let header: string[] | null = null;
  const onRecord = ({ fields, line }: CsvRecord): void => {
    if (header == null) {
      header = fields.map((f, i) => (i === 0 ? f.replace(/^\ufeff/, '') : f).trim().toLowerCase());
      const missing = ['url', 'date'].filter((c) => !header?.includes(c));
      if (missing.length > 0) {
        result.problems.push(
          ingestProblem('MEDIA_ARCHIVE_ROW', `archive: the header lacks ${missing.map((m) => `"${m}"`).join(' and ')}`, {
            file,
            line,
            value: fields.join(','),
            hint: `name the columns ${archiveColumns.join(', ')}`,
          }),
        );
      }
      return;
    }
    if (fields.length === 1 && fields[0] === '') return;
    if (fields.length !== header.length) {
      result.rows += 1;
      result.rejected += 1;
      result.problems.push(
        ingestProblem('MEDIA_ARCHIVE_ROW', `archive: the row has ${fields.length} fields; the header has ${header.length}`, { file, line, value: excerpt(fields.join(',')) }),
      );
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = fields[i];
    });
    take(row as RawRow, line);
  };
  for await (const chunk of textChunks(input)) for (const record of reader.push(chunk)) onRecord(record);
  for (const record of reader.end()) onRecord(record);
  return result;
}
