import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, runUncertainty, strengthsAndWeaknesses, type BuildResult } from '@softpower/engine';
import { loadSpec, readTable, type LoadedSpec } from '@softpower/cli';
import { createApp } from '../src/app.js';
import { serverProblemCatalogue } from '../src/errors.js';
import { JobQueue } from '../src/jobs/queue.js';
import { derivedDataDir, projectRoot } from '../src/paths.js';
import { runBuild } from '../src/store/builds.js';
import { saveBundledSpec } from '../src/store/specs.js';
import type { Store } from '../src/store/store.js';
import { asemSpecPath, backends, csvRows, expectClose, loadReferenceData, readDerived, tableCounts, testToken } from './support.js';

const auth = { authorization: `Bearer ${testToken}` };

/** A framework over the store's indicator values (two indicators, 2005–2024): a panel with a trend. */
const heritageNobelSpec = {
  id: 'heritage-nobel',
  name: { en: 'Heritage and Nobel prizes' },
  data: { format: 'long', file: 'indicator_values', columns: { unit: 'country', indicator: 'indicator', year: 'year', value: 'value', source: 'source' } },
  framework: {
    nodes: [
      { code: 'index', name: { en: 'Heritage and Nobel index' } },
      { code: 'heritage', parent: 'index', name: { en: 'Heritage' } },
      { code: 'science', parent: 'index', name: { en: 'Science' } },
      { code: 'world_heritage_cultural', parent: 'heritage', direction: 1 },
      { code: 'nobel_prizes', parent: 'science', direction: 1 },
    ],
  },
  steps: [
    { id: 'normalise', kind: 'normalise', params: { method: 'min-max', range: [0, 100] } },
    { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean' } },
  ],
};

async function waitForJob(app: FastifyInstance, id: string): Promise<{ status: string; result: Record<string, unknown> | null; error: unknown }> {
  for (;;) {
    const job = (await app.inject({ url: `/api/jobs/${id}` })).json<{ status: string; result: Record<string, unknown> | null; error: unknown }>();
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(backends())('the HTTP API on $name', (backend) => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let asem: LoadedSpec;
  let cli: BuildResult;
  let asemBuildId: string;

  beforeAll(async () => {
    store = await backend.open();
    await loadReferenceData(store);
    await saveBundledSpec(store, asemSpecPath);
    asemBuildId = (await runBuild(store, 'asem-default')).id;
    jobs = new JobQueue();
    app = await createApp({ store, token: testToken, jobs, bodyLimit: 4 * 1024 * 1024 });
    asem = await loadSpec(asemSpecPath);
    cli = buildIndex(asem.spec, asem.data);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.idle();
    await store?.close();
  });

  describe('reads', () => {
    it('GET /api/health names the store', async () => {
      const res = await app.inject('/api/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', store: backend.name });
    });

    it('GET /api/countries filters by region and pages with limit and offset', async () => {
      const table = await readTable(join(derivedDataDir, 'countries.csv'));
      const regionColumn = table.header.indexOf('un_region');
      const asia = table.rows.filter((row) => row[regionColumn] === 'Asia').length;
      const first = (await app.inject('/api/countries?region=Asia&limit=10')).json();
      expect(first.total).toBe(asia);
      expect(first.items).toHaveLength(10);
      const second = (await app.inject('/api/countries?region=Asia&limit=10&offset=10')).json();
      expect(second.items[0].iso3 > first.items[9].iso3).toBe(true);
      const china = (await app.inject('/api/countries?q=china')).json();
      expect(china.items.map((c: { iso3: string }) => c.iso3)).toContain('CHN');
      expect((await app.inject('/api/countries/chn')).json()).toMatchObject({ iso3: 'CHN', nameEn: 'China', nameZh: '中国' });
    });

    it('GET /api/countries/XXX answers 404 NOT_FOUND in the error envelope', async () => {
      const res = await app.inject('/api/countries/XXX');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('"XXX"'), details: [] } });
    });

    it('GET /api/indicators and /api/indicator-values give values with their sources, as in the file', async () => {
      const catalogue = (await app.inject('/api/indicators?code=nobel_prizes')).json();
      expect(catalogue.items[0]).toMatchObject({ code: 'nobel_prizes' });
      const lines = (await readDerived('indicators/nobel.csv')).toString('utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      const chn = lines.filter((l) => l[0] === 'CHN' && l[1] === 'nobel_prizes');
      const res = (await app.inject('/api/indicator-values?country=CHN&indicator=nobel_prizes&limit=1000')).json();
      expect(res.total).toBe(chn.length);
      for (const [i, item] of res.items.entries()) {
        const [, , year, value, source, sourceCode] = chn[i];
        expect(item).toMatchObject({ country: 'CHN', indicator: 'nobel_prizes', year: Number(year), value: Number(value), source, sourceCode });
      }
    });

    it('GET /api/frameworks lists the framework with its latest version and build; its specification is stored', async () => {
      const list = (await app.inject('/api/frameworks')).json();
      expect(list.items.find((f: { id: string }) => f.id === 'asem-default')).toMatchObject({ latestVersion: 1, latestBuildId: asemBuildId, origin: 'bundled' });
      const one = (await app.inject('/api/frameworks/asem-default')).json();
      expect(one.spec.steps.map((s: { id: string }) => s.id)).toEqual(asem.spec.steps.map((s) => s.id));
      const specs = (await app.inject('/api/frameworks/asem-default/specs')).json();
      expect(specs.items).toEqual([expect.objectContaining({ version: 1 })]);
      expect((await app.inject('/api/frameworks/asem-default/specs/1')).json().id).toBe('asem-default');
    });

    it('GET /api/frameworks/asem-default/results ranks the units as the CLI build does', async () => {
      const k = cli.results.codes.indexOf('Index');
      const order = cli.results.rows.units.map((unit, r) => ({ unit, score: cli.results.scores[k][r], rank: cli.results.ranks[k][r] })).sort((a, b) => a.rank - b.rank);
      const res = (await app.inject('/api/frameworks/asem-default/results?limit=5')).json();
      expect(res).toMatchObject({ buildId: asemBuildId, code: 'Index', year: 2018, total: order.length, limit: 5, offset: 0 });
      expect(res.items[0].unit).toBe(order[0].unit);
      expect(res.items[0].rank).toBe(1);
      for (const [i, item] of res.items.entries()) {
        expect(item.unit).toBe(order[i].unit);
        expectClose(item.score, order[i].score, 1e-12, `score of ${item.unit}`);
      }
      const page2 = (await app.inject('/api/frameworks/asem-default/results?limit=5&offset=5')).json();
      expect(page2.items.map((i: { unit: string }) => i.unit)).toEqual(order.slice(5, 10).map((o) => o.unit));
    });

    it('results filter by level and country', async () => {
      const res = (await app.inject('/api/frameworks/asem-default/results?level=3&country=AUT,che&limit=100')).json();
      const pillars = cli.framework.nodes.filter((n) => n.level === 3).map((n) => n.code);
      expect(res.items).toHaveLength(2 * pillars.length);
      for (const item of res.items) {
        const k = cli.results.codes.indexOf(item.code);
        const r = cli.results.rows.units.indexOf(item.unit);
        expectClose(item.score, cli.results.scores[k][r], 1e-12, `${item.code} of ${item.unit}`);
        expect(item.rank).toBe(cli.results.ranks[k][r]);
      }
    });

    it('results download as CSV with a header, and as XLSX whose cells hold the same values', async () => {
      const csv = await app.inject('/api/frameworks/asem-default/results?format=csv');
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rows = csvRows(csv.body);
      expect(rows[0]).toEqual(['unit', 'unitName', 'year', 'code', 'level', 'score', 'rank', 'rankLow', 'rankHigh', 'rankMedian']);
      expect(rows).toHaveLength(1 + cli.results.rows.units.length);
      const byAccept = await app.inject({ url: '/api/frameworks/asem-default/results', headers: { accept: 'text/csv' } });
      expect(byAccept.body).toBe(csv.body);
      const xlsx = await app.inject('/api/frameworks/asem-default/results?format=xlsx');
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).values).toEqual([undefined, ...rows[0]]);
      expect(sheet.getCell('A2').value).toBe(rows[1][0]);
      expectClose(Number(sheet.getCell('F2').value), Number(rows[1][5]), 1e-12, 'top score in the XLSX');
      const countries = await app.inject('/api/countries?format=xlsx&region=Europe');
      expect(countries.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('GET /api/frameworks/asem-default/audit lists the inputs with their checksums and the audit tables', async () => {
      const audit = (await app.inject('/api/frameworks/asem-default/audit')).json();
      const iData = await readFile(join(projectRoot, 'data/coinr-asem/ASEM_iData.csv'));
      expect(audit.inputs).toContainEqual({ path: 'ASEM_iData.csv', sha256: createHash('sha256').update(iData).digest('hex') });
      const names = audit.tables.map((t: { name: string }) => t.name);
      expect(names).toEqual(expect.arrayContaining(['weights', 'strengths_weaknesses', 'dataset_raw']));
      const weights = (await app.inject(audit.tables.find((t: { name: string }) => t.name === 'weights').url + '?limit=1000')).json();
      expect(weights.total).toBe(weights.items.length);
      expect(weights.items.some((w: { code: string }) => w.code === 'Conn')).toBe(true);
    });

    it("GET /api/countries/AUT/profile gives the index, the pillars, strengths and weaknesses of the CLI build", async () => {
      const profile = (await app.inject('/api/countries/AUT/profile?framework=asem-default')).json();
      const r = cli.results.rows.units.indexOf('AUT');
      const at = (code: string) => cli.results.codes.indexOf(code);
      expectClose(profile.index.score, cli.results.scores[at('Index')][r], 1e-12, 'AUT index score');
      expect(profile.index.rank).toBe(cli.results.ranks[at('Index')][r]);
      const subIndices = cli.framework.nodes.filter((n) => n.level === 3).map((n) => n.code).sort();
      expect(profile.pillars.map((p: { code: string }) => p.code)).toEqual(subIndices);
      const sw = strengthsAndWeaknesses(cli.framework, cli.results, asem.spec.results.strengthsAndWeaknesses).find((s) => s.unit === 'AUT')!;
      expect(profile.strengths.map((s: { indicator: string }) => s.indicator)).toEqual(sw.strengths.map((s) => s.indicator));
      expect(profile.weaknesses.map((s: { indicator: string }) => s.indicator)).toEqual(sw.weaknesses.map((s) => s.indicator));
      expect(profile.trend).toHaveLength(1);
      expect(profile.units).toBe(cli.results.rows.units.length);
    });

    it('GET /api/builds lists builds; one build and its results by id', async () => {
      const list = (await app.inject('/api/builds?framework=asem-default')).json();
      expect(list.items[0]).toMatchObject({ id: asemBuildId, status: 'succeeded', specVersion: 1 });
      expect((await app.inject(`/api/builds/${asemBuildId}`)).json().inputs.length).toBeGreaterThan(1);
      const results = (await app.inject(`/api/builds/${asemBuildId}/results?limit=1`)).json();
      expect(results.items[0].rank).toBe(1);
    });

    it('the OpenAPI document at /docs/json describes every route', async () => {
      const doc = (await app.inject('/docs/json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/countries', '/api/frameworks/{id}/results', '/api/countries/{iso3}/profile', '/api/sensitivity', '/api/jobs/{id}/events']));
      expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
    });
  });

  describe('errors and auth', () => {
    it('a bad query parameter is a 400 REQUEST_INVALID naming the field', async () => {
      const res = await app.inject('/api/countries?limit=abc');
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('REQUEST_INVALID');
      expect(body.error.message).toContain('limit');
      expect(body.error.details[0].pointer).toBe('/querystring/limit');
    });

    it('an unknown route is a 404 in the envelope', async () => {
      expect((await app.inject('/api/nothing')).json().error.code).toBe('NOT_FOUND');
    });

    it('writes need the bearer token: none or a wrong one is 401 UNAUTHORISED', async () => {
      const none = await app.inject({ method: 'POST', url: '/api/builds', payload: { framework: 'asem-default' } });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('UNAUTHORISED');
      const wrong = await app.inject({ method: 'DELETE', url: `/api/builds/${asemBuildId}`, headers: { authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      expect((await app.inject(`/api/builds/${asemBuildId}`)).statusCode).toBe(200);
    });

    it('a server without a write token refuses every write; a read token closes reads', async () => {
      const closed = await createApp({ store, readToken: 'reader' });
      try {
        expect((await closed.inject('/api/countries')).json().error.code).toBe('UNAUTHORISED');
        expect((await closed.inject({ url: '/api/countries', headers: { authorization: 'Bearer reader' } })).statusCode).toBe(200);
        expect((await closed.inject('/api/health')).statusCode).toBe(200);
        const write = await closed.inject({ method: 'DELETE', url: '/api/datasets/x', headers: { authorization: 'Bearer reader' } });
        expect(write.statusCode).toBe(401);
        expect(write.json().error.message).toContain('SOFTPOWER_TOKEN');
      } finally {
        await closed.close();
      }
    });

    it('serves a built dashboard at /, index.html for its own routes, and JSON errors under /api', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'softpower-dashboard-'));
      await writeFile(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
      await writeFile(join(dir, 'app.js'), 'console.log(1)');
      const withDashboard = await createApp({ store, dashboardDir: dir });
      try {
        expect((await withDashboard.inject('/')).body).toContain('<title>dashboard</title>');
        expect((await withDashboard.inject('/app.js')).body).toBe('console.log(1)');
        const route = await withDashboard.inject('/countries/CHN');
        expect(route.headers['content-type']).toMatch(/^text\/html/);
        expect(route.body).toContain('dashboard');
        expect((await withDashboard.inject('/api/nothing')).json().error.code).toBe('NOT_FOUND');
        expect((await withDashboard.inject('/assets/missing.js')).statusCode).toBe(404);
        await writeFile(join(dir, 'later.js'), 'console.log(2)');
        expect((await withDashboard.inject('/later.js')).body).toBe('console.log(2)');
      } finally {
        await withDashboard.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('every server error code is documented in docs/server.md', async () => {
      const doc = await readFile(join(projectRoot, 'docs/server.md'), 'utf8');
      for (const code of Object.keys(serverProblemCatalogue)) expect(doc, code).toContain(`\`${code}\``);
    });
  });

  describe('writes', () => {
    it('re-importing the same indicator file changes nothing', async () => {
      const before = await tableCounts(store);
      const res = await app.inject({ method: 'POST', url: '/api/indicator-values?name=nobel.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: await readDerived('indicators/nobel.csv') });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ changed: false, rows: 3900 });
      expect(await tableCounts(store)).toEqual(before);
      const log = (await app.inject('/api/imports?kind=indicator-values')).json();
      expect(log.items.map((i: { name: string }) => i.name)).toEqual(['indicators/world-heritage.csv', 'indicators/nobel.csv']);
    });

    it('a new indicator file is imported in full and then found by the value endpoint', async () => {
      const csv = 'country,indicator,year,value,source\nCHN,nobel_prizes,2030,99,test-source\nFRA,nobel_prizes,2030,98,test-source\n';
      const res = await app.inject({ method: 'POST', url: '/api/indicator-values?name=extra.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ changed: true, rows: 2 });
      const values = (await app.inject('/api/indicator-values?source=test-source')).json();
      expect(values.items.map((v: { country: string; value: number }) => [v.country, v.value])).toEqual([['CHN', 99], ['FRA', 98]]);
      await app.inject({ method: 'POST', url: '/api/indicator-values?name=extra-undo.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv.replace(/,9[89],/g, ',,') });
    });

    describe('malformed uploads are 4xx and write nothing', () => {
      const cases: [string, string, () => Promise<Buffer | string>, number, string][] = [
        ['a truncated CSV (an unterminated quote)', 'text/csv', async () => 'country,indicator,year,value,source\nCHN,nobel_prizes,2031,1,"trunc', 400, 'DATA_FILE_UNREADABLE'],
        ['a file that is not UTF-8', 'text/csv', async () => Buffer.concat([Buffer.from('country,indicator,year,value,source\nCHN,nobel_prizes,2031,1,'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from('\n')]), 400, 'DATA_FILE_UNREADABLE'],
        ['unknown countries (all of them reported)', 'text/csv', async () => 'country,indicator,year,value,source\nXXA,nobel_prizes,2031,1,s\nCHN,nobel_prizes,2031,1,s\nXXB,nobel_prizes,2031,1,s\n', 422, 'DATA_UNKNOWN_COUNTRY'],
        ['a body over the size limit', 'text/csv', async () => Buffer.alloc(5 * 1024 * 1024, 'a'), 413, 'PAYLOAD_TOO_LARGE'],
        ['an unsupported content type', 'image/png', async () => Buffer.from([0x89, 0x50]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ];
      it.each(cases)('%s', async (_label, type, body, status, code) => {
        const before = await tableCounts(store);
        const res = await app.inject({ method: 'POST', url: '/api/indicator-values?name=bad.csv', headers: { ...auth, 'content-type': type }, payload: await body() });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
        expect(res.json().error.code).toBe(code);
        if (code === 'DATA_UNKNOWN_COUNTRY') {
          expect(res.json().error.details.map((d: { value: string }) => d.value)).toEqual(['XXA', 'XXB']);
          expect(res.json().error.details[0]).toMatchObject({ file: 'bad.csv', row: 2, column: 'country' });
        }
        expect(await tableCounts(store)).toEqual(before);
      });

      it('a specification whose framework has a cycle', async () => {
        const before = await tableCounts(store);
        const cyclic = structuredClone(heritageNobelSpec) as typeof heritageNobelSpec & { id: string };
        cyclic.id = 'cyclic';
        cyclic.framework.nodes[0] = { code: 'index', parent: 'science', name: { en: 'x' } } as (typeof cyclic.framework.nodes)[number];
        const res = await app.inject({ method: 'POST', url: '/api/frameworks', headers: auth, payload: cyclic });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
        expect(res.json().error.code).toMatch(/^FRAMEWORK_/);
        expect(await tableCounts(store)).toEqual(before);
      });

      it('a specification in YAML that does not parse names the line', async () => {
        const res = await app.inject({ method: 'POST', url: '/api/frameworks', headers: { ...auth, 'content-type': 'application/yaml' }, payload: 'id: x\ndata: [\n' });
        expect(res.statusCode).toBe(422);
        expect(res.json().error.code).toBe('SPEC_INVALID');
      });
    });

    it('upload a specification, build it as a job (poll and SSE), rank by year, trend in the profile', async () => {
      const saved = await app.inject({ method: 'POST', url: '/api/frameworks', headers: auth, payload: heritageNobelSpec });
      expect(saved.statusCode, saved.body.slice(0, 400)).toBe(201);
      expect(saved.json()).toMatchObject({ frameworkId: 'heritage-nobel', version: 1, created: true });
      const again = await app.inject({ method: 'POST', url: '/api/frameworks', headers: auth, payload: heritageNobelSpec });
      expect(again.json()).toMatchObject({ version: 1, created: false });

      const started = await app.inject({ method: 'POST', url: '/api/builds', headers: auth, payload: { framework: 'heritage-nobel' } });
      expect(started.statusCode).toBe(202);
      const job = await waitForJob(app, started.json().id);
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      const events = await app.inject(`/api/jobs/${started.json().id}/events`);
      expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(events.body).toContain('event: end');

      const results = (await app.inject('/api/frameworks/heritage-nobel/results?year=all&country=ITA&limit=100')).json();
      const years = new Set(results.items.map((i: { year: number }) => i.year));
      expect(years.size).toBeGreaterThan(5);
      const profile = (await app.inject('/api/countries/ITA/profile?framework=heritage-nobel')).json();
      expect(profile.trend).toHaveLength(years.size);
      expect(profile.pillars.map((p: { code: string }) => p.code)).toEqual(['heritage', 'science']);
      expect(profile.index.score).toBe(profile.trend.at(-1).score);
    });

    it('an uncertainty run is a job whose rank intervals are those of the engine, and appear in the results', async () => {
      const options = { framework: 'asem-default', kind: 'uncertainty', n: 12, seed: 7, assumptions: [{ name: 'Weights', kind: 'weight-noise', levels: [2, 3], factor: 0.25, replicates: 50 }] };
      const started = await app.inject({ method: 'POST', url: '/api/sensitivity', headers: auth, payload: options });
      expect(started.statusCode, started.body.slice(0, 300)).toBe(202);
      const job = await waitForJob(app, started.json().id);
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      expect(job.result).toMatchObject({ kind: 'uncertainty', runs: 12, buildId: asemBuildId });
      const engine = runUncertainty(asem.spec, asem.data, options.assumptions, { n: 12, seed: 7 });
      const res = (await app.inject('/api/frameworks/asem-default/results?limit=3')).json();
      for (const item of res.items) {
        const s = engine.statistics.find((x) => x.code === 'Index' && x.unit === item.unit)!;
        expect(item.rankInterval).toEqual({ low: s.q05Rank, high: s.q95Rank, median: s.medianRank });
      }
      const runs = (await app.inject('/api/sensitivity?framework=asem-default')).json();
      expect(runs.items[0]).toMatchObject({ kind: 'uncertainty', runs: 12, failedRuns: 0 });
    });

    it('a sensitivity run with an assumption that points nowhere fails with the engine\'s code', async () => {
      const started = await app.inject({ method: 'POST', url: '/api/sensitivity', headers: auth, payload: { framework: 'asem-default', n: 2, assumptions: [{ name: 'x', kind: 'discrete', pointer: '/steps/nowhere/params/method', values: [1] }] } });
      const job = await waitForJob(app, started.json().id);
      expect(job.status).toBe('failed');
      expect((job.error as { code: string }).code).toMatch(/^ASSUMPTION_/);
    });

    it('data sets: upload, download byte for byte, refuse to delete one in use, delete', async () => {
      const bytes = await readFile(join(projectRoot, 'data/coinr-asem/ASEM_iData.csv'));
      expect((await app.inject({ method: 'PUT', url: '/api/datasets/ASEM_iData.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: bytes })).statusCode).toBe(200);
      expect((await app.inject('/api/datasets/ASEM_iData.csv/file')).rawPayload.equals(bytes)).toBe(true);
      const inUse = await app.inject({ method: 'DELETE', url: '/api/datasets/ASEM_iData.csv', headers: auth });
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json().error.code).toBe('CONFLICT');
      expect((await app.inject({ method: 'PUT', url: '/api/datasets/spare.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'unit,x\nA,1\n' })).statusCode).toBe(201);
      expect((await app.inject({ method: 'DELETE', url: '/api/datasets/spare.csv', headers: auth })).statusCode).toBe(204);
      expect((await app.inject({ method: 'DELETE', url: '/api/datasets/spare.csv', headers: auth })).statusCode).toBe(404);
    });

    it('deleting a framework removes its specifications, builds and results', async () => {
      const res = await app.inject({ method: 'DELETE', url: '/api/frameworks/heritage-nobel', headers: auth });
      expect(res.statusCode).toBe(204);
      expect((await app.inject('/api/frameworks/heritage-nobel/results')).statusCode).toBe(404);
      expect((await app.inject('/api/builds?framework=heritage-nobel')).json().total).toBe(0);
    });
  });
});
