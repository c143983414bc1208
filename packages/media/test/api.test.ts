import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cellArticles, defaultAnalyser, indicatorCsv, MediaApiError, mediaIndicators, mediaRoutes, migrateMediaPipeline, queryEventsLens, queryRollups, type Queryable } from '../src/index.js';
import { expectClose } from './analysis-support.js';

const eventsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20191024143000.export.CSV', import.meta.url));
const token = 'secret-token';

let db: PGlite & Queryable;
let app: FastifyInstance;

const rows = [
  { url: 'https://nation.africa/kenya/news/1', title: 'Rail link opens', text: 'China and Kenya praised the Belt and Road Initiative, a great and wonderful success.', date: '2024-03-05T08:00:00Z', language: 'en' },
  { url: 'https://nation.africa/kenya/news/2', title: 'Floods', text: 'Floods destroyed homes; a terrible disaster, officials said.', date: '2024-03-06T08:00:00Z', language: 'en' },
  { url: 'https://www.kbc.co.ke/news/3', title: 'Investors', text: 'Chinese investors support win-win cooperation and friendship with Kenya.', date: '2024-04-20T10:00:00Z', language: 'en' },
  { url: 'https://blog.example.org/4', title: 'Elsewhere', text: 'A blog about China.', date: '2024-04-21T10:00:00Z', language: 'en' },
];
const jsonl = rows.map((r) => JSON.stringify(r)).join('\n');
const auth = { authorization: `Bearer ${token}` };

async function requireToken(request: FastifyRequest): Promise<void> {
  if (request.headers.authorization !== `Bearer ${token}`) throw new MediaApiError('UNAUTHORISED', 'writes need a bearer token: send "Authorization: Bearer <token>"');
}

async function seed(): Promise<void> {
  const sources = await app.inject({
    method: 'POST',
    url: '/api/media/sources',
    headers: auth,
    payload: [
      { domain: 'nation.africa', country: 'KEN', language: 'eng', communicatorType: 'commercial_media', name: 'Daily Nation' },
      { domain: 'https://www.kbc.co.ke/', country: 'ken', communicatorType: 'public_broadcaster' },
    ],
  });
  expect(sources.statusCode).toBe(201);
  const ingest = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=kenya.jsonl', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: jsonl });
  expect(ingest.statusCode, ingest.body).toBe(200);
}

beforeAll(async () => {
  db = new PGlite();
  await migrateMediaPipeline(db);
  app = Fastify();
  await app.register(mediaRoutes, { db, requireToken });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app.close();
});

beforeEach(async () => {
  await db.query('TRUNCATE media_articles, media_article_themes, media_article_analysis, media_rollups, media_sources, media_unknown_domains, media_events, media_event_lens CASCADE');
});

