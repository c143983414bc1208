import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, queryEventsLens } from '@softpower/media';
import type { Reporter } from '@softpower/cli';
import { createApp } from '../src/app.js';
import { acquireLock } from '../src/db/lock.js';
import { main } from '../src/main.js';
import { ServerSettingError, startServer } from '../src/serve.js';
import { bundledGdeltDir, loadBundledMedia } from '../src/store/bundled-media.js';
import { sql, type Store } from '../src/store/store.js';
import { backends, testToken } from './support.js';

const auth = { authorization: `Bearer ${testToken}` };

// Constructed for these tests: two Kenyan sources and three articles, two of them about China.
const sources = [
  { domain: 'nation.africa', country: 'KEN', language: 'eng', communicatorType: 'commercial_media' },
  { domain: 'kbc.co.ke', country: 'KEN', communicatorType: 'public_broadcaster' },
];
const archive = [
  { url: 'https://nation.africa/kenya/news/1', title: 'Rail link opens', text: 'China and Kenya praised the Belt and Road Initiative, a great success.', date: '2024-03-05T08:00:00Z', language: 'en' },
  { url: 'https://nation.africa/kenya/news/2', title: 'Floods', text: 'Floods destroyed homes; a terrible disaster, officials said.', date: '2024-03-06T08:00:00Z', language: 'en' },
  { url: 'https://kbc.co.ke/news/3', title: 'Investors', text: 'Chinese investors support win-win cooperation with Kenya.', date: '2024-04-20T10:00:00Z', language: 'en' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

function captureReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (t) => void lines.push(t), info: (t) => void lines.push(t), warning: (p) => void lines.push(p.message), error: (p) => void lines.push(p.message) };
}

describe.each(backends())('the media monitor in the server on $name', (backend) => {
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await backend.open();
    app = await createApp({ store, token: testToken });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('loads the bundled GDELT samples once: the China events of 2019-10-24 into the lens, the mentions of 2017-07-01 with their domains awaiting curation', async () => {
    const first = await loadBundledMedia(store);
    expect(first.map((f) => [f.name, f.ingested, f.articles, f.events])).toEqual([
      ['data/gdelt/samples/20191024143000.export.CSV', true, 0, 40],
      ['data/gdelt/samples/20170701234500.translation.mentions.derived.CSV', true, 559, 0],
    ]);
    const again = await loadBundledMedia(store);
    expect(again.every((f) => !f.ingested)).toBe(true);
    const runs = await store.rows<{ n: number }>(sql`select count(*)::int as n from media_ingest_runs where kind = 'bundled'`);
    expect(runs[0].n).toBe(2);

    const lens = await app.inject({ url: '/api/media/events-lens?home=CHN&byMonth=false' });
    expect(lens.statusCode).toBe(200);
    expect(lens.json().items).toEqual(JSON.parse(JSON.stringify(await queryEventsLens(store.handle.sql, { home: 'CHN', byMonth: false }))));
    const events = (lens.json().items as { events: number }[]).reduce((n, r) => n + r.events, 0);
    expect(events).toBe(40);
    const unknown = (await app.inject({ url: '/api/media/sources/unknown' })).json();
    expect(unknown.items[0]).toMatchObject({ domain: 'wafa.ps', articles: 16 });
    expect((unknown.items as { articles: number }[]).reduce((n, u) => n + u.articles, 0)).toBe(559);
  });

  it("media writes need the server's token and drop its cached reads", async () => {
    const url = '/api/media/rollups?country=KEN&by=year&type=commercial_media,public_broadcaster';
    const before = await app.inject({ url });
    expect(before.json().total).toBe(0);
    expect((await app.inject({ url })).headers['x-cache']).toBe('hit');

    const anonymous = await app.inject({ method: 'POST', url: '/api/media/sources', payload: sources });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHORISED');
    expect((await app.inject({ method: 'POST', url: '/api/media/sources', headers: auth, payload: sources })).statusCode).toBe(201);
    const ingest = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=kenya.jsonl', headers: { ...auth, 'content-type': 'application/x-ndjson' }, payload: archive });
    expect(ingest.statusCode, ingest.body).toBe(200);

    const after = await app.inject({ url });
    expect(after.headers['x-cache']).toBeUndefined();
    expect((after.json().items as { communicatorType: string; articles: number; homeArticles: number; attention: number }[]).map((r) => [r.communicatorType, r.articles, r.homeArticles, r.attention])).toEqual([
      ['commercial_media', 2, 1, 0.5],
      ['public_broadcaster', 1, 1, 1],
    ]);
  });

  it("a media transaction that fails rolls back its own writes only: the server's writes and reads meanwhile are neither held in it nor lost", async () => {
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const failing = inTransaction(store.handle.sql, async (tx) => {
      await tx.query(`INSERT INTO media_sources (domain, country_iso3, communicator_type, origin) VALUES ('rolled-back.example', 'KEN', 'individual', 'test')`);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('the work failed');
    });
    await entered;
    const write = store.db.execute(sql`insert into imports (kind, name, sha256, rows, outcome) values ('test', 'kept', 'x', 0, '{}'::jsonb)`);
    const read = store.rows<{ n: number }>(sql`select count(*)::int as n from media_sources where domain = 'rolled-back.example'`);
    await expect(failing).rejects.toThrow('the work failed');
    await write;
    expect((await read)[0].n).toBe(0);
    expect((await store.rows<{ n: number }>(sql`select count(*)::int as n from imports where kind = 'test' and name = 'kept'`))[0].n).toBe(1);
    expect((await store.rows<{ n: number }>(sql`select count(*)::int as n from media_sources where domain = 'rolled-back.example'`))[0].n).toBe(0);
  });
});

