import type { FastifyInstance, FastifyReply, preHandlerAsyncHookHandler, preHandlerHookHandler } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MediaAnalysisError } from '../analysis/errors.js';
import { indicatorCsv } from '../analysis/rollup.js';
import { csvText, xlsxBytes, type Cell } from '../cli/output.js';
import { mediaHttpStatus, type MediaCode } from '../errors.js';
import type { IngestProblem } from '../ingest/problems.js';
import { ingestInput, inputKindOf, loadRegistry } from '../pipeline/ingest.js';
import { periodKinds, type PeriodKind } from '../pipeline/periods.js';
import { cellArticles, mediaIndicators, queryEventsLens, queryRollups } from '../pipeline/query.js';
import { communicatorTypes, type SourceEntry } from '../sources/registry.js';
import { readAlpha2Lookup, suggestionColumns, suggestionRows, suggestSourceCountries, type Alpha2Lookup } from '../sources/suggest.js';
import { loadUnknownDomains } from '../store/articles.js';
import { registerSources } from '../pipeline/sources.js';
import type { Queryable } from '../store/schema.js';

/** Codes of the API's own complaints (the server's catalogue has the same ones). */
export type MediaApiCode = MediaCode | 'REQUEST_INVALID' | 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'UNAUTHORISED' | 'INTERNAL';

const apiStatus: Record<Exclude<MediaApiCode, MediaCode>, number> = {
  REQUEST_INVALID: 400,
  UNAUTHORISED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

/** An error the media routes answer with `{ error: { code, message, details } }`. */
export class MediaApiError extends Error {
  readonly code: MediaApiCode;
  readonly details: unknown;

  constructor(code: MediaApiCode, message: string, details: unknown = []) {
    super(message);
    this.name = 'MediaApiError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return this.code in apiStatus ? apiStatus[this.code as keyof typeof apiStatus] : mediaHttpStatus[this.code as MediaCode];
  }
}

export interface MediaRoutesOptions {
  db: Queryable;
  /** Runs before the write routes (POST); e.g. the server's bearer-token check. */
  requireToken?: preHandlerHookHandler | preHandlerAsyncHookHandler;
  /** Largest upload to POST /api/media/ingest, in bytes; default 256 MiB. */
  uploadLimit?: number;
}

/** The content types POST /api/media/ingest accepts; the kind of file comes from `filename`. */
export const mediaUploadTypes = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'text/csv', 'application/csv', 'text/tab-separated-values', 'text/plain', 'application/zip', 'application/octet-stream'];

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  .optional();
const iso3List = z
  .string()
  .regex(/^[A-Za-z]{3}(,[A-Za-z]{3})*$/, 'ISO 3166 alpha-3 codes, comma-separated (KEN,PAK)')
  .transform((s) => s.toUpperCase().split(','))
  .optional();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-\d{2}$/, 'a month written YYYY-MM');
const page = {
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
};
const communicator = z.enum(['all', 'unknown', ...communicatorTypes]);

const sourceBody = z.object({
  domain: z.string().min(3),
  country: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 3166 alpha-3 code').transform((s) => s.toUpperCase()),
  language: z.string().regex(/^[a-z]{3}$/, 'an ISO 639-3 code').nullable().optional(),
  communicatorType: z.enum(communicatorTypes),
  name: z.string().nullable().optional(),
  note: z.string().nullable().optional(),
});

function envelope(code: string, message: string, details: unknown): { error: { code: string; message: string; details: unknown } } {
  return { error: { code, message, details } };
}

interface MappedError {
  status: number;
  code: string;
  message: string;
  details: unknown;
}

function mapError(error: unknown): MappedError {
  if (error instanceof MediaApiError) return error;
  // An error of the host server's own envelope, e.g. its bearer-token check, which runs before these routes.
  const hosted = error as { code?: unknown; status?: unknown; details?: unknown };
  if (error instanceof Error && typeof hosted.code === 'string' && typeof hosted.status === 'number' && hosted.status >= 400 && 'details' in error) {
    return { status: hosted.status, code: hosted.code, message: error.message, details: hosted.details };
  }
  if (error instanceof MediaAnalysisError) return new MediaApiError(error.code, error.message, error.details);
  const fastifyError = error as { validation?: { instancePath?: string; message?: string; params?: unknown }[]; validationContext?: string; statusCode?: number; code?: string; message?: string };
  // the pipeline's complaints about a query (queryRollups, cellArticles); not Fastify's own RangeErrors, which carry a statusCode (413 body too large)
  if (error instanceof RangeError && fastifyError.statusCode == null) return new MediaApiError('REQUEST_INVALID', error.message);
  if (fastifyError.validation) {
    const details = fastifyError.validation.map((v) => ({ where: `${fastifyError.validationContext ?? 'request'}${v.instancePath ?? ''}`, message: v.message ?? 'invalid' }));
    return new MediaApiError('REQUEST_INVALID', `media API: the ${fastifyError.validationContext ?? 'request'} is invalid: ${details.map((d) => `${d.where}: ${d.message}`).join('; ')}`, details);
  }
  if (fastifyError.statusCode === 413) return new MediaApiError('PAYLOAD_TOO_LARGE', fastifyError.message ?? 'the request body is too large');
  if (fastifyError.statusCode === 415) return new MediaApiError('UNSUPPORTED_MEDIA_TYPE', `${fastifyError.message ?? 'unsupported content type'}; send one of ${mediaUploadTypes.join(', ')}`);
  if (fastifyError.statusCode != null && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) return new MediaApiError('REQUEST_INVALID', fastifyError.message ?? 'bad request');
  return new MediaApiError('INTERNAL', error instanceof Error ? error.message : String(error));
}