describe('media API (Fastify inject, in-memory PGlite)', () => {
  it('POST /api/media/sources needs the token and validates every source', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/api/media/sources', payload: { domain: 'nation.africa', country: 'KEN', communicatorType: 'commercial_media' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORISED' } });
    const bad = await app.inject({ method: 'POST', url: '/api/media/sources', headers: auth, payload: { domain: 'nation.africa', country: 'KENYA', communicatorType: 'tabloid' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_INVALID');
    expect(bad.json().error.details.map((d: { where: string }) => d.where).sort()).toEqual(['body/0/communicatorType', 'body/0/country']);
    await seed();
    const listed = await app.inject({ method: 'GET', url: '/api/media/sources' });
    const items = listed.json().items as { domain: string; countryIso3: string; origin: string }[];
    expect(items.find((e) => e.domain === 'kbc.co.ke')).toMatchObject({ countryIso3: 'KEN', origin: 'api' });
  });

  it('POST /api/media/ingest stores an archive; GET /api/media/rollups answers with the figures of queryRollups, as JSON and CSV', async () => {
    await seed();
    const response = await app.inject({ method: 'GET', url: '/api/media/rollups?country=KEN&from=2024-01-01&to=2024-12-31&by=month' });
    expect(response.statusCode).toBe(200);
    const expected = await queryRollups(db, { countries: ['KEN'], from: '2024-01-01', to: '2024-12-31', by: 'month', limit: 100, offset: 0 });
    expect(response.json()).toEqual({ items: JSON.parse(JSON.stringify(expected.rows)), total: expected.total, limit: 100, offset: 0 });
    expect(expected.rows.map((r) => [r.period, r.articles, r.homeArticles])).toEqual([
      ['2024-03', 2, 1],
      ['2024-04', 1, 1],
    ]);
    const csv = await app.inject({ method: 'GET', url: '/api/media/rollups?country=KEN&by=year&type=commercial_media,public_broadcaster&format=csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n').slice(1, 3)).toEqual([expect.stringMatching(/^KEN,2024,2024-01-01,,commercial_media,2,1,2,0\.5,/), expect.stringMatching(/^KEN,2024,2024-01-01,,public_broadcaster,1,1,1,1,/)]);
    const page = await app.inject({ method: 'GET', url: '/api/media/rollups?by=month&limit=1&offset=1' });
    expect(page.json()).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ period: '2024-04' }] });
    const invalid = await app.inject({ method: 'GET', url: '/api/media/rollups?by=fortnight&country=Kenya' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('REQUEST_INVALID');
  });

  it('GET /api/media/rollups?by=range sums the days from `from` to `to` into one period, and /api/media/articles takes its label', async () => {
    await seed();
    // KEN from 6 March to 20 April 2024: Floods (not on China) and Investors (on China); Rail link opens (5 March) is the day before
    const url = '/api/media/rollups?country=KEN&by=range&from=2024-03-06&to=2024-04-20';
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    const expected = await queryRollups(db, { countries: ['KEN'], by: 'range', from: '2024-03-06', to: '2024-04-20', limit: 100, offset: 0 });
    expect(response.json()).toEqual({ items: JSON.parse(JSON.stringify(expected.rows)), total: 1, limit: 100, offset: 0 });
    const [cell] = expected.rows;
    expect(cell).toMatchObject({ country: 'KEN', period: '2024-03-06..2024-04-20', periodStart: '2024-03-06', theme: null, communicatorType: 'all', articles: 2, homeArticles: 1, attention: 0.5 });
    const analyser = defaultAnalyser();
    const tone = (i: number): number => {
      const t = analyser.analyse({ text: rows[i].text, title: rows[i].title, language: 'en' }).tone;
      if (!t.available) throw new Error(`expected a tone for row ${i}`);
      return t.tone;
    };
    expectClose(cell.toneMean as number, tone(2), 1e-9, 'tone of Investors');
    expectClose(cell.baselineTone as number, (tone(1) + tone(2)) / 2, 1e-9, 'baseline of Floods and Investors');
    expectClose(cell.toneDifference as number, tone(2) - (tone(1) + tone(2)) / 2, 1e-9, 'tone difference');
    const csv = await app.inject({ method: 'GET', url: `${url}&format=csv` });
    expect(csv.body.split('\n')[1]).toMatch(/^KEN,2024-03-06\.\.2024-04-20,2024-03-06,,all,2,1,2,0\.5,/);

    const articles = await app.inject({ method: 'GET', url: `/api/media/articles?country=KEN&period=${cell.period}&homeOnly=false` });
    expect(articles.statusCode, articles.body).toBe(200);
    expect(articles.json()).toMatchObject({ total: cell.articles, items: [{ title: 'Investors' }, { title: 'Floods' }] });

    const empty = await app.inject({ method: 'GET', url: '/api/media/rollups?by=range&from=2023-01-01&to=2023-12-31' });
    expect(empty.json()).toEqual({ items: [], total: 0, limit: 100, offset: 0 });
  });

  it('GET /api/media/rollups?by=range without from or to answers 400 REQUEST_INVALID naming the parameter', async () => {
    for (const [query, missing] of [
      ['by=range&to=2024-04-30', ['querystring/from']],
      ['by=range&from=2024-03-01', ['querystring/to']],
      ['by=range', ['querystring/from', 'querystring/to']],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/media/rollups?${query}` });
      expect(response.statusCode, query).toBe(400);
      const { error } = response.json() as { error: { code: string; message: string; details: { where: string; message: string }[] } };
      expect(error.code, query).toBe('REQUEST_INVALID');
      expect(error.details.map((d) => d.where), query).toEqual(missing);
      for (const where of missing) expect(error.message, query).toContain(`${where}: by=range needs ${where.split('/')[1]}`);
    }
    const reversed = await app.inject({ method: 'GET', url: '/api/media/rollups?by=range&from=2024-04-30&to=2024-03-01' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({ code: 'REQUEST_INVALID', message: expect.stringMatching(/ends \(to 2024-03-01\) before it starts \(from 2024-04-30\)/) });
    const notADay = await app.inject({ method: 'GET', url: '/api/media/rollups?by=range&from=2023-02-29&to=2024-03-01' });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().error.message).toMatch(/"from" is "2023-02-29"/);
  });

  it('GET /api/media/articles lists the articles behind a cell; unknown domains wait in /api/media/sources/unknown', async () => {
    await seed();
    const response = await app.inject({ method: 'GET', url: '/api/media/articles?country=KEN&period=2024-03&theme=belt_and_road' });
    const expected = await cellArticles(db, { country: 'KEN', period: '2024-03', theme: 'belt_and_road' });
    expect(response.json()).toEqual({ items: expected.articles, total: 1, limit: 100, offset: 0 });
    expect(expected.articles[0]).toMatchObject({ title: 'Rail link opens', source: 'nation.africa', url: 'https://nation.africa/kenya/news/1' });
    const badPeriod = await app.inject({ method: 'GET', url: '/api/media/articles?country=KEN&period=March' });
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.message).toMatch(/period "March"/);
    const unknown = await app.inject({ method: 'GET', url: '/api/media/sources/unknown' });
    expect(unknown.json()).toEqual({ items: [{ domain: 'blog.example.org', articles: 1, examples: ['https://blog.example.org/4'] }], total: 1 });
  });

  it('POST /api/media/ingest rejects malformed input with 422, naming line and value, and writes nothing', async () => {
    const broken = `${jsonl}\n{"url": "https://nation.africa/5", "date": "someday", "text": "x"}\n{"url": "https://nation.africa/6"`;
    const response = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=upload.jsonl', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: broken });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('MEDIA_ARTICLE_INVALID');
    expect(body.error.details).toEqual([
      expect.objectContaining({ code: 'MEDIA_ARTICLE_INVALID', file: 'upload.jsonl', line: 5, column: 'date', value: 'someday' }),
      expect.objectContaining({ code: 'MEDIA_ARCHIVE_ROW', file: 'upload.jsonl', line: 6 }),
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM media_articles')).rows).toEqual([{ n: 0 }]);
    const zip = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=20191024143000.export.CSV.zip', headers: { ...auth, 'content-type': 'application/zip' }, payload: Buffer.from('PK\u0003\u0004 not really a zip') });
    expect(zip.statusCode).toBe(422);
    expect(zip.json().error.code).toBe('MEDIA_ZIP_BROKEN');
    const unnamed = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=notes.docx', headers: { ...auth, 'content-type': 'application/octet-stream' }, payload: Buffer.from('x') });
    expect(unnamed.statusCode).toBe(400);
    const anonymous = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=a.jsonl', headers: { 'content-type': 'application/x-ndjson' }, payload: jsonl });
    expect(anonymous.statusCode).toBe(401);
  });

  it('POST /api/media/ingest takes uploads up to uploadLimit even in a content type the host server parses with a smaller bodyLimit', async () => {
    const upload = readFileSync(eventsPath);
    // a host like packages/server: its own text/plain parser, a body limit below the upload
    const host = Fastify({ bodyLimit: 64 * 1024 });
    host.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    await host.register(mediaRoutes, { db, requireToken, uploadLimit: upload.length + 1024 });
    await host.ready();
    try {
      expect(upload.length).toBeGreaterThan(64 * 1024);
      const response = await host.inject({ method: 'POST', url: '/api/media/ingest?filename=20191024143000.export.CSV', headers: { ...auth, 'content-type': 'text/plain' }, payload: upload });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ kind: 'events', rejected: 0, skipped: false });
      // above uploadLimit: refused whatever parser reads it
      const tooLarge = Buffer.concat([upload, Buffer.alloc(2048, 10)]);
      const refused = await host.inject({ method: 'POST', url: '/api/media/ingest?filename=20191024143000.export.CSV', headers: { ...auth, 'content-type': 'text/plain' }, payload: tooLarge });
      expect(refused.statusCode, refused.body).toBe(413);
      expect(refused.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await host.close();
    }
  });

  it('a GDELT Events upload fills /api/media/events-lens; /api/media/indicators gives the long format', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=20191024143000.export.CSV', headers: { ...auth, 'content-type': 'text/plain' }, payload: readFileSync(eventsPath) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ kind: 'events', rejected: 0 });
    const lens = await app.inject({ method: 'GET', url: '/api/media/events-lens?home=CHN&byMonth=false' });
    expect(lens.json().items).toEqual(JSON.parse(JSON.stringify(await queryEventsLens(db, { home: 'CHN', byMonth: false }))));
    expect(lens.json().total).toBeGreaterThan(0);
    await seed();
    const csv = await app.inject({ method: 'GET', url: '/api/media/indicators?yearFrom=2024&yearTo=2024&format=csv' });
    expect(csv.body).toBe(indicatorCsv(await mediaIndicators(db, { yearFrom: 2024, yearTo: 2024 })));
    expect(csv.body).toMatch(/^KEN,media_attention_chn,2024,66\.66666667,/m);
  });

  it('every list downloads as CSV and XLSX with the columns and rows of its JSON', async () => {
    await seed();
    const xlsx = await app.inject({ method: 'GET', url: '/api/media/rollups?country=KEN&by=year&type=commercial_media,public_broadcaster&format=xlsx' });
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="media-rollups.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'country', 'period', 'period_start', 'theme', 'communicator_type', 'articles', 'home_articles', 'type_articles', 'attention', 'theme_share', 'tone_mean', 'baseline_tone', 'tone_difference', 'mentions']);
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 10)).toEqual(['KEN', '2024', '2024-01-01', undefined, 'commercial_media', 2, 1, 2, 0.5]);

    const articles = await app.inject({ method: 'GET', url: '/api/media/articles?country=KEN&period=2024-03&format=csv' });
    expect(articles.headers['x-total-count']).toBe('2');
    const lines = articles.body.trimEnd().split('\n');
    expect(lines[0]).toBe('published_at,title,url,source,language,communicator_type,mentions_home,tone,tone_origin,themes,syndication_of');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 4))).toEqual([
      ['Floods', 'https://nation.africa/kenya/news/2', 'nation.africa'],
      ['Rail link opens', 'https://nation.africa/kenya/news/1', 'nation.africa'],
    ]);

    const unknown = await app.inject({ method: 'GET', url: '/api/media/sources/unknown?format=csv' });
    expect(unknown.body).toBe('domain,articles,examples\nblog.example.org,1,https://blog.example.org/4\n');

    const events = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=20191024143000.export.CSV', headers: { ...auth, 'content-type': 'text/plain' }, payload: readFileSync(eventsPath) });
    expect(events.statusCode).toBe(200);
    const lens = (await app.inject({ method: 'GET', url: '/api/media/events-lens?byMonth=false' })).json().items as { partner: string; events: number; goldsteinMean: number }[];
    const lensCsv = await app.inject({ method: 'GET', url: '/api/media/events-lens?byMonth=false&format=csv' });
    const lensLines = lensCsv.body.trimEnd().split('\n');
    expect(lensLines[0]).toBe('home,partner,period,events,mentions,goldstein_mean,tone_mean,verbal_cooperation,material_cooperation,verbal_conflict,material_conflict,cooperation,conflict');
    expect(lensLines.length - 1).toBe(lens.length);
    const gbr = lensLines.find((l) => l.startsWith('CHN,GBR,'))!.split(',');
    expect([Number(gbr[3]), Number(gbr[5])]).toEqual([lens.find((r) => r.partner === 'GBR')!.events, lens.find((r) => r.partner === 'GBR')!.goldsteinMean]);
  });
});
