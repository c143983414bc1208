import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultAnalyser, indicatorCsv, mediaIndicators, migrateMediaPipeline, queryEventsLens, queryRollups, readGdeltFile, storeEvents, registerMediaCommands, runMediaCommand, type MediaCommandOptions, type Queryable } from '../src/index.js';
import { expectClose } from './analysis-support.js';
import { serve, startServer } from './fixtures/http-server.js';

let db: PGlite & Queryable;
let dir: string;
let out: string[];
let err: string[];
let opened: number;
let closed: number;

const options = (extra: Partial<MediaCommandOptions> = {}): MediaCommandOptions => ({
  openStore: async () => {
    opened++;
    return {
      db,
      close: async () => {
        closed++;
      },
    };
  },
  output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
  ...extra,
});

const run = (...argv: string[]): Promise<number> => runMediaCommand(argv, options());

const rows = [
  { url: 'https://nation.africa/kenya/news/1', title: 'Rail link opens', text: 'China and Kenya praised the Belt and Road Initiative, a great and wonderful success.', date: '2024-03-05T08:00:00Z', language: 'en' },
  { url: 'https://nation.africa/kenya/news/2', title: 'Floods', text: 'Floods destroyed homes; a terrible disaster, officials said.', date: '2024-03-06T08:00:00Z', language: 'en' },
  { url: 'https://www.kbc.co.ke/news/3', title: 'Investors', text: 'Chinese investors support win-win cooperation and friendship with Kenya.', date: '2024-04-20T10:00:00Z', language: 'en' },
];

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  db = new PGlite();
  await migrateMediaPipeline(db);
  dir = mkdtempSync(join(tmpdir(), 'media-cli-'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  await db.query('TRUNCATE media_articles, media_article_themes, media_article_analysis, media_rollups, media_sources, media_unknown_domains, media_events, media_event_lens, media_feeds, media_ingest_runs CASCADE');
  out = [];
  err = [];
  opened = 0;
  closed = 0;
});

async function seedKenya(): Promise<void> {
  expect(await run('media', 'sources', 'add', 'nation.africa', '--country', 'KEN', '--type', 'commercial_media', '--language', 'eng', '--name', 'Daily Nation')).toBe(0);
  expect(await run('media', 'sources', 'add', 'kbc.co.ke', '--country', 'KEN', '--type', 'public_broadcaster')).toBe(0);
  expect(await run('media', 'ingest', file('kenya.jsonl', rows.map((r) => JSON.stringify(r)).join('\n')))).toBe(0);
}

