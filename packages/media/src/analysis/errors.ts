/**
 * Problem codes of the media analysis. Each error names who complains, what is wrong, the
 * offending value and what to do.
 */
export const mediaAnalysisProblems = {
  MEDIA_LEXICON_INVALID: 'A lexicon file has an unknown theme, language or source, or a malformed row.',
  MEDIA_INPUT_INVALID: 'An analysis input is missing a field or has a value of the wrong type.',
  MEDIA_STANCE_HTTP: 'The stance classifier endpoint answered with an HTTP error.',
  MEDIA_STANCE_TIMEOUT: 'The stance classifier endpoint did not answer in time.',
  MEDIA_STANCE_INVALID_REPLY: 'The stance classifier answered with JSON that does not match the schema.',
  MEDIA_RELIABILITY_DEGENERATE: 'Reliability data have no pairable values or no variation.',
} as const;

export type MediaAnalysisCode = keyof typeof mediaAnalysisProblems;

/** Thrown when input to the media analysis is unusable; lists every problem found. */
export class MediaAnalysisError extends Error {
  readonly code: MediaAnalysisCode;
  readonly details: string[];

  constructor(code: MediaAnalysisCode, message: string, details: string[] = []) {
    super(details.length > 1 ? `${message} (${details.length} problems: ${details.slice(0, 5).join('; ')}${details.length > 5 ? '; …' : ''})` : message);
    this.name = 'MediaAnalysisError';
    this.code = code;
    this.details = details;
  }
}