describe('softpower media on the embedded store', () => {
  it('ingests into the store of --data, and refuses while another process holds its lock, naming the owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-media-cli-'));
    try {
      const ok = captureReporter();
      const code = await main(['node', 'softpower', '--data', dir, 'media', 'ingest', join(bundledGdeltDir, '20191024143000.export.CSV')], ok);
      expect(code, ok.lines.join('\n')).toBe(0);
      expect(ok.lines).toContain('media ingest: 0 new articles, 40 new events, 0 errors (run 1, succeeded)');

      const lock = await acquireLock(dir);
      try {
        const refused = captureReporter();
        expect(await main(['node', 'softpower', '--data', dir, 'media', 'sources', 'unknown'], refused)).toBe(1);
        expect(refused.lines.join('\n')).toMatch(new RegExp(`^error STORE_LOCKED: store: .*softpower\\.lock is held by process ${process.pid}`, 'm'));
      } finally {
        await lock.release();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('feeds polled by the server', () => {
  it('polls a feed list in the background on the server\'s store, logs each round, and stops with the server', async () => {
    const atom = readFileSync(new URL('../../media/test/fixtures/feeds/atom.xml', import.meta.url));
    let hits = 0;
    const feedServer = createServer((request, response) => {
      hits++;
      if (request.url === '/atom.xml') response.writeHead(200, { 'content-type': 'application/atom+xml', etag: '"v1"' }).end(atom);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    const feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
    const dir = await mkdtemp(join(tmpdir(), 'softpower-feeds-'));
    const feeds = join(dir, 'feeds.txt');
    await writeFile(feeds, `# constructed for this test\n${feedUrl}/atom.xml,30,zho\nnot a url\n`);
    const lines: string[] = [];
    let polled!: () => void;
    const roundLogged = new Promise<void>((resolve) => (polled = resolve));
    const server = await startServer({
      dataDir: join(dir, 'store'),
      port: 0,
      loadBundled: false,
      rankIntervals: 0,
      token: testToken,
      feeds,
      feedPoller: { retries: 0, timeoutMs: 2000, politenessMs: 0, fetchPages: false },
      log: (line) => {
        lines.push(line);
        if (line.startsWith('feeds: 1 polled')) polled();
      },
    });
    try {
      await roundLogged;
      expect(lines).toContain('feeds: 1 polled, 1 new articles, 0 not modified, 0 failed');
      expect(lines.join('\n')).toMatch(/feeds\.txt, line 3, column "url"/);
      expect(server.feeds?.rounds).toBe(1);
      const unknown = (await (await fetch(`${server.url}/api/media/sources/unknown`)).json()) as { items: unknown[] };
      expect(unknown.items).toEqual([{ domain: '127.0.0.1', articles: 1, examples: [`${feedUrl}/world/2019-10/24/c_1125148212.htm`] }]);
      const stored = await server.store.handle.sql.query("SELECT title, language FROM media_articles WHERE origin = 'feed'");
      expect(stored.rows).toEqual([{ title: '中巴经济走廊建设稳步推进', language: 'zho' }]);
    } finally {
      const started = performance.now();
      await server.close();
      expect(performance.now() - started).toBeLessThan(10_000);
      await new Promise((resolve) => feedServer.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
    expect(hits).toBe(1);
  }, 60_000);

  it('close() aborts a feed request in flight instead of waiting out its timeouts and retries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-feeds-'));
    const feeds = join(dir, 'feeds.txt');
    await writeFile(feeds, 'http://feeds.invalid/hanging.xml,30,eng\n');
    let requested!: () => void;
    const inFlight = new Promise<void>((resolve) => (requested = resolve));
    let aborted = 0;
    // A server that never answers: only the abort signal ends the request.
    const hanging: typeof fetch = (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        requested();
        const signal = init?.signal;
        const abort = () => {
          aborted++;
          reject(signal?.reason as Error);
        };
        if (signal?.aborted) abort();
        else signal?.addEventListener('abort', abort);
      });
    const server = await startServer({
      dataDir: join(dir, 'store'),
      port: 0,
      loadBundled: false,
      rankIntervals: 0,
      token: testToken,
      feeds,
      feedPoller: { retries: 5, timeoutMs: 600_000, backoffMs: 600_000, politenessMs: 0, fetchPages: false, fetch: hanging },
    });
    try {
      await inFlight;
    } finally {
      const started = performance.now();
      await server.close();
      expect(performance.now() - started).toBeLessThan(10_000);
      await rm(dir, { recursive: true, force: true });
    }
    expect(aborted).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('refuses to start with a feed list it cannot use, before touching the store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-feeds-'));
    try {
      const feeds = join(dir, 'feeds.txt');
      await writeFile(feeds, '# no feed here\nnot a url\n');
      await expect(startServer({ dataDir: join(dir, 'store'), port: 0, loadBundled: false, feeds })).rejects.toThrow(/holds no feed to poll/);
      await expect(startServer({ dataDir: join(dir, 'store'), port: 0, loadBundled: false, feeds: join(dir, 'missing.txt') })).rejects.toThrow(/cannot read ".*missing\.txt": ENOENT/);
      expect(existsSync(join(dir, 'store'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('settings of the environment', () => {
  it('refuses to start, before touching the store, when SOFTPOWER_WORKERS or SOFTPOWER_RANK_INTERVALS is not a usable whole number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-settings-'));
    const saved = { workers: process.env.SOFTPOWER_WORKERS, intervals: process.env.SOFTPOWER_RANK_INTERVALS };
    try {
      const cases: [string, string, RegExp][] = [
        ['SOFTPOWER_WORKERS', 'four', /SOFTPOWER_WORKERS="four" is not a whole number ≥ 1/],
        ['SOFTPOWER_WORKERS', '0', /SOFTPOWER_WORKERS="0" is not a whole number ≥ 1/],
        ['SOFTPOWER_WORKERS', '2.5', /SOFTPOWER_WORKERS="2\.5" is not a whole number ≥ 1/],
        ['SOFTPOWER_RANK_INTERVALS', '-1', /SOFTPOWER_RANK_INTERVALS="-1" is not a whole number ≥ 0/],
        ['SOFTPOWER_RANK_INTERVALS', 'NaN', /SOFTPOWER_RANK_INTERVALS="NaN" is not a whole number ≥ 0/],
      ];
      for (const [name, value, message] of cases) {
        delete process.env.SOFTPOWER_WORKERS;
        delete process.env.SOFTPOWER_RANK_INTERVALS;
        process.env[name] = value;
        await expect(startServer({ dataDir: join(dir, 'store'), port: 0, loadBundled: false }), `${name}=${value}`).rejects.toThrow(message);
        await expect(startServer({ dataDir: join(dir, 'store'), port: 0, loadBundled: false }), `${name}=${value}`).rejects.toBeInstanceOf(ServerSettingError);
      }
      expect(existsSync(join(dir, 'store'))).toBe(false);
    } finally {
      for (const [name, value] of [['SOFTPOWER_WORKERS', saved.workers], ['SOFTPOWER_RANK_INTERVALS', saved.intervals]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
