import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicaliseUrl, contentHashOf, createArticle, importArchive, normaliseText, SourceRegistry, SyndicationIndex } from '../src/index.js';

const path = (name: string): string => fileURLToPath(new URL(`./fixtures/archives/${name}`, import.meta.url));
const voa = () =>
  new SourceRegistry([{ domain: 'voanews.com', name: 'VOA English', countryIso3: 'USA', language: 'eng', communicatorType: 'state_media', origin: 'voa-domains.tsv', note: null }]);

describe('importArchive', () => {
  it('CSV: keeps good rows (quoted, multi-line) and reports each bad row with file, line, column and value', async () => {
    const result = await importArchive(path('export.csv'), { registry: voa() });
    expect(result.rows).toBe(6);
    expect(result.articles).toHaveLength(2);
    expect(result.rejected).toBe(4);
    const [first, second] = result.articles;
    expect(first).toMatchObject({ sourceDomain: 'voanews.com', sourceCountry: 'USA', language: 'eng', publishedAt: '2019-10-24T14:30:00.000Z', origin: 'archive' });
    expect(second.title).toBe('A headline with "quotes"');
    expect(second.text).toBe('Line one.\nLine two of a quoted, multi-line text.');
    const where = result.problems.map((p) => [p.line, p.column ?? null, p.value]);
    expect(where).toEqual([
      [5, 'url', 'not-a-url'],
      [6, 'date', 'yesterday'],
      [7, 'language', 'xx-klingon'],
      [8, null, 'https://news.example.ru/articles/3,Too few fields'],
    ]);
    expect(result.problems.every((p) => p.file === path('export.csv'))).toBe(true);
  });

  it('JSONL: reports broken JSON, a non-object line and a row without title or text, and lists unknown domains', async () => {
    const registry = voa();
    const result = await importArchive(path('export.jsonl'), { registry });
    expect(result.articles.map((a) => a.language)).toEqual(['eng', 'zho']);
    expect(result.articles[1]).toMatchObject({ sourceDomain: 'news.example.cn', sourceCountry: null, publishedAt: '2019-10-24T00:00:00.000Z' });
    expect(result.problems.map((p) => [p.line, p.column ?? null])).toEqual([
      [3, null],
      [4, null],
      [5, 'text'],
    ]);
    expect(registry.unknownDomains()).toEqual([{ domain: 'news.example.cn', articles: 1, examples: ['https://news.example.cn/world/1.htm'] }]);
  });
});

describe('article model', () => {
  it('canonicaliseUrl drops tracking parameters, fragments and default ports and sorts the query', () => {
    expect(canonicaliseUrl('HTTP://News.Example.com:80/a/b/?utm_source=x&b=2&a=1#top')).toBe('https://news.example.com/a/b?a=1&b=2');
    expect(canonicaliseUrl('mailto:x@example.com')).toBeNull();
  });

  it('the content hash is sha256 of the normalised text, so case and white space do not change it', () => {
    expect(normaliseText('  Belt\u00a0and\n\nRoad ')).toBe('belt and road');
    expect(contentHashOf('Belt and Road')).toBe(contentHashOf(' belt  AND\nroad'));
    // sha256("belt and road"), computed with `printf 'belt and road' | sha256sum`
    expect(contentHashOf('Belt and Road')).toBe('b28df741ad30771a51542c0d99dac4034887351b7374a14515a22424c5ae2bd5');
    expect(contentHashOf('   ')).toBeNull();
  });

  it('re-ingesting the same page gives the same id; a tracking-parameter variant is the same article', () => {
    const a = createArticle({ url: 'https://www.voanews.com/a/1.html?utm_source=rss', publishedAt: '2019-10-24T14:30:00Z', origin: 'feed', text: 'x' }).article;
    const b = createArticle({ url: 'https://www.voanews.com/a/1.html', publishedAt: '2019-10-24T14:30:00Z', origin: 'archive', text: 'x' }).article;
    expect(a?.id).toBe(b?.id);
  });
});

describe('SyndicationIndex', () => {
  const body = Array.from({ length: 8 }, (_, i) => `Sentence ${i} of the wire story says that the corridor project moved ahead with new investment in energy and transport.`).join(' ');
  const make = (url: string, text: string, canonicalUrl?: string) => createArticle({ url, text, canonicalUrl, publishedAt: '2019-10-24T00:00:00Z', origin: 'archive' }).article!;

  it('finds the same canonical URL, the same text, and a near-duplicate with a changed lead', () => {
    const index = new SyndicationIndex();
    const original = make('https://wire.example/story', body);
    expect(index.add(original)).toBeNull();
    // A partner's page that declares the wire story as its canonical URL.
    expect(index.add(make('https://partner.example/world/123', 'other', 'https://wire.example/story'))).toMatchObject({ of: original.id, reason: 'canonical-url' });
    expect(index.add(make('https://paper-a.example/copy', body.toUpperCase()))).toMatchObject({ of: original.id, reason: 'content-hash' });
    const edited = `PARTNER NEWS SERVICE — ${body} Copyright the partner.`;
    const match = index.add(make('https://paper-b.example/copy', edited));
    expect(match?.reason).toBe('near-duplicate');
    expect(match?.of).toBe(original.id);
    expect(match!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('does not join different stories, and is reproducible for one seed', () => {
    const index = new SyndicationIndex();
    index.add(make('https://wire.example/a', body));
    const other = Array.from({ length: 8 }, (_, i) => `Paragraph ${i}: the football club signed a striker after a long negotiation over the summer transfer window.`).join(' ');
    expect(index.add(make('https://wire.example/b', other))).toBeNull();
    expect(new SyndicationIndex().signature(body)).toEqual(new SyndicationIndex().signature(body));
  });
});
