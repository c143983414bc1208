/**
 * Stable codes of the problems the media ingest reports. They follow the engine's
 * `problemCatalogue` conventions (one code, one sentence) so that the API can map them the
 * same way; every problem carries the file (or URL) and line it was found at.
 */
export const mediaProblemCatalogue = {
  MEDIA_COLUMN_COUNT: 'A GDELT line has the wrong number of tab-separated columns (often a truncated line).',
  MEDIA_INVALID_UTF8: 'A line is not valid UTF-8; it was read with U+FFFD replacement characters.',
  MEDIA_BAD_FIELD: 'A field does not hold the type its codebook column requires (a number, a date, a list).',
  MEDIA_ZIP_BROKEN: 'A zip file is truncated, corrupt or holds no file; nothing from it is kept.',
  MEDIA_FILE_UNREADABLE: 'A local file cannot be opened or read.',
  MEDIA_HTTP_ERROR: 'A server answered with an HTTP error status after every retry.',
  MEDIA_TIMEOUT: 'A request did not finish within its timeout after every retry.',
  MEDIA_CHECKSUM_MISMATCH: 'A downloaded file does not have the size or MD5 sum its file list states.',
  MEDIA_FILE_LIST_LINE: 'A line of a GDELT file list (masterfilelist.txt, lastupdate.txt) is malformed.',
  MEDIA_NOT_A_FEED: 'A feed URL answered with something that is not RSS or Atom (often an HTML error page).',
  MEDIA_FEED_ITEM: 'A feed item lacks a link or has an unreadable date.',
  MEDIA_EXTRACTION_EMPTY: 'No article text could be extracted from a page.',
  MEDIA_ARTICLE_INVALID: 'An article lacks an absolute http(s) URL or a readable publication time.',
  MEDIA_ARCHIVE_ROW: 'A row of an article archive (JSONL or CSV) is malformed or lacks a required value.',
  MEDIA_UNKNOWN_SOURCE: 'An article comes from a domain the source registry does not know; it is listed for curation.',
  MEDIA_REGISTRY_ROW: 'A row of a source registry file is malformed (unknown communicator type, country or language).',
  MEDIA_UNKNOWN_FIPS: 'A FIPS 10-4 country code has no ISO 3166 alpha-3 equivalent in the country reference.',
} as const;

export type MediaProblemCode = keyof typeof mediaProblemCatalogue;

/** One problem found while ingesting, with where it was found. Returned as data, never thrown. */
export interface IngestProblem {
  code: MediaProblemCode;
  severity: 'error' | 'warning';
  /** Who complains, what is wrong, the offending value and where it is. */
  message: string;
  /** File path or URL. */
  file?: string;
  /** 1-based line (or row) number. */
  line?: number;
  column?: string;
  value?: string;
  /** What to do about it. */
  hint?: string;
}

/** Builds a problem whose message ends with its location, so that it reads on its own. */
export function ingestProblem(
  code: MediaProblemCode,
  message: string,
  where: Omit<IngestProblem, 'code' | 'message' | 'severity'> & { severity?: 'error' | 'warning' } = {},
): IngestProblem {
  const parts: string[] = [];
  if (where.file != null) parts.push(where.file);
  if (where.line != null) parts.push(`line ${where.line}`);
  if (where.column != null) parts.push(`column "${where.column}"`);
  const suffix = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  const { severity = 'error', ...rest } = where;
  return { code, severity, message: `${message}${suffix}`, ...rest };
}

/** Shortens a value for a message: long GDELT lines are cut to `max` characters. */
export function excerpt(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}
