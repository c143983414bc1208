import { z } from 'zod';
import { ApiError } from '../errors.js';
import { runSensitivity, sensitivityOptionsSchema } from '../jobs/sensitivity.js';
import { runBuild } from '../store/builds.js';
import { getSpec } from '../store/specs.js';
import { sql } from '../store/store.js';
import { errorResponses, listQuery, listSchema, pageLimit, sendList, type AppContext, type ZodApp } from './common.js';
import { iso } from './frameworks.js';
import { jobSchema, jobView } from './jobs.js';

export const buildSchema = z.object({
  id: z.string(),
  frameworkId: z.string(),
  specVersion: z.number().int(),
  status: z.enum(['succeeded', 'failed']),
  inputs: z.array(z.object({ path: z.string(), sha256: z.string() })).describe('Every input with its SHA-256: the specification version and each data set.'),
  warnings: z.number().int(),
  problems: z.array(z.unknown()).describe('Why a failed build stopped.'),
  startedAt: z.string(),
  finishedAt: z.string(),
});

const sensitivityRunSchema = z.object({
  id: z.string(),
  buildId: z.string(),
  frameworkId: z.string(),
  specVersion: z.number().int(),
  kind: z.enum(['uncertainty', 'sensitivity']),
  options: z.record(z.string(), z.unknown()),
  runs: z.number().int(),
  failedRuns: z.number().int().describe('Runs whose build failed (e.g. a geometric mean meeting a zero); their values are missing.'),
  indices: z.array(z.unknown()).describe('Sensitivity runs: first-order and total Sobol index of each assumption with bootstrap 5 %–95 % intervals.'),
  startedAt: z.string(),
  finishedAt: z.string(),
});

interface BuildRow {
  id: string;
  framework_id: string;
  spec_version: number;
  status: 'succeeded' | 'failed';
  inputs: { path: string; sha256: string }[];
  warnings: number;
  problems: unknown[];
  started_at: Date;
  finished_at: Date;
}

const buildView = (r: BuildRow) => ({ id: r.id, frameworkId: r.framework_id, specVersion: r.spec_version, status: r.status, inputs: r.inputs, warnings: r.warnings, problems: r.problems, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at) });
const buildColumns = sql`id, framework_id, spec_version, status, inputs, jsonb_array_length(warnings)::int as warnings, problems, started_at, finished_at`;

