import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mediaRoutes } from '@softpower/media';
import { ApiError, errorEnvelope, type ApiProblem } from './errors.js';
import { JobQueue } from './jobs/queue.js';
import { buildRoutes } from './routes/builds.js';
import type { AppContext } from './routes/common.js';
import { countryRoutes } from './routes/countries.js';
import { datasetRoutes } from './routes/datasets.js';
import { frameworkRoutes } from './routes/frameworks.js';
import { indicatorRoutes } from './routes/indicators.js';
import { jobRoutes } from './routes/jobs.js';
import type { Store } from './store/store.js';

export interface AppOptions {
  store: Store;
  /** Bearer token for every write (POST, PUT, DELETE). Without one, writes are refused. */
  token?: string;
  /** When set, reads need this token (or the write token) too. */
  readToken?: string;
  /** Largest request body in bytes; default 32 MiB. */
  bodyLimit?: number;
  /** Largest media upload (POST /api/media/ingest) in bytes; default 256 MiB. */
  mediaUploadLimit?: number;
  /** Worker threads of each sensitivity job (default one fewer than the CPUs, at least one). */
  workers?: number;
  /** The job queue; one is created when absent. */
  jobs?: JobQueue;
  /**
   * A built single-page web app served at / (apps/dashboard/dist): files as they are, and
   * index.html for every other GET outside /api and /docs that does not name a file (a
   * missing /assets/x.js is a 404). Ignored when it has no index.html.
   */
  dashboardDir?: string;
  logger?: boolean;
}

export const defaultBodyLimit = 32 * 1024 * 1024;

interface CachedResponse {
  generation: number;
  etag: string;
  body: Buffer;
  headers: Record<string, string>;
  notModified: Record<string, string>;
}

const uploadTypes = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
];

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1]?.trim();
}

/** Whether a request's answer may be kept in the read cache: GETs under /api/ except jobs and health, whose answers change without a write to the store. */
function cacheable(method: string | undefined, url: string): boolean {
  return method === 'GET' && url.startsWith('/api/') && !url.startsWith('/api/jobs') && url !== '/api/health' && !url.startsWith('/api/health?');
}

const cacheKey = (url: string, accept: string | undefined) => `${url}\u0000${accept ?? ''}`;

/** Writes a cached answer: 304 when `If-None-Match` carries its ETag, else the stored body. */
function writeHit(res: ServerResponse, hit: CachedResponse, ifNoneMatch: string | undefined): void {
  if (ifNoneMatch === hit.etag) res.writeHead(304, hit.notModified).end();
  else res.writeHead(200, hit.headers).end(hit.body);
}

/** Fastify's and Zod's request errors as the API's envelope, naming each field. */
function requestProblems(error: unknown): ApiError | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems: ApiProblem[] = error.validation.map((v) => {
      const where = `${error.validationContext ?? 'request'}${v.instancePath || ''}`;
      return { code: 'REQUEST_INVALID', severity: 'error', message: `${where}: ${v.message ?? 'invalid'}`, pointer: `/${error.validationContext ?? 'request'}${v.instancePath}`, value: v.params };
    });
    return ApiError.fromProblems(problems);
  }
  const e = error as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', `request: the body is larger than the limit of this server; ${e.message ?? ''}`.trim());
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', `request: ${e.message ?? 'unsupported content type'}; send JSON, YAML, CSV or XLSX`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('REQUEST_INVALID', `request: ${e.message ?? 'invalid body'}`);
  }
  if (error instanceof SyntaxError && e.statusCode === 400) return new ApiError('REQUEST_INVALID', `request: the JSON body does not parse (${e.message})`);
  if (e.statusCode === 413) return new ApiError('PAYLOAD_TOO_LARGE', `request: ${e.message ?? 'the body is too large'}`);
  if (e.statusCode === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', `request: ${e.message ?? 'unsupported content type'}`);
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return new ApiError('REQUEST_INVALID', `request: ${e.message ?? 'invalid request'}`);
  return undefined;
}

