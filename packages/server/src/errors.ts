import { problemCatalogue, SoftPowerError, type Problem, type ProblemCode } from '@softpower/engine';

/**
 * Codes that only the server reports. They extend the engine's `problemCatalogue` (docs/errors.md)
 * and are documented in docs/server.md ("Errors"); a test keeps the two in step.
 */
export const serverProblemCatalogue = {
  REQUEST_INVALID: 'A request parameter, query field or body field is missing, of the wrong type or out of range.',
  UNAUTHORISED: 'The request needs a bearer token and has none, or a wrong one.',
  NOT_FOUND: 'No such resource (country, framework, build, job, data set or route).',
  CONFLICT: 'The request conflicts with the state of the store (e.g. deleting a framework while a job uses it).',
  PAYLOAD_TOO_LARGE: 'The request body exceeds the configured limit.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body has a content type the endpoint does not accept.',
  DATA_UNKNOWN_COUNTRY: 'An uploaded row names a country that is not in the store.',
  STORE_LOCKED: 'Another live process owns the embedded store.',
  BUILD_AUDIT_FAILED: 'A build computed its scores, but its output tables (the statistical audit among them) could not be computed; the build is recorded as failed. Please report it.',
  JOB_INTERRUPTED: 'A job\'s server process stopped while the job was queued or running; nothing of it was stored. Submit it again with POST /api/jobs/{id}/retry.',
  INTERNAL: 'An unexpected error; the message says what failed. Please report it.',
} as const;

export type ServerProblemCode = keyof typeof serverProblemCatalogue;
export type ApiErrorCode = ProblemCode | ServerProblemCode;

/** HTTP status of the server's own codes. */
export const serverHttpStatus: Record<ServerProblemCode, number> = {
  REQUEST_INVALID: 400,
  UNAUTHORISED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DATA_UNKNOWN_COUNTRY: 422,
  STORE_LOCKED: 503,
  BUILD_AUDIT_FAILED: 500,
  JOB_INTERRUPTED: 409,
  INTERNAL: 500,
};

/**
 * The HTTP status of a code that stops a request, as in the table of docs/errors.md: a file
 * that cannot be read is a bad request (400), every other engine error unprocessable input
 * (422). Warnings never fail a request; they come back with the data.
 */
export function httpStatusOf(code: ApiErrorCode): number {
  if (code in serverHttpStatus) return serverHttpStatus[code as ServerProblemCode];
  return code === 'DATA_FILE_UNREADABLE' ? 400 : 422;
}

export const apiCatalogue: Record<ApiErrorCode, string> = { ...problemCatalogue, ...serverProblemCatalogue };

/** A problem as the API reports it: the engine's shape, with the server's codes allowed. */
export interface ApiProblem extends Omit<Problem, 'code'> {
  code: ApiErrorCode;
}

/** An error the API answers with `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;

  constructor(code: ApiErrorCode, message: string, details: unknown = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  /** Every problem at once, the first one's code and message on top. */
  static fromProblems(problems: ApiProblem[]): ApiError {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    return new ApiError(first?.code ?? 'INTERNAL', `${first?.message ?? 'unknown problem'}${more}`, problems);
  }

  static notFound(what: string): ApiError {
    return new ApiError('NOT_FOUND', what);
  }
}

/** The envelope for an error thrown anywhere below a route. */
export function errorEnvelope(error: unknown): { status: number; body: { error: { code: ApiErrorCode; message: string; details: unknown } } } {
  if (error instanceof ApiError) return { status: error.status, body: { error: { code: error.code, message: error.message, details: error.details } } };
  if (error instanceof SoftPowerError) {
    const status = httpStatusOf(error.code);
    return { status, body: { error: { code: error.code, message: error.message, details: error.problems } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: { code: 'INTERNAL', message, details: [] } } };
}
