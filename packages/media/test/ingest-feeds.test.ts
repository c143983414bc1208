import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticle, FeedPoller, HostPoliteness, parseFeed, SourceRegistry, type FeedState } from '../src/index.js';
import { serve, startServer, type TestServer } from './fixtures/http-server.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const voaFeed = fixture('feeds/voa-rss.xml');
const atomFeed = fixture('feeds/atom.xml');
const page = fixture('pages/voa-article.html');

const registry = (): SourceRegistry =>
  new SourceRegistry([{ domain: 'voanews.com', name: 'VOA English', countryIso3: 'USA', language: 'eng', communicatorType: 'state_media', origin: 'voa-domains.tsv', note: null }]);

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    '/a/kenya-china-rail-freight-terminal/7000001.html': serve(page, 'text/html; charset=utf-8'),
    '/atom.xml': serve(atomFeed, 'application/atom+xml'),
    '/world/2019-10/24/c_1125148212.htm': serve('<html><body><p>摘要</p></body></html>', 'text/html'),
    '/down.xml': serve(fixture('feeds/error-page.html'), 'text/html; charset=utf-8'),
    '/truncated.xml': serve(fixture('feeds/truncated.xml'), 'application/rss+xml'),
    '/flaky.xml': (() => {
      let calls = 0;
      return (_req, res) => {
        calls += 1;
        if (calls === 1) res.writeHead(503, { 'retry-after': '0' }).end('busy');
        else res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atomFeed);
      };
    })(),
  });
});

afterAll(() => server.close());

/** The VOA fixture's links point at voanews.com; serve them from the local server instead. */
const localVoa = (): string => voaFeed.replaceAll('https://www.voanews.com/a/', `${server.url}/a/`);

describe('parseFeed', () => {
  it('reads RSS 2.0 items, their language and dates, and reports items without a link or with a bad date', () => {
    const feed = parseFeed(voaFeed, 'https://www.voanews.com/api/test-feed');
    expect(feed.format).toBe('rss');
    expect(feed.language).toBe('eng');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      id: 'https://www.voanews.com/a/7000001.html',
      title: 'Kenya and China open a new rail freight terminal',
      publishedAt: '2019-10-24T14:30:00.000Z',
      summary: 'A short summary of the story.',
      content: null,
    });
    expect(feed.items[1].publishedAt).toBeNull();
    expect(feed.problems.map((p) => [p.code, p.severity])).toEqual([
      ['MEDIA_FEED_ITEM', 'warning'],
      ['MEDIA_FEED_ITEM', 'error'],
    ]);
    expect(feed.problems[0].value).toBe('not a date');
  });

  it('reads Atom entries with relative links, xml:lang and HTML content', () => {
    const feed = parseFeed(atomFeed, 'https://news.example.cn/atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.items[0].link).toBe('https://news.example.cn/world/2019-10/24/c_1125148212.htm');
    expect(feed.items[0].language).toBe('zho');
    expect(feed.items[0].publishedAt).toBe('2019-10-24T00:00:00.000Z');
    expect(feed.items[0].content).toContain('中巴经济走廊是共建“一带一路”的重要先行先试项目');
    expect(feed.items[0].content).not.toContain('<p>');
  });

  it('reports an HTML error page as MEDIA_NOT_A_FEED and keeps the complete items of a truncated feed', () => {
    const html = parseFeed(fixture('feeds/error-page.html'), 'https://x.example/feed');
    expect(html.items).toEqual([]);
    expect(html.problems[0].code).toBe('MEDIA_NOT_A_FEED');
    const cut = parseFeed(fixture('feeds/truncated.xml'), 'https://news.example.ru/rss');
    expect(cut.items[0]).toMatchObject({ link: 'https://news.example.ru/articles/1', language: 'rus' });
  });
});

describe('extractArticle', () => {
  it('keeps the article paragraphs and drops navigation, sidebar, share tools, comments and footer', () => {
    const page1 = extractArticle(page, 'https://www.voanews.com/a/kenya-china-rail-freight-terminal/7000001.html');
    expect(page1.title).toBe('Kenya and China open a new rail freight terminal');
    expect(page1.canonicalUrl).toBe('https://www.voanews.com/a/kenya-china-rail-freight-terminal/7000001.html');
    expect(page1.publishedAt).toBe('2019-10-24T14:30:00.000Z');
    expect(page1.language).toBe('eng');
    const paragraphs = page1.text.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toMatch(/^NAIROBI, KENYA — Officials from Kenya and China/);
    expect(page1.text).not.toMatch(/sidebar teaser|Share this article|First comment|state-owned|analytics/);
  });
});

