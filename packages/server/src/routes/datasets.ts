import { z } from 'zod';
import { ApiError } from '../errors.js';
import { checkDatasetName, putDataset } from '../store/datasets.js';
import { sql } from '../store/store.js';
import { bodyBytes, errorResponses, listQuery, listSchema, pageLimit, sendList, type AppContext, type ZodApp } from './common.js';
import { iso } from './frameworks.js';

const datasetSchema = z.object({ name: z.string(), sha256: z.string(), format: z.string(), size: z.number().int(), rows: z.number().int(), columns: z.array(z.string()), uploadedAt: z.string() });
const putResponse = z.object({ name: z.string(), sha256: z.string(), format: z.string(), size: z.number().int(), rows: z.number().int(), columns: z.array(z.string()), changed: z.boolean() });

const importSchema = z.object({ id: z.number().int(), kind: z.string(), name: z.string(), sha256: z.string(), rows: z.number().int(), importedAt: z.string() });

export function datasetRoutes(app: ZodApp, { store }: AppContext): void {
  app.get('/api/imports', {
    schema: {
      tags: ['datasets'],
      summary: 'The import log, newest first: every file imported, with its SHA-256 (the same bytes again are skipped)',
      querystring: z.object({ kind: z.string().optional(), ...listQuery }),
      response: { 200: listSchema(importSchema), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = q.kind ? sql`kind = ${q.kind}` : sql`true`;
      const rows = await store.rows<{ id: number; kind: string; name: string; sha256: string; rows: number; imported_at: Date }>(
        sql`select id::int as id, kind, name, sha256, rows, imported_at from imports where ${where} order by id desc limit ${limit} offset ${q.offset}`,
      );
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from imports where ${where}`);
      const items = rows.map(({ imported_at, ...r }) => ({ ...r, importedAt: iso(imported_at) }));
      return sendList(reply, q.format, 'imports', { items, total, limit, offset: q.offset });
    },
  });

  app.get('/api/datasets', {
    schema: { tags: ['datasets'], summary: 'Uploaded data files that specifications name in /data', querystring: z.object({ ...listQuery }), response: { 200: listSchema(datasetSchema), ...errorResponses } },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const rows = await store.rows<{ name: string; sha256: string; format: string; size: number; rows: number; columns: string[]; uploaded_at: Date }>(
        sql`select name, sha256, format, size, rows, columns, uploaded_at from datasets order by name limit ${limit} offset ${q.offset}`,
      );
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from datasets`);
      const items = rows.map(({ uploaded_at, ...r }) => ({ ...r, uploadedAt: iso(uploaded_at) }));
      return sendList(reply, q.format, 'datasets', { items, total, limit, offset: q.offset });
    },
  });

  app.get('/api/datasets/:name/file', {
    schema: { tags: ['datasets'], summary: 'The uploaded file itself, byte for byte', params: z.object({ name: z.string() }) },
    handler: async (request, reply) => {
      const [row] = await store.rows<{ bytes: Buffer | Uint8Array; format: string }>(sql`select bytes, format from datasets where name = ${request.params.name}`);
      if (!row) throw ApiError.notFound(`data set "${request.params.name}" does not exist`);
      const type = row.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
      return reply.header('content-type', type).header('content-disposition', `attachment; filename="${request.params.name}"`).send(Buffer.from(row.bytes));
    },
  });

  app.put('/api/datasets/:name', {
    schema: {
      tags: ['datasets'],
      summary: 'Upload a data file (CSV, XLSX or a COINr iData/iMeta table) under a name; it must parse, and replaces an earlier file of that name',
      params: z.object({ name: z.string() }),
      response: { 200: putResponse, 201: putResponse, ...errorResponses },
    },
    handler: async (request, reply) => {
      checkDatasetName(request.params.name);
      const bytes = bodyBytes(request.body);
      if (!bytes) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `datasets: send the file as the request body with content type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`);
      const info = await putDataset(store, request.params.name, bytes);
      return reply.code(info.changed ? 201 : 200).send(info);
    },
  });

  app.delete('/api/datasets/:name', {
    schema: { tags: ['datasets'], summary: 'Delete a data set that no stored specification names', params: z.object({ name: z.string() }), response: { 204: z.null(), ...errorResponses } },
    handler: async (request, reply) => {
      const name = request.params.name;
      const users = await store.rows<{ framework_id: string; version: number }>(sql`
        select framework_id, version from index_specs
        where spec->'data'->>'iData' = ${name} or spec->'data'->>'iMeta' = ${name} or spec->'data'->>'file' = ${name} or spec->'data'->>'units' = ${name}
          or (jsonb_typeof(spec->'data'->'file') = 'array' and spec->'data'->'file' ? ${name})`);
      if (users.length > 0) throw new ApiError('CONFLICT', `data set "${name}" is named by ${users.map((u) => `${u.framework_id} v${u.version}`).join(', ')}; delete those frameworks first`, users);
      const deleted = await store.rows(sql`delete from datasets where name = ${name} returning name`);
      if (deleted.length === 0) throw ApiError.notFound(`data set "${name}" does not exist`);
      store.changed();
      return reply.code(204).send(null);
    },
  });
}
