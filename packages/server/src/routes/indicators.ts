import { z } from 'zod';
import { ApiError } from '../errors.js';
import { importIndicatorCatalogue, importIndicatorValues } from '../store/imports.js';
import { sql } from '../store/store.js';
import { bodyBytes, csvList, errorResponses, listQuery, listSchema, pageLimit, sendList, type AppContext, type ZodApp } from './common.js';

export const importOutcomeSchema = z.object({
  kind: z.string(),
  name: z.string(),
  sha256: z.string(),
  changed: z.boolean().describe('False when the same bytes were imported before and nothing was written.'),
  rows: z.number().int(),
  importId: z.number().int(),
});

export const indicatorSchema = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string().nullable(),
  unit: z.string().nullable(),
  source: z.string().nullable(),
  sourceCode: z.string().nullable(),
  licenceStatus: z.string().nullable(),
  defaultTransformation: z.string().nullable(),
  description: z.string().nullable(),
  attributes: z.record(z.string(), z.string().nullable()),
});

export const indicatorValueSchema = z.object({
  country: z.string(),
  indicator: z.string(),
  year: z.number().int(),
  value: z.number().nullable(),
  source: z.string(),
  sourceCode: z.string().nullable(),
  note: z.string().nullable(),
});

const uploadBody = (what: string) => {
  throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `${what}: send the file as the request body with content type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`);
};

export function indicatorRoutes(app: ZodApp, { store }: AppContext): void {
  app.get('/api/indicators', {
    schema: {
      tags: ['indicators'],
      summary: 'Indicator definitions (the catalogue)',
      querystring: z.object({ q: z.string().optional().describe('Part of the code or name.'), source: z.string().optional(), code: csvList, ...listQuery }),
      response: { 200: listSchema(indicatorSchema), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = sql.join(
        [
          sql`true`,
          q.q ? sql`and (code ilike ${'%' + q.q + '%'} or name_en ilike ${'%' + q.q + '%'} or name_zh like ${'%' + q.q + '%'})` : sql``,
          q.source ? sql`and source = ${q.source}` : sql``,
          q.code?.length ? sql`and code in (select jsonb_array_elements_text(${JSON.stringify(q.code)}::jsonb))` : sql``,
        ],
        sql` `,
      );
      const items = await store.rows<z.infer<typeof indicatorSchema>>(sql`
        select code, name_en as "nameEn", name_zh as "nameZh", unit, source, source_code as "sourceCode", licence_status as "licenceStatus",
          default_transformation as "defaultTransformation", description, attributes
        from indicators where ${where} order by code limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from indicators where ${where}`);
      return sendList(reply, q.format, 'indicators', { items, total, limit, offset: q.offset });
    },
  });

  app.post('/api/indicators', {
    schema: {
      tags: ['indicators'],
      summary: 'Import indicator definitions (shaped like data/derived/indicator_catalogue.csv)',
      querystring: z.object({ name: z.string().min(1).default('indicator_catalogue.csv') }),
      response: { 200: importOutcomeSchema, 201: importOutcomeSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const bytes = bodyBytes(request.body) ?? uploadBody('indicators');
      const outcome = await importIndicatorCatalogue(store, bytes, request.query.name);
      return reply.code(outcome.changed ? 201 : 200).send(outcome);
    },
  });

  app.get('/api/indicator-values', {
    schema: {
      tags: ['indicators'],
      summary: 'Indicator values with their sources, filterable by country, indicator, year and source',
      querystring: z.object({
        country: csvList.describe('Comma-separated ISO3 codes.'),
        indicator: csvList.describe('Comma-separated indicator codes.'),
        year: z.coerce.number().int().optional(),
        yearFrom: z.coerce.number().int().optional(),
        yearTo: z.coerce.number().int().optional(),
        source: z.string().optional(),
        ...listQuery,
      }),
      response: { 200: listSchema(indicatorValueSchema), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = sql.join(
        [
          sql`true`,
          q.country?.length ? sql`and country_iso3 in (select jsonb_array_elements_text(${JSON.stringify(q.country.map((c) => c.toUpperCase()))}::jsonb))` : sql``,
          q.indicator?.length ? sql`and indicator_code in (select jsonb_array_elements_text(${JSON.stringify(q.indicator)}::jsonb))` : sql``,
          q.year !== undefined ? sql`and year = ${q.year}` : sql``,
          q.yearFrom !== undefined ? sql`and year >= ${q.yearFrom}` : sql``,
          q.yearTo !== undefined ? sql`and year <= ${q.yearTo}` : sql``,
          q.source ? sql`and source = ${q.source}` : sql``,
        ],
        sql` `,
      );
      const items = await store.rows<z.infer<typeof indicatorValueSchema>>(sql`
        select country_iso3 as country, indicator_code as indicator, year, value, source, source_code as "sourceCode", note
        from indicator_values where ${where} order by country_iso3, indicator_code, year, source limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from indicator_values where ${where}`);
      return sendList(reply, q.format, 'indicator_values', { items, total, limit, offset: q.offset });
    },
  });

  app.post('/api/indicator-values', {
    schema: {
      tags: ['indicators'],
      summary: 'Import a tidy indicator table (country, indicator, year, value, source…): all or nothing, idempotent',
      querystring: z.object({
        name: z.string().min(1).default('upload.csv').describe('File name, used in messages and the import log.'),
        source: z.string().min(1).optional().describe('Source of every row when the file has no source column.'),
      }),
      response: { 200: importOutcomeSchema, 201: importOutcomeSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const bytes = bodyBytes(request.body) ?? uploadBody('indicator-values');
      const outcome = await importIndicatorValues(store, bytes, request.query.name, { source: request.query.source });
      return reply.code(outcome.changed ? 201 : 200).send(outcome);
    },
  });
}
