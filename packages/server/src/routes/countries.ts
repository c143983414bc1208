import { z } from 'zod';
import { ApiError } from '../errors.js';
import { countryProfile, profileSchema } from '../store/profile.js';
import { importCountries } from '../store/imports.js';
import { sql } from '../store/store.js';
import { bodyBytes, csvList, errorResponses, listQuery, listSchema, pageLimit, sendList, type AppContext, type ZodApp } from './common.js';
import { importOutcomeSchema } from './indicators.js';

export const countrySchema = z.object({
  iso3: z.string(),
  iso2: z.string().nullable(),
  m49: z.string().nullable(),
  nameEn: z.string(),
  nameZh: z.string().nullable(),
  unRegion: z.string().nullable(),
  unSubregion: z.string().nullable(),
  wbRegion: z.string().nullable(),
  wbIncomeGroup: z.string().nullable(),
  isIndependent: z.boolean(),
  briPartner: z.boolean(),
  attributes: z.record(z.string(), z.string().nullable()),
});

const countryColumns = sql`iso3, iso2, m49, name_en as "nameEn", name_zh as "nameZh", un_region as "unRegion", un_subregion as "unSubregion", wb_region as "wbRegion", wb_income_group as "wbIncomeGroup", is_independent as "isIndependent", bri_partner as "briPartner", attributes`;

export function countryRoutes(app: ZodApp, { store }: AppContext): void {
  app.get('/api/countries', {
    schema: {
      tags: ['countries'],
      summary: 'Countries and territories, filterable by region, income group and name',
      querystring: z.object({
        q: z.string().optional().describe('Part of the English or Chinese name, or the ISO3 code.'),
        region: z.string().optional().describe('UN region, e.g. Asia.'),
        subregion: z.string().optional(),
        wbRegion: z.string().optional(),
        income: z.string().optional().describe('World Bank income group, e.g. "High income".'),
        independent: z.enum(['true', 'false']).optional(),
        bri: z.enum(['true', 'false']).optional().describe('Belt and Road partner.'),
        iso3: csvList.describe('Comma-separated ISO3 codes.'),
        ...listQuery,
      }),
      response: { 200: listSchema(countrySchema), ...errorResponses },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const limit = pageLimit(q.limit, q.format);
      const where = sql.join(
        [
          sql`true`,
          q.q ? sql`and (name_en ilike ${'%' + q.q + '%'} or name_zh like ${'%' + q.q + '%'} or iso3 = ${q.q.toUpperCase()})` : sql``,
          q.region ? sql`and un_region = ${q.region}` : sql``,
          q.subregion ? sql`and un_subregion = ${q.subregion}` : sql``,
          q.wbRegion ? sql`and wb_region = ${q.wbRegion}` : sql``,
          q.income ? sql`and wb_income_group = ${q.income}` : sql``,
          q.independent ? sql`and is_independent = ${q.independent === 'true'}` : sql``,
          q.bri ? sql`and bri_partner = ${q.bri === 'true'}` : sql``,
          q.iso3?.length ? sql`and iso3 in (select jsonb_array_elements_text(${JSON.stringify(q.iso3.map((c) => c.toUpperCase()))}::jsonb))` : sql``,
        ],
        sql` `,
      );
      const items = await store.rows<z.infer<typeof countrySchema>>(sql`select ${countryColumns} from countries where ${where} order by iso3 limit ${limit} offset ${q.offset}`);
      const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from countries where ${where}`);
      return sendList(reply, q.format, 'countries', { items, total, limit, offset: q.offset });
    },
  });

  app.get('/api/countries/:iso3', {
    schema: { tags: ['countries'], summary: 'One country', params: z.object({ iso3: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 3166 alpha-3 code') }), response: { 200: countrySchema, ...errorResponses } },
    handler: async (request) => {
      const iso3 = request.params.iso3.toUpperCase();
      const [row] = await store.rows<z.infer<typeof countrySchema>>(sql`select ${countryColumns} from countries where iso3 = ${iso3}`);
      if (!row) throw ApiError.notFound(`country "${iso3}" is not in the store`);
      return row;
    },
  });

  app.get('/api/countries/:iso3/profile', {
    schema: {
      tags: ['countries'],
      summary: "A country's profile in one framework: index score and rank, pillars, strengths, weaknesses and trend",
      params: z.object({ iso3: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 3166 alpha-3 code') }),
      querystring: z.object({ framework: z.string().min(1).describe('Framework id.'), year: z.coerce.number().int().optional().describe('Default: the latest year with a score.') }),
      response: { 200: profileSchema, ...errorResponses },
    },
    handler: async (request) => countryProfile(store, request.params.iso3.toUpperCase(), request.query.framework, request.query.year),
  });

  app.post('/api/countries', {
    schema: {
      tags: ['countries'],
      summary: 'Import a countries table (CSV or XLSX shaped like data/derived/countries.csv); the same file twice changes nothing',
      querystring: z.object({ name: z.string().min(1).default('countries.csv') }),
      response: { 200: importOutcomeSchema, 201: importOutcomeSchema, ...errorResponses },
    },
    handler: async (request, reply) => {
      const bytes = bodyBytes(request.body);
      if (!bytes) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'countries: send the file as the request body with content type text/csv or the XLSX type');
      const outcome = await importCountries(store, bytes, request.query.name);
      return reply.code(outcome.changed ? 201 : 200).send(outcome);
    },
  });
}