describe('softpower media (commands on an in-memory PGlite store)', () => {
  it('registerMediaCommands adds the media commands to an existing program', () => {
    const program = new Command('softpower');
    const media = registerMediaCommands(program, options());
    expect(media.commands.map((c) => c.name())).toEqual(['ingest', 'watch', 'sources', 'report', 'indicators', 'reliability', 'classify']);
    expect(media.commands.find((c) => c.name() === 'sources')!.commands.map((c) => c.name())).toEqual(['list', 'add', 'import', 'unknown', 'suggest']);
  });

  it('media sources add, list, import: a bad import row names its line, column and value and stores nothing', async () => {
    expect(await run('media', 'sources', 'add', 'nation.africa', '--country', 'KEN', '--type', 'commercial_media')).toBe(0);
    expect(opened).toBe(closed);
    out = [];
    expect(await run('media', 'sources', 'list', '--format', 'json')).toBe(0);
    const listed = JSON.parse(out.join('\n')) as { domain: string; countryIso3: string; communicatorType: string }[];
    expect(listed.find((e) => e.domain === 'nation.africa')).toMatchObject({ countryIso3: 'KEN', communicatorType: 'commercial_media' });
    expect(listed.some((e) => e.domain === 'voanews.com')).toBe(true);

    const registry = file('sources.csv', 'domain,country,language,communicator_type\nkbc.co.ke,KEN,eng,public_broadcaster\ndawn.com,PAK,eng,tabloid\n');
    expect(await run('media', 'sources', 'import', registry)).toBe(1);
    expect(err.join('\n')).toMatch(/"tabloid".*sources\.csv, line 3, column "communicator_type"/);
    expect((await db.query("SELECT count(*)::int AS n FROM media_sources WHERE domain = 'kbc.co.ke'")).rows).toEqual([{ n: 0 }]);
    expect(await run('media', 'sources', 'add', 'x.example', '--country', 'KEN', '--type', 'tabloid')).toBe(2);
  });

  it('media ingest stores archive files; a malformed line gives exit 1 naming file, line and value, and the good rows are kept', async () => {
    await seedKenya();
    expect(out.at(-1)).toMatch(/3 new articles/);
    const bad = file('bad.jsonl', `${JSON.stringify({ ...rows[0], url: 'https://nation.africa/kenya/news/9' })}\n{"url": "https://nation.africa/x", "date": "yesterday", "text": "x"}\n`);
    err = [];
    expect(await run('media', 'ingest', bad)).toBe(1);
    expect(err.join('\n')).toMatch(/error MEDIA_ARTICLE_INVALID: .*"yesterday".*bad\.jsonl, line 2, column "date"/);
    expect((await db.query('SELECT count(*)::int AS n FROM media_articles')).rows).toEqual([{ n: 4 }]);
    const runs = await db.query('SELECT status FROM media_ingest_runs ORDER BY id');
    expect(runs.rows).toEqual([{ status: 'succeeded' }, { status: 'partial' }]);
    expect(await run('media', 'ingest', join(dir, 'missing.jsonl'))).toBe(1);
    expect(await run('media', 'ingest')).toBe(2);
    expect(await run('media', 'ingest', bad, '--gdelt-from', '2024-01-01', '--gdelt-to', '2024-01-02')).toBe(2);
    expect(await run('media', 'ingest', '--gdelt-from', '2024-01-32', '--gdelt-to', '2024-02-01')).toBe(2);
  });

  it('media ingest takes Events files first, the others in the order given, so that a Mentions file sees the events given after it', async () => {
    const eventsFile = fileURLToPath(new URL('../../../data/gdelt/samples/20191024143000.export.CSV', import.meta.url));
    const mentionsSample = fileURLToPath(new URL('../../../data/gdelt/samples/20170701234500.translation.mentions.derived.CSV', import.meta.url));
    // a real Mentions line re-pointed at event 881990861 of the Events sample (CHN–BRA, 2019-09-24)
    const fields = readFileSync(mentionsSample, 'utf8').split('\n')[0].split('\t');
    fields[0] = '881990861';
    fields[5] = 'http://arabic.china.org.cn/txt/2019-10/24/content_1.htm';
    const mentions = file('20191024143000.mentions.CSV', `${fields.join('\t')}\n`);
    const archive = file('kenya-order.jsonl', JSON.stringify(rows[0]));
    err = [];
    expect(await run('media', 'ingest', mentions, archive, eventsFile)).toBe(0);
    expect(err.filter((l) => /^\[\d\/3\]/.test(l))).toEqual([`[1/3] ${eventsFile}`, `[2/3] ${mentions}`, `[3/3] ${archive}`]);
    const { rows: home } = await db.query('SELECT x.mentions_home FROM media_article_analysis x JOIN media_articles a ON a.id = x.article_id WHERE a.url = $1', [fields[5]]);
    expect(home).toEqual([{ mentions_home: true }]);
  });

  it('media report prints the rollups as CSV, JSON and XLSX with the figures of queryRollups', async () => {
    await seedKenya();
    out = [];
    expect(await run('media', 'report', '--country', 'KEN', '--from', '2024-03-01', '--to', '2024-04-30', '--by', 'month', '--format', 'csv')).toBe(0);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('country,period,period_start,theme,communicator_type,articles,home_articles,type_articles,attention,theme_share,tone_mean,baseline_tone,tone_difference,mentions');
    const expected = await queryRollups(db, { countries: ['KEN'], from: '2024-03-01', to: '2024-04-30', by: 'month' });
    expect(lines.length).toBe(1 + expected.rows.length);
    const march = lines[1].split(',');
    expect(march.slice(0, 8)).toEqual(['KEN', '2024-03', '2024-03-01', '', 'all', '2', '1', '2']);
    expectClose(Number(march[8]), expected.rows[0].attention as number, 1e-9, 'attention');
    expectClose(Number(march[12]), expected.rows[0].toneDifference as number, 1e-9, 'tone difference');

    const xlsx = join(dir, 'report.xlsx');
    expect(await run('media', 'report', '--country', 'KEN', '--from', '2024-03-01', '--to', '2024-04-30', '--by', 'week', '--type', 'commercial_media,public_broadcaster', '--out', xlsx)).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('country');
    expect(sheet.rowCount).toBe(1 + (await queryRollups(db, { countries: ['KEN'], from: '2024-03-01', to: '2024-04-30', by: 'week', communicatorTypes: ['commercial_media', 'public_broadcaster'] })).rows.length);

    out = [];
    expect(await run('media', 'report', '--from', '2024-01-01', '--to', '2024-12-31', '--by', 'year', '--theme', 'belt_and_road', '--format', 'json')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject([{ country: 'KEN', period: '2024', theme: 'belt_and_road', articles: 1, themeShare: 0.5 }]);
    // a range of days summed into one period: from 6 March (Floods) to 20 April (Investors), Rail link opens (5 March) left out
    out = [];
    expect(await run('media', 'report', '--country', 'KEN', '--from', '2024-03-06', '--to', '2024-04-20', '--by', 'range', '--format', 'csv')).toBe(0);
    const range = out.join('\n').split('\n');
    expect(range).toHaveLength(2);
    expect(range[1].split(',').slice(0, 9)).toEqual(['KEN', '2024-03-06..2024-04-20', '2024-03-06', '', 'all', '2', '1', '2', '0.5']);
    const [rangeCell] = (await queryRollups(db, { countries: ['KEN'], from: '2024-03-06', to: '2024-04-20', by: 'range' })).rows;
    expectClose(Number(range[1].split(',')[12]), rangeCell.toneDifference as number, 1e-9, 'tone difference of the range');
    err = [];
    expect(await run('media', 'report', '--to', '2024-04-20', '--by', 'range')).toBe(2);
    expect(err.join('\n')).toMatch(/--from/);
    expect(await run('media', 'report', '--from', '2024-01-01', '--to', '2024-12-31', '--by', 'fortnight')).toBe(2);
    expect(await run('media', 'report', '--from', '2024-01-01', '--to', '2024-12-31', '--format', 'xlsx')).toBe(2);
  });

  it('media indicators writes the long format that mediaIndicators returns', async () => {
    await seedKenya();
    const path = join(dir, 'indicators.csv');
    expect(await run('media', 'indicators', '--year-from', '2024', '--year-to', '2024', '--out', path)).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(indicatorCsv(await mediaIndicators(db, { yearFrom: 2024, yearTo: 2024 })));
    expect(text.split('\n')[0]).toBe('country,indicator,year,value,source,source_code,note');
    expect(text).toMatch(/^KEN,media_attention_chn,2024,66\.66666667,media-monitor,attention,2 of 3 articles$/m);
    expect(await run('media', 'indicators', '--year-from', '2025', '--year-to', '2024', '--out', path)).toBe(2);
  });

  it("media reliability reports Krippendorff's alpha per language (Krippendorff 2011: nominal .743)", async () => {
    const _ = null;
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const lines = ['unit,coder,value,language'];
    data.forEach((row, c) => row.forEach((v, u) => lines.push(`u${u + 1},${'ABCD'[c]},${v ?? ''},${u < 6 ? 'en' : 'fr'}`)));
    const path = file('coded.csv', `${lines.join('\n')}\n`);
    expect(await run('media', 'reliability', path, '--format', 'json')).toBe(0);
    const table = JSON.parse(out.join('\n')) as { language: string; comparison: string; alpha: number }[];
    expect(table.map((r) => r.language)).toEqual(['all', 'en', 'fr']);
    expectClose(table[0].alpha, 0.743421052631579, 1e-12, 'nominal alpha (Krippendorff 2011)');
    out = [];
    expect(await run('media', 'reliability', path, '--metric', 'interval', '--format', 'json', '--bootstrap', '200', '--seed', '7')).toBe(0);
    const interval = JSON.parse(out.join('\n')) as { alpha: number; lower: number; upper: number }[];
    expectClose(interval[0].alpha, 0.849, 5e-4, 'interval alpha (Krippendorff 2011)');
    expect(interval[0].lower).toBeLessThanOrEqual(interval[0].upper);
    const bad = file('bad-coded.csv', 'unit,coder,value\nu1,A,3\nu1,B,three\n');
    err = [];
    expect(await run('media', 'reliability', bad, '--metric', 'interval')).toBe(1);
    expect(err.join('\n')).toMatch(/"three".*bad-coded\.csv, line 3, column "value"/);
  });

  it('media ingest --gdelt-from/--gdelt-to downloads the listed files, checks their MD5, and reports a bad download without losing the good one', async () => {
    const eventsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20191024143000.export.CSV', import.meta.url));
    const zip = zipSync({ '20191024143000.export.CSV': readFileSync(eventsPath) });
    const md5 = createHash('md5').update(zip).digest('hex');
    const master = [
      `${zip.length} ${md5} http://data.gdeltproject.org/gdeltv2/20191024143000.export.CSV.zip`,
      `${zip.length} ${'0'.repeat(32)} http://data.gdeltproject.org/gdeltv2/20191024144500.export.CSV.zip`,
      `${zip.length} ${md5} http://data.gdeltproject.org/gdeltv2/20191026000000.export.CSV.zip`,
    ].join('\n');
    const server = await startServer({
      '/gdeltv2/masterfilelist.txt': serve(master, 'text/plain'),
      '/gdeltv2/20191024143000.export.CSV.zip': serve(zip, 'application/zip'),
      '/gdeltv2/20191024144500.export.CSV.zip': serve(zip, 'application/zip'),
    });
    try {
      const code = await runMediaCommand(['media', 'ingest', '--gdelt-from', '2019-10-24', '--gdelt-to', '2019-10-25', '--gdelt-base', `${server.url}/gdeltv2/`, '--gdelt-kinds', 'events'], options({ http: { retries: 0, backoffMs: 1 } }));
      expect(code).toBe(1);
      expect(err.join('\n')).toMatch(/2 GDELT files from 2019-10-24 to 2019-10-25/);
      expect(err.join('\n')).toMatch(/error MEDIA_CHECKSUM_MISMATCH: .*20191024144500\.export\.CSV\.zip/);
      const { records } = await readGdeltFile('events', eventsPath);
      const scratch = new PGlite();
      await migrateMediaPipeline(scratch);
      const expected = await storeEvents(scratch, records);
      await scratch.close();
      const lens = await queryEventsLens(db, { byMonth: false });
      expect(lens.reduce((n, r) => n + r.events, 0)).toBe(expected.inserted);
      expect(out.at(-1)).toMatch(new RegExp(`${expected.inserted} new events, 1 error `));
    } finally {
      await server.close();
    }
  });

  it('media watch polls the feeds, stores their articles and stops when cancelled', async () => {
    const atom = readFileSync(fileURLToPath(new URL('./fixtures/feeds/atom.xml', import.meta.url)), 'utf8');
    const server = await startServer({ '/atom.xml': serve(atom, 'application/atom+xml', { etag: '"v1"' }), '/down.xml': serve('<html>error</html>', 'text/html') });
    try {
      const feeds = file('feeds.txt', `# feeds\n${server.url}/atom.xml,1,zh\n${server.url}/down.xml\nnot a url\n`);
      const controller = new AbortController();
      const code = await runMediaCommand(['media', 'watch', '--feeds', feeds], {
        ...options({ signal: controller.signal, http: { retries: 0, timeoutMs: 2000 }, politenessMs: 0 }),
        output: {
          out: (t) => void out.push(t),
          err: (t) => {
            err.push(t);
            if (/feeds polled/.test(t)) controller.abort();
          },
        },
      });
      expect(code).toBe(0);
      expect(err.join('\n')).toMatch(/feeds\.txt, line 4, column "url"/);
      expect(err.join('\n')).toMatch(/MEDIA_NOT_A_FEED/);
      expect(out.at(-1)).toBe('media watch: stopped after 1 round');
      const { rows: stored } = await db.query("SELECT title, language FROM media_articles WHERE origin = 'feed'");
      expect(stored).toEqual([{ title: '中巴经济走廊建设稳步推进', language: 'zho' }]);
      const { rows: states } = await db.query("SELECT state->>'etag' AS etag FROM media_feeds WHERE url LIKE '%atom.xml'");
      expect(states).toEqual([{ etag: '"v1"' }]);
      const { rows: analysis } = await db.query('SELECT a.title, a.body, x.mentions_home, x.themes FROM media_article_analysis x JOIN media_articles a ON a.id = x.article_id');
      const article = analysis[0] as { title: string; body: string };
      const expected = defaultAnalyser().analyse({ text: article.body, title: article.title, language: 'zh' });
      expect(expected.themes).toEqual({ belt_and_road: 1 });
      expect(analysis).toEqual([{ ...article, mentions_home: expected.mentionsChina, themes: expected.themes }]);
    } finally {
      await server.close();
    }
  });
});