describe('FeedPoller against a local server', () => {
  it('polls, fetches the page of a summary-only item, then answers 304 to a conditional request', async () => {
    const reg = registry();
    const poller = new FeedPoller({ registry: reg, politenessMs: 0, retries: 0, timeoutMs: 2000 });
    const feedText = localVoa();
    const local = await startServer({
      '/voa.xml': (request, response) => {
        if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
        else response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Thu, 24 Oct 2019 15:00:00 GMT' }).end(feedText);
      },
    });
    try {
      const feedUrl = `${local.url}/voa.xml`;
      const subscription = { url: feedUrl, source: 'voanews.com', intervalMinutes: 30 };
      const first = await poller.poll(subscription);
      expect(first.status).toBe('updated');
      expect(first.state.etag).toBe('"v1"');
      expect(first.articles).toHaveLength(2);
      const [article, missing] = first.articles;
      expect(article.text.split('\n\n')).toHaveLength(3);
      expect(article.canonicalUrl).toBe('https://www.voanews.com/a/kenya-china-rail-freight-terminal/7000001.html');
      expect(article).toMatchObject({ sourceDomain: 'voanews.com', sourceCountry: 'USA', language: 'eng', publishedAt: '2019-10-24T14:30:00.000Z', origin: 'feed' });
      expect(missing.text).toBe('Only this summary is available.');
      const codes = first.problems.map((p) => p.code);
      expect(codes).toContain('MEDIA_HTTP_ERROR');
      expect(codes).toContain('MEDIA_FEED_ITEM');
      const second = await poller.poll(subscription, first.state);
      expect(second.status).toBe('not-modified');
      expect(second.articles).toEqual([]);
      expect(Date.parse(second.state.nextPollAt as string) - Date.parse(second.state.lastPolledAt as string)).toBe(30 * 60_000);
    } finally {
      await local.close();
    }
  });

  it('reports an HTML error page served with status 200 and backs the schedule off', async () => {
    const poller = new FeedPoller({ politenessMs: 0, retries: 0 });
    const result = await poller.poll({ url: `${server.url}/down.xml`, intervalMinutes: 60 });
    expect(result.status).toBe('failed');
    expect(result.problems[0].code).toBe('MEDIA_NOT_A_FEED');
    expect(result.problems[0].message).toContain('text/html');
    expect(result.state.failures).toBe(1);
    expect(Date.parse(result.state.nextPollAt as string) - Date.parse(result.state.lastPolledAt as string)).toBe(2 * 60 * 60_000);
  });

  it('retries a 503 and lists an unknown domain for curation without assigning a country', async () => {
    const reg = registry();
    const poller = new FeedPoller({ registry: reg, politenessMs: 0, retries: 2, backoffMs: 1, fetchPages: false });
    const result = await poller.poll({ url: `${server.url}/flaky.xml` });
    expect(result.status).toBe('updated');
    expect(result.articles[0]).toMatchObject({ sourceCountry: null, language: 'zho', title: '中巴经济走廊建设稳步推进' });
    expect(reg.unknownDomains().map((u) => u.domain)).toEqual(['127.0.0.1']);
  });

  it('skips items already seen', async () => {
    const poller = new FeedPoller({ politenessMs: 0, retries: 0, fetchPages: false });
    const state: FeedState = { url: `${server.url}/atom.xml`, etag: null, lastModified: null, lastPolledAt: null, nextPollAt: null, failures: 0, seen: ['tag:news.example.cn,2019:c_1125148212'] };
    const result = await poller.poll({ url: state.url }, state);
    expect(result.articles).toEqual([]);
  });

  it('dueFeeds picks feeds never polled or past their next poll time', () => {
    const poller = new FeedPoller({ now: () => Date.parse('2019-10-24T15:00:00Z') });
    const states = new Map<string, FeedState>([
      ['https://a.example/feed', { url: 'https://a.example/feed', etag: null, lastModified: null, lastPolledAt: null, nextPollAt: '2019-10-24T14:59:00Z', failures: 0, seen: [] }],
      ['https://b.example/feed', { url: 'https://b.example/feed', etag: null, lastModified: null, lastPolledAt: null, nextPollAt: '2019-10-24T15:30:00Z', failures: 0, seen: [] }],
    ]);
    const due = poller.dueFeeds([{ url: 'https://a.example/feed' }, { url: 'https://b.example/feed' }, { url: 'https://c.example/feed' }], states);
    expect(due.map((s) => s.url)).toEqual(['https://a.example/feed', 'https://c.example/feed']);
  });
});

describe('HostPoliteness', () => {
  it('keeps requests to one host 2 s apart and lets other hosts go at once', async () => {
    let now = 0;
    const slept: number[] = [];
    const gate = new HostPoliteness(2000, () => now, async (ms) => {
      slept.push(ms);
      now += ms;
    });
    await gate.wait('https://a.example/1');
    await gate.wait('https://a.example/2');
    await gate.wait('https://b.example/1');
    now += 500;
    await gate.wait('https://a.example/3');
    expect(slept).toEqual([2000, 1500]);
  });
});
