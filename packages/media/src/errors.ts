import { mediaAnalysisProblems, type MediaAnalysisCode } from './analysis/errors.js';
import { mediaProblemCatalogue, type MediaProblemCode } from './ingest/problems.js';

/** Every code of the media monitor: ingest problems and analysis errors. */
export const mediaCatalogue: Readonly<Record<MediaCode, string>> = { ...mediaProblemCatalogue, ...mediaAnalysisProblems };

export type MediaCode = MediaProblemCode | MediaAnalysisCode;

/** Where a code comes from, as docs/errors.md groups them. */
export function mediaCodeStage(code: MediaCode): 'ingest' | 'analysis' {
  return code in mediaProblemCatalogue ? 'ingest' : 'analysis';
}

/**
 * The HTTP status of each media code when it stops a request, as in docs/errors.md: bad
 * input 422 (an unreadable upload 400), an upstream server that failed 502 (504 on a
 * timeout); warnings never fail a request (200).
 */
export const mediaHttpStatus: Readonly<Record<MediaCode, number>> = {
  MEDIA_COLUMN_COUNT: 422,
  MEDIA_INVALID_UTF8: 200,
  MEDIA_BAD_FIELD: 422,
  MEDIA_ZIP_BROKEN: 422,
  MEDIA_FILE_UNREADABLE: 400,
  MEDIA_HTTP_ERROR: 502,
  MEDIA_TIMEOUT: 504,
  MEDIA_CHECKSUM_MISMATCH: 502,
  MEDIA_FILE_LIST_LINE: 502,
  MEDIA_NOT_A_FEED: 502,
  MEDIA_FEED_ITEM: 422,
  MEDIA_EXTRACTION_EMPTY: 200,
  MEDIA_ARTICLE_INVALID: 422,
  MEDIA_ARCHIVE_ROW: 422,
  MEDIA_UNKNOWN_SOURCE: 200,
  MEDIA_REGISTRY_ROW: 422,
  MEDIA_UNKNOWN_FIPS: 200,
  MEDIA_LEXICON_INVALID: 422,
  MEDIA_INPUT_INVALID: 422,
  MEDIA_STANCE_HTTP: 502,
  MEDIA_STANCE_TIMEOUT: 504,
  MEDIA_STANCE_INVALID_REPLY: 502,
  MEDIA_RELIABILITY_DEGENERATE: 422,
};

/** The media section of docs/errors.md, generated from the catalogue (a test keeps the two equal). */
export function mediaErrorsMarkdown(): string {
  const rows = (Object.keys(mediaCatalogue) as MediaCode[]).map((code) => `| \`${code}\` | ${mediaCodeStage(code)} | ${mediaHttpStatus[code]} | ${mediaCatalogue[code]} |`);
  return ['| code | stage | HTTP | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