function sendCsv(reply: FastifyReply, name: string, text: string): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(text);
}

/** Downloads of every list: `format=csv` or `format=xlsx` (one sheet, bold frozen header), else JSON. */
const download = z.enum(['json', 'csv', 'xlsx']).default('json');

async function sendTable(reply: FastifyReply, name: string, format: 'csv' | 'xlsx', header: readonly string[], rows: readonly Cell[][], total = rows.length): Promise<FastifyReply> {
  reply.header('x-total-count', String(total));
  if (format === 'csv') return sendCsv(reply, name, csvText(header, rows));
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(await xlsxBytes(name, header, rows));
}

const articleColumns = ['published_at', 'title', 'url', 'source', 'language', 'communicator_type', 'mentions_home', 'tone', 'tone_origin', 'themes', 'syndication_of'] as const;
const lensColumns = ['home', 'partner', 'period', 'events', 'mentions', 'goldstein_mean', 'tone_mean', 'verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict', 'cooperation', 'conflict'] as const;
const sourceColumns = ['domain', 'name', 'country', 'language', 'communicator_type', 'origin', 'note'] as const;

/**
 * The media monitor's HTTP API as a Fastify plugin: rollups, the articles behind a rollup
 * cell, sources and the curation list, yearly indicators, the events lens, and two writes
 * (POST /api/media/sources, POST /api/media/ingest) behind `requireToken`. Errors answer
 * `{ error: { code, message, details } }`; an upload with any error writes nothing and
 * answers 422 with every problem (file, line, column, value).
 *
 * @example
 * await app.register(mediaRoutes, { db, requireToken });
 * await app.inject({ method: 'GET', url: '/api/media/rollups?country=KEN&by=month' })
 */