export function buildRoutes(app: ZodApp, { store, jobs, workers }: AppContext): void {
  jobs.define('build', (params) => {
    const framework = String(params.framework);
    const version = typeof params.version === 'number' ? params.version : undefined;
    return (ctx) => runBuild(store, framework, { version, progress: ctx.progress, signal: ctx.signal });
  });
  jobs.define('sensitivity', (params) => {
    const { assumptionsFile: _file, ...rest } = params;
    const options = sensitivityOptionsSchema.parse(rest);
    return (ctx) => runSensitivity(store, options, { progress: ctx.progress, signal: ctx.signal, workers });
  });
  app.get('/api/builds', {
    schema: {
      tags: ['builds'],
      summary: 'Builds, newest first',
      querystring: z.object({ framework: z.string().optional(), status: z.enum(['succeeded', 'failed']).optional(), ...listQuery }),
      response: { 200: listSchema(buildSchema), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = sql.join([sql`true`, q.framework ? sql`and framework_id = ${q.framework}` : sql``, q.status ? sql`and status = ${q.status}` : sql``], sql` `);
      const rows = await store.rows<BuildRow>(sql`select ${buildColumns} from builds where ${where} order by finished_at desc, id limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from builds where ${where}`);
      return sendList(reply, q.format, 'builds', { items: rows.map(buildView), total, limit, offset: q.offset });
    },
  });

  app.get('/api/builds/:id', {
    schema: { tags: ['builds'], summary: 'One build', params: z.object({ id: z.string() }), response: { 200: buildSchema, ...errorResponses } },
    handler: async (request) => {
      const [row] = await store.rows<BuildRow>(sql`select ${buildColumns} from builds where id = ${request.params.id}`);
      if (!row) throw ApiError.notFound(`build "${request.params.id}" does not exist`);
      return buildView(row);
    },
  });

  app.post('/api/builds', {
    schema: {
      tags: ['builds'],
      summary: 'Start a build of a framework as a background job; poll /api/jobs/{id} or stream /api/jobs/{id}/events',
      body: z.object({ framework: z.string().min(1), version: z.number().int().min(1).optional().describe('Specification version; default the latest.') }).strict(),
      response: { 202: jobSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { framework, version } = request.body;
      const spec = await getSpec(store, framework, version);
      const job = jobs.submit('build', { framework, version: spec.version }, (ctx) => runBuild(store, framework, { version: spec.version, progress: ctx.progress, signal: ctx.signal }));
      return reply.code(202).header('location', `/api/jobs/${job.id}`).send(jobView(job));
    },
  });

  app.delete('/api/builds/:id', {
    schema: { tags: ['builds'], summary: 'Delete a build with its results and sensitivity runs', params: z.object({ id: z.string() }), response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      const id = request.params.id;
      const exists = await store.rows(sql`select 1 from builds where id = ${id}`);
      if (exists.length === 0) throw ApiError.notFound(`build "${id}" does not exist`);
      await store.db.transaction(async (tx) => {
        await tx.execute(sql`delete from sensitivity_results where run_id in (select id from sensitivity_runs where build_id = ${id})`);
        await tx.execute(sql`delete from sensitivity_runs where build_id = ${id}`);
        await tx.execute(sql`delete from results where build_id = ${id}`);
        await tx.execute(sql`delete from build_tables where build_id = ${id}`);
        await tx.execute(sql`delete from builds where id = ${id}`);
      });
      store.changed();
      return reply.code(204).send(null);
    },
  });

  app.post('/api/sensitivity', {
    schema: {
      tags: ['sensitivity'],
      summary: 'Start an uncertainty or sensitivity analysis of the latest build of a framework (background job): rank intervals and Sobol indices under the declared assumptions',
      body: sensitivityOptionsSchema,
      response: { 202: jobSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const options = request.body;
      await getSpec(store, options.framework);
      const job = jobs.submit('sensitivity', { ...options }, (ctx) => runSensitivity(store, options, { progress: ctx.progress, signal: ctx.signal, workers }));
      return reply.code(202).header('location', `/api/jobs/${job.id}`).send(jobView(job));
    },
  });

  app.get('/api/sensitivity', {
    schema: { tags: ['sensitivity'], summary: 'Sensitivity runs, newest first', querystring: z.object({ framework: z.string().optional(), ...listQuery }), response: { 200: listSchema(sensitivityRunSchema), ...errorResponses } },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = q.framework ? sql`framework_id = ${q.framework}` : sql`true`;
      const rows = await store.rows<{ id: string; build_id: string; framework_id: string; spec_version: number; kind: 'uncertainty' | 'sensitivity'; options: Record<string, unknown>; runs: number; failed_runs: number; indices: unknown[]; started_at: Date; finished_at: Date }>(
        sql`select * from sensitivity_runs where ${where} order by finished_at desc limit ${limit} offset ${q.offset}`,
      );
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from sensitivity_runs where ${where}`);
      const items = rows.map((r) => ({ id: r.id, buildId: r.build_id, frameworkId: r.framework_id, specVersion: r.spec_version, kind: r.kind, options: r.options, runs: r.runs, failedRuns: r.failed_runs, indices: r.indices, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at) }));
      return sendList(reply, q.format, 'sensitivity_runs', { items, total, limit, offset: q.offset });
    },
  });

  app.delete('/api/sensitivity/:id', {
    schema: { tags: ['sensitivity'], summary: 'Delete a sensitivity run', params: z.object({ id: z.string() }), response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      const exists = await store.rows(sql`select 1 from sensitivity_runs where id = ${request.params.id}`);
      if (exists.length === 0) throw ApiError.notFound(`sensitivity run "${request.params.id}" does not exist`);
      await store.db.transaction(async (tx) => {
        await tx.execute(sql`delete from sensitivity_results where run_id = ${request.params.id}`);
        await tx.execute(sql`delete from sensitivity_runs where id = ${request.params.id}`);
      });
      store.changed();
      return reply.code(204).send(null);
    },
  });
}
