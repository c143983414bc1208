import YAML from 'yaml';
import { z } from 'zod';
import { problem, SoftPowerError } from '@softpower/engine';
import { ApiError } from '../errors.js';
import { requireLatestBuild, runBuild } from '../store/builds.js';
import { queryResults } from '../store/results.js';
import { getSpec, saveSpec } from '../store/specs.js';
import { sql } from '../store/store.js';
import { errorResponses, listQuery, listSchema, pageLimit, rowsToObjects, sendList, type AppContext, type ZodApp } from './common.js';
import { jobSchema, jobView } from './jobs.js';
import { resultsQuerySchema, resultsResponseSchema } from './results-query.js';

export const frameworkSchema = z.object({
  id: z.string(),
  name: z.record(z.string(), z.string()).nullable(),
  origin: z.string().describe('"bundled" (loaded at start) or "uploaded".'),
  latestVersion: z.number().int(),
  latestBuildId: z.string().nullable(),
  createdAt: z.string(),
});

const savedSpecSchema = z.object({ frameworkId: z.string(), version: z.number().int(), sha256: z.string(), created: z.boolean(), job: jobSchema.nullable() });

const specVersionSchema = z.object({ frameworkId: z.string(), version: z.number().int(), sha256: z.string(), createdAt: z.string(), spec: z.record(z.string(), z.unknown()).optional() });

export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function parseSpecBody(body: unknown): unknown {
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const text = body.toString();
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new SoftPowerError(doc.errors.map((e) => problem('SPEC_INVALID', `specification: ${e.message.split('\n')[0]}`, { row: e.linePos?.[0]?.line, hint: 'Fix the YAML/JSON syntax at that line.' })));
    }
    return doc.toJS();
  }
  return body;
}