export async function mediaRoutes(parent: FastifyInstance, options: MediaRoutesOptions): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const { db } = options;
  const writeGuard = options.requireToken ? { preHandler: options.requireToken } : {};
  const uploadLimit = options.uploadLimit ?? 256 * 2 ** 20;
  const missing = mediaUploadTypes.filter((t) => !app.hasContentTypeParser(t));
  if (missing.length > 0) app.addContentTypeParser(missing, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error);
    if (mapped.status >= 500) request.log.error(error);
    void reply.status(mapped.status).send(envelope(mapped.code, mapped.message, mapped.details));
  });

  app.get(
    '/api/media/rollups',
    {
      schema: {
        tags: ['media'],
        summary: 'Coverage of the home country by source country, period, theme and communicator type: volume, attention, tone and its difference from the baseline',
        querystring: z
          .object({
            country: iso3List,
            from: day.optional().describe('first day; for day, week, month and year the whole period holding it (2024-03-15 by month starts with all of March)'),
            to: day.optional().describe('last day; for day, week, month and year the whole period holding it'),
            by: z.enum(periodKinds as [PeriodKind, ...PeriodKind[]]).default('month').describe('day, week, month or year (whole calendar periods), or range (every day from from to to summed, both required)'),
            theme: list,
            type: z
              .string()
              .transform((s) => s.split(','))
              .pipe(z.array(communicator))
              .optional(),
            format: download,
            ...page,
          })
          .superRefine((q, context) => {
            if (q.by !== 'range') return;
            for (const [name, which] of [
              ['from', 'first'],
              ['to', 'last'],
            ] as const) {
              if (q[name] == null) context.addIssue({ code: 'custom', path: [name], message: `by=range needs ${name}, the ${which} day of the range (YYYY-MM-DD)` });
            }
          }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const limit = q.limit ?? (q.format === 'json' ? 100 : undefined);
      const result = await queryRollups(db, { countries: q.country, from: q.from, to: q.to, by: q.by, themes: q.theme, communicatorTypes: q.type, limit, offset: q.offset });
      if (q.format !== 'json') {
        const header = ['country', 'period', 'period_start', 'theme', 'communicator_type', 'articles', 'home_articles', 'type_articles', 'attention', 'theme_share', 'tone_mean', 'baseline_tone', 'tone_difference', 'mentions'];
        const rows = result.rows.map((r) => [r.country, r.period, r.periodStart, r.theme, r.communicatorType, r.articles, r.homeArticles, r.typeArticles, r.attention, r.themeShare, r.toneMean, r.baselineTone, r.toneDifference, r.mentions]);
        return sendTable(reply, 'media-rollups', q.format, header, rows, result.total);
      }
      return { items: result.rows, total: result.total, limit: limit ?? result.total, offset: q.offset };
    },
  );

  app.get(
    '/api/media/articles',
    {
      schema: {
        tags: ['media'],
        summary: 'The articles behind one rollup cell (title, source, link, tone, themes), newest first',
        querystring: z.object({
          country: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 3166 alpha-3 code'),
          period: z.string().describe('2024, 2024-03, 2024-W10, 2024-03-05 or a range of days 2019-07-01..2020-06-30 (as by=range labels it)'),
          theme: z.string().optional(),
          type: communicator.default('all'),
          homeOnly: z.enum(['true', 'false']).optional(),
          format: download,
          ...page,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const limit = q.limit ?? (q.format === 'json' ? 100 : undefined);
      const result = await cellArticles(db, { country: q.country, period: q.period, theme: q.theme, communicatorType: q.type, homeOnly: q.homeOnly == null ? undefined : q.homeOnly === 'true', limit, offset: q.offset });
      if (q.format !== 'json') {
        const rows = result.articles.map((a) => [a.publishedAt, a.title, a.url, a.source, a.language, a.communicatorType, a.mentionsHome, a.tone, a.toneOrigin, Object.entries(a.themes).map(([t, n]) => `${t}:${n}`).join(' '), a.syndicationOf]);
        return sendTable(reply, `media-articles-${q.country.toUpperCase()}-${q.period}`, q.format, articleColumns, rows, result.total);
      }
      return { items: result.articles, total: result.total, limit: limit ?? result.total, offset: q.offset };
    },
  );

  app.get('/api/media/sources', { schema: { tags: ['media'], summary: 'The source registry (shipped seed and stored entries)', querystring: z.object({ format: download }) } }, async (request, reply) => {
    const entries = (await loadRegistry(db)).entries();
    if (request.query.format !== 'json') {
      const rows = entries.map((e) => [e.domain, e.name, e.countryIso3, e.language, e.communicatorType, e.origin, e.note]);
      return sendTable(reply, 'media-sources', request.query.format, sourceColumns, rows);
    }
    return { items: entries, total: entries.length };
  });

  app.get(
    '/api/media/sources/unknown',
    { schema: { tags: ['media'], summary: 'Domains seen in articles but not in the registry, most frequent first', querystring: z.object({ format: download }) } },
    async (request, reply) => {
      const unknown = await loadUnknownDomains(db);
      if (request.query.format !== 'json') {
        return sendTable(reply, 'media-sources-unknown', request.query.format, ['domain', 'articles', 'examples'], unknown.map((u) => [u.domain, u.articles, u.examples.join(' ')]));
      }
      return { items: unknown, total: unknown.length };
    },
  );

  let alpha2: Alpha2Lookup | undefined;
  app.get(
    '/api/media/sources/suggestions',
    {
      schema: {
        tags: ['media'],
        summary: 'A country suggested for each domain awaiting curation, from its country-code top-level domain; as CSV or XLSX, the rows of the suggestions with a country, in the columns of a registry import',
        querystring: z.object({ format: download }),
      },
    },
    async (request, reply) => {
      alpha2 ??= readAlpha2Lookup();
      const suggestions = suggestSourceCountries(await loadUnknownDomains(db), alpha2);
      if (request.query.format !== 'json') return sendTable(reply, 'media-sources-suggestions', request.query.format, suggestionColumns, suggestionRows(suggestions));
      return { items: suggestions, total: suggestions.length };
    },
  );

  app.post(
    '/api/media/sources',
    {
      ...writeGuard,
      schema: { tags: ['media'], summary: 'Add or replace sources (domain → country, language, communicator type)', body: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(sourceBody).min(1)).describe('one source or an array of sources') },
    },
    async (request, reply) => {
      const bodies = request.body;
      const entries: SourceEntry[] = [];
      const problems: { index: number; domain: string; message: string }[] = [];
      bodies.forEach((b, index) => {
        const domain = b.domain.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/.*$/, '');
        if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain)) problems.push({ index, domain: b.domain, message: `"${b.domain}" is not a domain; expected a host such as "nation.africa"` });
        else entries.push({ domain, name: b.name ?? null, countryIso3: b.country, language: b.language ?? null, communicatorType: b.communicatorType, origin: 'api', note: b.note ?? null });
      });
      if (problems.length > 0) throw new MediaApiError('MEDIA_REGISTRY_ROW', `media sources: ${problems.length} invalid source(s), first: ${problems[0].message}`, problems);
      const registered = await registerSources(db, entries);
      return reply.status(201).send({ stored: registered.stored, attributed: registered.attributed, items: entries });
    },
  );

  app.get(
    '/api/media/indicators',
    {
      schema: {
        tags: ['media'],
        summary: 'Yearly media indicators in the long format (country,indicator,year,value,source,source_code,note)',
        querystring: z.object({
          yearFrom: z.coerce.number().int().min(1900).max(2999).optional(),
          yearTo: z.coerce.number().int().min(1900).max(2999).optional(),
          home: z.string().regex(/^[A-Za-z]{3}$/).default('CHN'),
          type: communicator.optional(),
          country: iso3List,
          minArticles: z.coerce.number().int().min(1).optional(),
          abroad: z.enum(['true', 'false']).default('false').describe("also the home country's own rows (media_attention_abroad, media_tone_gap_abroad)"),
          format: download,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = await mediaIndicators(db, { home: q.home, yearFrom: q.yearFrom, yearTo: q.yearTo, communicatorType: q.type, countries: q.country, minArticles: q.minArticles, abroad: q.abroad === 'true' });
      if (q.format === 'csv') return sendCsv(reply, 'media-indicators', indicatorCsv(rows));
      if (q.format === 'xlsx') {
        const header = ['country', 'indicator', 'year', 'value', 'source', 'source_code', 'note'];
        return sendTable(reply, 'media-indicators', 'xlsx', header, rows.map((r) => [r.country, r.indicator, r.year, r.value, r.source, r.source_code, r.note]));
      }
      return { items: rows, total: rows.length };
    },
  );

  app.get(
    '/api/media/events-lens',
    {
      schema: {
        tags: ['media'],
        summary: 'GDELT events lens: cooperation and conflict between the home country and each partner, per month or summed',
        querystring: z.object({ home: z.string().regex(/^[A-Za-z]{3}$/).default('CHN'), partner: iso3List, from: month.optional(), to: month.optional(), byMonth: z.enum(['true', 'false']).default('true'), format: download }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = await queryEventsLens(db, { home: q.home, partners: q.partner, from: q.from, to: q.to, byMonth: q.byMonth === 'true' });
      if (q.format !== 'json') {
        const cells = rows.map((r) => [r.home, r.partner, r.period, r.events, r.mentions, r.goldsteinMean, r.toneMean, ...(r.quadShares ?? [null, null, null, null]), r.cooperation, r.conflict]);
        return sendTable(reply, 'media-events-lens', q.format, lensColumns, cells);
      }
      return { items: rows, total: rows.length };
    },
  );

  app.post(
    '/api/media/ingest',
    {
      ...writeGuard,
      // the route's limit, not the parser's: types the host server already parses (text/plain, text/csv, …) would otherwise get the host's limit
      bodyLimit: uploadLimit,
      schema: {
        tags: ['media'],
        summary: 'Upload an article archive (JSONL, CSV, TSV) or a GDELT file (Events, Mentions, GKG; zipped or not); any error writes nothing',
        querystring: z.object({
          filename: z.string().min(1).describe('the file name: its extension or GDELT name tells what it holds (export.jsonl, 20240101000000.gkg.csv.zip)'),
          home: z.string().regex(/^[A-Za-z]{3}$/).default('CHN'),
        }),
      },
    },
    async (request) => {
      const { filename, home } = request.query;
      if (inputKindOf(filename) == null) {
        throw new MediaApiError('REQUEST_INVALID', `media ingest: cannot tell what "${filename}" holds; name archives .jsonl, .csv or .tsv and keep GDELT file names (….export.CSV, ….mentions.CSV, ….gkg.csv, .zip)`, [{ where: 'querystring/filename', value: filename }]);
      }
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : typeof body === 'string' ? new TextEncoder().encode(body) : null;
      if (bytes == null || bytes.length === 0) throw new MediaApiError('REQUEST_INVALID', 'media ingest: the request body is empty; send the file as the body', [{ where: 'body' }]);
      const result = await ingestInput(db, { name: filename, bytes }, { strict: true, home: home.toUpperCase() });
      const errors = result.problems.filter((p) => p.severity === 'error');
      if (result.skipped) {
        // only an error names the envelope's code: a warning's code may map to HTTP 200
        const first: IngestProblem | undefined = errors[0] ?? result.problems[0];
        const code = (errors[0]?.code ?? 'MEDIA_FILE_UNREADABLE') as MediaCode;
        throw new MediaApiError(code, `media ingest: ${errors.length} problem(s) in ${filename}; nothing was written. First: ${first?.message ?? 'the file is unusable'}`, result.problems);
      }
      const { report: _report, ...summary } = result;
      return summary;
    },
  );
}