/**
 * The HTTP API as a Fastify instance, without listening: tests call `app.inject()`,
 * `startServer` calls `listen`. OpenAPI at /docs/json, interactive docs at /docs.
 *
 * @example
 * const app = await createApp({ store: await openStore(), token: 'secret' });
 * (await app.inject('/api/health')).json(); // { status: 'ok', store: 'pglite', … }
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const responses = new Map<string, CachedResponse>();
  /**
   * A cached read answered on the socket before Fastify sees the request: no routing, hooks,
   * request and reply objects. Only when reads are open; `app.inject()` takes the hook below,
   * which answers the same.
   */
  const answerFromCache = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (options.readToken !== undefined || !cacheable(req.method, url)) return false;
    const hit = responses.get(cacheKey(url, req.headers.accept));
    if (hit === undefined || hit.generation !== options.store.generation) return false;
    writeHit(res, hit, req.headers['if-none-match']);
    return true;
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    ajv: { customOptions: { coerceTypes: false } },
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!answerFromCache(req, res)) handler(req, res);
      }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const jobs = options.jobs ?? new JobQueue({ store: options.store });
  const context: AppContext = { store: options.store, jobs, workers: options.workers };

  app.addContentTypeParser(uploadTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  await app.register(swagger, {
    openapi: {
      info: { title: 'Soft Power Observatory API', version: '0.1.0', description: 'Composite indices of cultural soft power: countries, indicators, frameworks, builds, rankings and sensitivity runs. Errors use one envelope `{ error: { code, message, details } }` with the codes of docs/errors.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  /** Whether a request may pass the bearer-token rules; throws the 401 it deserves otherwise. */
  const authorise = (request: FastifyRequest): void => {
    const url = request.url;
    if (!url.startsWith('/api/') || url === '/api/health' || url.startsWith('/api/health?')) return;
    const read = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
    const given = bearer(request);
    if (read) {
      if (!options.readToken) return;
      if (given && (sameToken(given, options.readToken) || (options.token !== undefined && sameToken(given, options.token)))) return;
      throw new ApiError('UNAUTHORISED', 'reads on this server need a bearer token: send "Authorization: Bearer <token>"');
    }
    if (!options.token) throw new ApiError('UNAUTHORISED', 'writes are disabled on this server: the operator has configured no token (SOFTPOWER_TOKEN)');
    if (!given) throw new ApiError('UNAUTHORISED', 'writes need a bearer token: send "Authorization: Bearer <token>"');
    if (!sameToken(given, options.token)) throw new ApiError('UNAUTHORISED', 'the bearer token is not the one this server was configured with');
  };

  // Answers of reads, kept until the next write to the store (the store's generation changes):
  // the body serialised once into a Buffer, with its headers and a strong ETag. A hit is
  // written straight to the socket, past routing's handlers, validation and serialisation;
  // `If-None-Match` with the ETag gets a 304.
  const requestGeneration = new WeakMap<FastifyRequest, number>();
  app.addHook('onRequest', (request, reply, done) => {
    try {
      authorise(request);
    } catch (e) {
      done(e as Error);
      return;
    }
    if (!cacheable(request.method, request.url)) return done();
    const hit = responses.get(cacheKey(request.url, request.headers.accept));
    if (hit === undefined || hit.generation !== options.store.generation) {
      requestGeneration.set(request, options.store.generation);
      return done();
    }
    reply.hijack();
    writeHit(reply.raw, hit, request.headers['if-none-match']);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const generation = requestGeneration.get(request);
    if (generation === undefined || reply.statusCode !== 200 || generation !== options.store.generation) return payload;
    if ((typeof payload === 'string' || Buffer.isBuffer(payload)) && payload.length < 1 << 20) {
      if (responses.size >= 1000) responses.delete(responses.keys().next().value as string);
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (name !== 'content-length' && value !== undefined) headers[name] = String(value);
      responses.set(cacheKey(request.url, request.headers.accept), {
        generation,
        etag,
        body,
        headers: { ...headers, 'content-length': String(body.length), 'x-cache': 'hit' },
        notModified: { etag, 'x-cache': 'hit' },
      });
      return body;
    }
    return payload;
  });

  // Content negotiation for downloads: an Accept of CSV or XLSX stands for ?format= when absent.
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (request.method !== 'GET' || !query || typeof query !== 'object' || query.format !== undefined) return;
    const accept = request.headers.accept ?? '';
    if (accept.includes('text/csv')) query.format = 'csv';
    else if (accept.includes('spreadsheetml.sheet')) query.format = 'xlsx';
  });

  app.setErrorHandler((error, request, reply) => {
    const mapped = requestProblems(error);
    const { status, body } = errorEnvelope(mapped ?? error);
    if (status >= 500) request.log.error(error);
    return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  });
  const dashboard = options.dashboardDir && existsSync(join(options.dashboardDir, 'index.html')) ? options.dashboardDir : undefined;
  // Files are looked up on each request (the folder may be rebuilt while the server runs).
  if (dashboard) await app.register(fastifyStatic, { root: dashboard, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const isFile = /\.[A-Za-z0-9]+$/.test(path);
    if (dashboard && (request.method === 'GET' || request.method === 'HEAD') && !isFile && !path.startsWith('/api/') && path !== '/api' && !path.startsWith('/docs')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const { status, body } = errorEnvelope(ApiError.notFound(`no route ${request.method} ${path}; see /docs`));
    return reply.code(status).send(body);
  });

  app.get('/api/health', {
    schema: { tags: ['meta'], summary: 'Liveness and store kind', response: { 200: z.object({ status: z.literal('ok'), store: z.enum(['pglite', 'postgres']), location: z.string(), version: z.string(), jobs: z.number().int() }) } },
    handler: async () => ({ status: 'ok' as const, store: options.store.kind, location: options.store.handle.location, version: '0.1.0', jobs: jobs.list().filter((j) => j.status === 'queued' || j.status === 'running').length }),
  });
  if (!dashboard) app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));

  // The media monitor's routes (/api/media/*) on the same database: the hooks above (tokens,
  // read cache) apply to them too; a successful media write drops the cached reads.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.url.startsWith('/api/media/') && reply.statusCode < 300) options.store.changed();
    return payload;
  });
  await app.register(mediaRoutes, { db: options.store.handle.sql, uploadLimit: options.mediaUploadLimit });

  countryRoutes(app, context);
  indicatorRoutes(app, context);
  datasetRoutes(app, context);
  frameworkRoutes(app, context);
  buildRoutes(app, context);
  jobRoutes(app, context);

  app.decorate('jobs', jobs);
  await app.ready();
  return app;
}