export function frameworkRoutes(app: ZodApp, { store, jobs }: AppContext): void {
  app.get('/api/frameworks', {
    schema: { tags: ['frameworks'], summary: 'Frameworks (indices) with their latest specification version and build', querystring: z.object({ ...listQuery }), response: { 200: listSchema(frameworkSchema), ...errorResponses } },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const rows = await store.rows<{ id: string; name: Record<string, string> | null; origin: string; latest_version: number; latest_build_id: string | null; created_at: Date }>(sql`
        select f.id, f.name, f.origin, f.created_at,
          (select max(version) from index_specs s where s.framework_id = f.id)::int as latest_version,
          (select id from builds b where b.framework_id = f.id and b.status = 'succeeded' order by finished_at desc, id limit 1) as latest_build_id
        from frameworks f order by f.id limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from frameworks`);
      const items = rows.map((r) => ({ id: r.id, name: r.name, origin: r.origin, latestVersion: r.latest_version, latestBuildId: r.latest_build_id, createdAt: iso(r.created_at) }));
      return sendList(reply, q.format, 'frameworks', { items, total, limit, offset: q.offset });
    },
  });

  app.get('/api/frameworks/:id', {
    schema: { tags: ['frameworks'], summary: 'A framework and its latest specification', params: z.object({ id: z.string() }), response: { 200: frameworkSchema.extend({ spec: z.record(z.string(), z.unknown()) }), ...errorResponses } },
    handler: async (request) => {
      const [row] = await store.rows<{ id: string; name: Record<string, string> | null; origin: string; created_at: Date }>(sql`select id, name, origin, created_at from frameworks where id = ${request.params.id}`);
      if (!row) throw ApiError.notFound(`framework "${request.params.id}" does not exist`);
      const spec = await getSpec(store, row.id);
      const [build] = await store.rows<{ id: string }>(sql`select id from builds where framework_id = ${row.id} and status = 'succeeded' order by finished_at desc, id limit 1`);
      return { id: row.id, name: row.name, origin: row.origin, latestVersion: spec.version, latestBuildId: build?.id ?? null, createdAt: iso(row.created_at), spec: spec.spec as unknown as Record<string, unknown> };
    },
  });

  app.get('/api/frameworks/:id/specs', {
    schema: { tags: ['frameworks'], summary: 'Every specification version of a framework', params: z.object({ id: z.string() }), querystring: z.object({ ...listQuery }), response: { 200: listSchema(specVersionSchema), ...errorResponses } },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const rows = await store.rows<{ version: number; sha256: string; created_at: Date }>(sql`select version, sha256, created_at from index_specs where framework_id = ${request.params.id} order by version desc limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from index_specs where framework_id = ${request.params.id}`);
      if (total === 0) throw ApiError.notFound(`framework "${request.params.id}" does not exist`);
      const items = rows.map((r) => ({ frameworkId: request.params.id, version: r.version, sha256: r.sha256, createdAt: iso(r.created_at) }));
      return sendList(reply, q.format, `${request.params.id}_specs`, { items, total, limit, offset: q.offset });
    },
  });

  app.get('/api/frameworks/:id/specs/:version', {
    schema: { tags: ['frameworks'], summary: 'One specification version', params: z.object({ id: z.string(), version: z.coerce.number().int().min(1) }), response: { 200: z.record(z.string(), z.unknown()), ...errorResponses } },
    handler: async (request) => (await getSpec(store, request.params.id, request.params.version)).spec as unknown as Record<string, unknown>,
  });

  app.post('/api/frameworks', {
    schema: {
      tags: ['frameworks'],
      summary: 'Upload a specification (JSON or YAML); a changed one becomes a new version, the same one changes nothing',
      description: 'The framework id is the specification\'s `id`. Data names in /data must be uploaded data sets (PUT /api/datasets/{name}) or "indicator_values". With ?build=true a build job is queued.',
      querystring: z.object({ build: z.enum(['true', 'false']).default('false') }),
      response: { 200: savedSpecSchema, 201: savedSpecSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      if (request.body == null) throw new ApiError('REQUEST_INVALID', 'frameworks: the request has no body; send the specification as JSON or YAML');
      const saved = await saveSpec(store, parseSpecBody(request.body), 'uploaded', 'specification');
      const job = request.query.build === 'true' ? jobs.submit('build', { framework: saved.frameworkId, version: saved.version }, (ctx) => runBuild(store, saved.frameworkId, { version: saved.version, progress: ctx.progress, signal: ctx.signal })) : null;
      return reply.code(saved.created ? 201 : 200).send({ ...saved, job: job && jobView(job) });
    },
  });

  app.delete('/api/frameworks/:id', {
    schema: { tags: ['frameworks'], summary: 'Delete a framework with its specifications, builds, results and sensitivity runs', params: z.object({ id: z.string() }), response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      const id = request.params.id;
      const busy = jobs.list().some((j) => (j.status === 'queued' || j.status === 'running') && j.params.framework === id);
      if (busy) throw new ApiError('CONFLICT', `framework "${id}" has a queued or running job; cancel it (DELETE /api/jobs/{id}) or wait for it`);
      const exists = await store.rows(sql`select 1 from frameworks where id = ${id}`);
      if (exists.length === 0) throw ApiError.notFound(`framework "${id}" does not exist`);
      await store.db.transaction(async (tx) => {
        await tx.execute(sql`delete from sensitivity_results where run_id in (select id from sensitivity_runs where framework_id = ${id})`);
        await tx.execute(sql`delete from sensitivity_runs where framework_id = ${id}`);
        await tx.execute(sql`delete from results where build_id in (select id from builds where framework_id = ${id})`);
        await tx.execute(sql`delete from build_tables where build_id in (select id from builds where framework_id = ${id})`);
        await tx.execute(sql`delete from builds where framework_id = ${id}`);
        await tx.execute(sql`delete from index_specs where framework_id = ${id}`);
        await tx.execute(sql`delete from frameworks where id = ${id}`);
      });
      store.changed();
      return reply.code(204).send(null);
    },
  });

  app.get('/api/frameworks/:id/results', {
    schema: {
      tags: ['results'],
      summary: 'Rankings of the latest successful build of a framework: scores, ranks and rank intervals by year, level and country',
      params: z.object({ id: z.string() }),
      querystring: resultsQuerySchema,
      response: { 200: resultsResponseSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const buildId = await requireLatestBuild(store, request.params.id);
      return sendResults(reply, buildId, request.query, `${request.params.id}_results`);
    },
  });

  app.get('/api/frameworks/:id/audit', {
    schema: {
      tags: ['results'],
      summary: 'Audit of the latest build: warnings, inputs with checksums, and the audit tables (imputed cells, screening, treatment, weights)',
      params: z.object({ id: z.string() }),
      response: {
        200: z.object({
          buildId: z.string(),
          specVersion: z.number().int(),
          inputs: z.array(z.object({ path: z.string(), sha256: z.string() })),
          warnings: z.array(z.unknown()),
          tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()), rows: z.number().int(), url: z.string() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const buildId = await requireLatestBuild(store, request.params.id);
      const [build] = await store.rows<{ spec_version: number; inputs: { path: string; sha256: string }[]; warnings: unknown[] }>(sql`select spec_version, inputs, warnings from builds where id = ${buildId}`);
      const tables = await store.rows<{ name: string; columns: string[]; rows: number }>(sql`select name, columns, jsonb_array_length(rows)::int as rows from build_tables where build_id = ${buildId} order by name`);
      return { buildId, specVersion: build.spec_version, inputs: build.inputs, warnings: build.warnings, tables: tables.map((t) => ({ ...t, url: `/api/builds/${buildId}/tables/${t.name}` })) };
    },
  });

  async function sendResults(reply: Parameters<typeof sendList>[0], buildId: string, q: z.infer<typeof resultsQuerySchema>, name: string): Promise<z.infer<typeof resultsResponseSchema>> {
    const limit = pageLimit(q.limit, q.format);
    const page = await queryResults(store, {
      buildId,
      code: q.code,
      level: q.level,
      year: typeof q.year === 'number' ? q.year : undefined,
      allYears: q.year === 'all',
      countries: q.country?.map((c) => c.toUpperCase()),
      sort: q.sort,
      limit,
      offset: q.offset,
    });
    if (q.format === 'json') return { buildId, code: page.code, year: page.year, items: page.items, total: page.total, limit, offset: q.offset };
    const items = page.items.map(({ rankInterval, ...r }) => ({ ...r, rankLow: rankInterval?.low ?? null, rankHigh: rankInterval?.high ?? null, rankMedian: rankInterval?.median ?? null }));
    await sendList(reply, q.format, name, { items, total: page.total, limit, offset: q.offset }, ['unit', 'unitName', 'year', 'code', 'level', 'score', 'rank', 'rankLow', 'rankHigh', 'rankMedian']);
    return reply as unknown as z.infer<typeof resultsResponseSchema>;
  }

  app.get('/api/builds/:id/results', {
    schema: { tags: ['results'], summary: 'Scores, ranks and rank intervals of one build', params: z.object({ id: z.string() }), querystring: resultsQuerySchema, response: { 200: resultsResponseSchema, ...errorResponses } },
    handler: async (request, reply) => sendResults(reply, request.params.id, request.query, `build_${request.params.id}_results`),
  });

  app.get('/api/builds/:id/tables/:name', {
    schema: {
      tags: ['results'],
      summary: 'One table of a build (weights, strengths_weaknesses, dataset_*, imputed_*, screening_*, treatment_*…)',
      params: z.object({ id: z.string(), name: z.string() }),
      querystring: z.object({ ...listQuery }),
      response: { 200: listSchema(z.record(z.string(), z.unknown())), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const [table] = await store.rows<{ columns: string[]; rows: unknown[][] }>(sql`select columns, rows from build_tables where build_id = ${request.params.id} and name = ${request.params.name}`);
      if (!table) throw ApiError.notFound(`build "${request.params.id}" has no table "${request.params.name}"`);
      const items = rowsToObjects(table.columns, table.rows.slice(q.offset, q.offset + limit));
      return sendList(reply, q.format, request.params.name, { items, total: table.rows.length, limit, offset: q.offset }, table.columns);
    },
  });
}
