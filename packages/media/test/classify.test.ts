import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articleTexts, codingValue, ingestInput, migrateMediaPipeline, registerSources, runMediaCommand, stancePromptVersion, type MediaCommandOptions, type Queryable, type SourceEntry, type StanceClassification } from '../src/index.js';
import { expectClose } from './analysis-support.js';

interface Seen {
  authorization: string | undefined;
  body: { model: string; temperature: number; messages: Array<{ role: string; content: string }> };
}

let db: PGlite & Queryable;
let dir: string;
let server: Server;
let endpoint = '';
let seen: Seen[] = [];
let failedOnce = false;
let out: string[];
let err: string[];

const options: MediaCommandOptions = {
  openStore: async () => ({ db, close: async () => {} }),
  output: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
};
const run = (...argv: string[]): Promise<number> => runMediaCommand(['media', 'classify', ...argv], options);

const sources: SourceEntry[] = [{ domain: 'nation.africa', name: 'Daily Nation', countryIso3: 'KEN', language: 'eng', communicatorType: 'commercial_media', origin: 'user', note: null }];

/** Constructed archive rows (not real articles): four in March 2024, one in April, one without text. */
const rows = [
  { url: 'https://nation.africa/kenya/news/1', title: 'Rail link opens', text: 'The railway built with Chinese partners is a success, officials said.', date: '2024-03-05T08:00:00Z', language: 'eng' },
  { url: 'https://nation.africa/kenya/news/2', title: 'Port talks', text: 'Talks on the port continued with Chinese lenders; no decision yet.', date: '2024-03-06T08:00:00Z', language: 'eng' },
  { url: 'https://nation.africa/kenya/news/3', title: 'Trade fair', text: 'The trade fair with Chinese exhibitors was a success for local firms.', date: '2024-03-07T08:00:00Z', language: 'eng' },
  { url: 'https://nation.africa/kenya/news/4', title: 'Outage', text: 'A power outage hit the Chinese-built plant; engineers are investigating.', date: '2024-03-08T08:00:00Z', language: 'eng' },
  { url: 'https://nation.africa/kenya/news/5', title: 'April', text: 'A later success story about Chinese investment.', date: '2024-04-02T08:00:00Z', language: 'eng' },
];

function chat(content: string): string {
  return JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
}

/** The fake endpoint: favourable when the article says "success", else neutral; the "Outage" article fails once with HTTP 500. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    const body = JSON.parse(raw) as Seen['body'];
    seen.push({ authorization: req.headers.authorization, body });
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    if (user.includes('Outage') && !failedOnce) {
      failedOnce = true;
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model not loaded' } }));
      return;
    }
    const success = user.includes('success');
    const reply = { stance: success ? 'favourable' : 'neutral', frames: success ? ['cooperation', 'economic-consequences'] : [], confidence: 0.9, rationale: 'Constructed reply.' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(chat(JSON.stringify(reply)));
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

async function idOf(url: string): Promise<string> {
  const { articles } = await articleTexts(db, [url]);
  return articles[0].id;
}

beforeAll(async () => {
  db = new PGlite();
  await migrateMediaPipeline(db);
  await registerSources(db, sources);
  const text = rows.map((r) => JSON.stringify(r)).join('\n');
  const result = await ingestInput(db, { name: 'constructed.jsonl', bytes: new TextEncoder().encode(text) });
  expect(result.problems).toEqual([]);
  expect(result.inserted).toBe(rows.length);
  dir = mkdtempSync(join(tmpdir(), 'media-classify-'));
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  delete process.env.SOFTPOWER_TEST_KEY;
});

beforeEach(() => {
  out = [];
  err = [];
  seen = [];
  process.env.SOFTPOWER_TEST_KEY = 'test-secret';
});

describe('softpower media classify', () => {
  it('codes a cell, writes unit,coder,value,language rows and a log, reports the failed article and exits 1; media reliability reads the codes', async () => {
    failedOnce = false;
    const codes = join(dir, 'codes.csv');
    const log = join(dir, 'run.jsonl');
    const code = await run('--endpoint', endpoint, '--model', 'fake-7b', '--api-key-env', 'SOFTPOWER_TEST_KEY', '--country', 'KEN', '--period', '2024-03', '--out', codes, '--log', log);
    expect(code, err.join('\n')).toBe(1);
    const [a1, a2, a3, a4] = await Promise.all(rows.slice(0, 4).map((r) => idOf(r.url)));

    // the CSV: the three articles that were coded (newest first, as cellArticles orders them), not the April one
    expect(csvRows(codes)).toEqual([
      ['unit', 'coder', 'value', 'language'],
      [a3, 'fake-7b', 'favourable', 'eng'],
      [a2, 'fake-7b', 'neutral', 'eng'],
      [a1, 'fake-7b', 'favourable', 'eng'],
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // the failed article is named with its reason, and the summary says how many were coded
    expect(err.some((l) => l.includes(`error MEDIA_STANCE_HTTP: classify: article ${a4}`) && l.includes('HTTP 500'))).toBe(true);
    expect(out).toEqual([expect.stringMatching(/^media classify: 3 of 4 articles coded by fake-7b \(stance, prompt stance-frames\/1\)/)]);
    expect(err.at(-1)).toMatch(/1 article not coded/);

    // one log line per article, in the order classified
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.articleId, l.outcome])).toEqual([
      [a4, 'http-error'],
      [a3, 'ok'],
      [a2, 'ok'],
      [a1, 'ok'],
    ]);
    for (const l of lines) expect(l).toMatchObject({ model: 'fake-7b', promptVersion: stancePromptVersion, target: 'China', durationMs: expect.any(Number) });
    expect(lines[0]).toMatchObject({ code: 'MEDIA_STANCE_HTTP', classification: null, detail: expect.stringMatching(/HTTP 500/) });
    expect(lines[1].classification).toMatchObject({ stance: 'favourable', frames: ['cooperation', 'economic-consequences'], confidence: 0.9 });

    // the requests: temperature 0, the model, the key from the environment variable
    expect(seen).toHaveLength(4);
    for (const s of seen) {
      expect(s.body.temperature).toBe(0);
      expect(s.body.model).toBe('fake-7b');
      expect(s.authorization).toBe('Bearer test-secret');
      expect(s.body.messages[1].content).toMatch(/^Target: China\nLanguage: eng\n/);
    }

    // constructed human codes for the same units, with the classifier's codes appended
    const human = ['unit,coder,value,language', `${a1},h1,favourable,eng`, `${a2},h1,neutral,eng`, `${a3},h1,favourable,eng`, `${a4},h1,unfavourable,eng`, `${a1},h2,favourable,eng`, `${a2},h2,favourable,eng`, `${a3},h2,favourable,eng`, `${a4},h2,unfavourable,eng`];
    const coded = file('coded.csv', `${human.join('\n')}\n${readFileSync(codes, 'utf8').split('\n').slice(1).join('\n')}`);
    out = [];
    err = [];
    expect(await runMediaCommand(['media', 'reliability', coded, '--classifier', 'fake-7b', '--metric', 'nominal', '--format', 'json'], options)).toBe(0);
    const table = JSON.parse(out.join('\n')) as Array<{ language: string; comparison: string; alpha: number; values: number }>;
    const alpha = (comparison: string): number => table.find((r) => r.language === 'all' && r.comparison === comparison)!.alpha;
    // by hand, nominal alpha = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"):
    // coders+classifier: 11 pairable values, n_fav 7, n_neu 2, n_unf 2, off-diagonal o 2 → 1 − 10·2 / (2·(14 + 14 + 4)) = 0.6875
    expectClose(alpha('coders+classifier'), 0.6875, 1e-12, 'coders+classifier');
    // coders: 8 values, n_fav 5, n_neu 1, n_unf 2, off-diagonal o 2 → 1 − 7·2 / (2·(5 + 10 + 2)) = 10/17
    expectClose(alpha('coders'), 10 / 17, 1e-12, 'coders');
    // h1 agrees with the classifier on the three units both coded; h2 disagrees on a2: 1 − 5·2 / (2·5) = 0
    expectClose(alpha('coder:h1-classifier'), 1, 1e-12, 'h1-classifier');
    expectClose(alpha('coder:h2-classifier'), 0, 1e-12, 'h2-classifier');
  });

  it('codes the articles of a sample file (ids or URLs, each once) with --field frames and exits 0 when every call succeeds', async () => {
    failedOnce = true;
    const [a1, a2, a4] = await Promise.all([rows[0], rows[1], rows[3]].map((r) => idOf(r.url)));
    const sample = file('sample.csv', `unit,coder,value\n${a1},h1,favourable\n${rows[1].url},h1,neutral\n${a1},h2,favourable\n${a4},h1,neutral\n`);
    const codes = join(dir, 'frames.csv');
    expect(await run('--endpoint', endpoint, '--model', 'fake-7b', '--sample', sample, '--field', 'frames', '--out', codes), err.join('\n')).toBe(0);
    // frames in the order of frameLabels, joined by ";"; no frame is "none", not a missing code
    expect(csvRows(codes)).toEqual([
      ['unit', 'coder', 'value', 'language'],
      [a1, 'fake-7b', 'economic-consequences;cooperation', 'eng'],
      [a2, 'fake-7b', 'none', 'eng'],
      [a4, 'fake-7b', 'none', 'eng'],
    ]);
    expect(seen).toHaveLength(3);
    // without --api-key-env and without OPENAI_API_KEY, no Authorization header
    if (process.env.OPENAI_API_KEY == null) expect(seen[0].authorization).toBeUndefined();
  });

  it('names every unit of a sample that is not a stored article, with its line, codes the others and exits 1', async () => {
    failedOnce = true;
    const sample = file('unknown.csv', `unit\n${rows[2].url}\nhttps://nation.africa/kenya/news/404\n${'f'.repeat(64)}\n`);
    const codes = join(dir, 'partial.csv');
    expect(await run('--endpoint', endpoint, '--model', 'fake-7b', '--sample', sample, '--out', codes)).toBe(1);
    expect(err.filter((l) => l.startsWith('error MEDIA_ARCHIVE_ROW'))).toEqual([
      expect.stringContaining(`unit "https://nation.africa/kenya/news/404" is not the id or URL of a stored article (${sample}, line 3, column "unit")`),
      expect.stringContaining(`unit "${'f'.repeat(64)}" is not the id or URL of a stored article (${sample}, line 4, column "unit")`),
    ]);
    expect(csvRows(codes)).toEqual([
      ['unit', 'coder', 'value', 'language'],
      [await idOf(rows[2].url), 'fake-7b', 'favourable', 'eng'],
    ]);
  });

  it('is a usage error (exit 2) without --endpoint or --model, or with both a cell and a sample, and writes nothing', async () => {
    const codes = join(dir, 'never.csv');
    expect(await run('--country', 'KEN', '--period', '2024-03', '--out', codes)).toBe(2);
    expect(err.join('\n')).toMatch(/the classifier is off unless configured; give --endpoint <url>.*and --model <name>/);
    err = [];
    expect(await run('--endpoint', endpoint, '--country', 'KEN', '--period', '2024-03', '--out', codes)).toBe(2);
    expect(err.join('\n')).toMatch(/off unless configured/);
    err = [];
    expect(await run('--endpoint', endpoint, '--model', 'm', '--country', 'KEN', '--period', '2024-03', '--sample', 'x.csv', '--out', codes)).toBe(2);
    expect(err.join('\n')).toMatch(/exactly one of them/);
    err = [];
    expect(await run('--endpoint', endpoint, '--model', 'm', '--api-key-env', 'SOFTPOWER_UNSET_KEY', '--country', 'KEN', '--period', '2024-03', '--out', codes)).toBe(2);
    expect(err.join('\n')).toMatch(/SOFTPOWER_UNSET_KEY \(--api-key-env\) is not set/);
    expect(await run('--endpoint', endpoint, '--model', 'm', '--country', 'KEN', '--period', '2024-13', '--out', codes)).toBe(2);
    expect(seen).toEqual([]);
    expect(existsSync(codes)).toBe(false);
  });

  it('reports an article stored without text as not coded, without sending it', async () => {
    const url = 'https://nation.africa/kenya/news/untitled';
    await ingestInput(db, { name: 'empty.jsonl', bytes: new TextEncoder().encode(JSON.stringify({ url, title: 'Headline only', text: '', date: '2024-05-01T08:00:00Z', language: 'eng' })) });
    const id = await idOf(url);
    const codes = join(dir, 'empty.csv');
    expect(await run('--endpoint', endpoint, '--model', 'fake-7b', '--country', 'KEN', '--period', '2024-05', '--out', codes)).toBe(1);
    expect(seen).toEqual([]);
    expect(err.some((l) => l.startsWith(`error no-text: classify: article ${id}`))).toBe(true);
    expect(csvRows(codes)).toEqual([['unit', 'coder', 'value', 'language']]);
  });
});

describe('codingValue', () => {
  const base: StanceClassification = { stance: 'mixed', frames: [], confidence: 0.5, rationale: '', model: 'm', promptVersion: stancePromptVersion };
  it('gives the stance, or the frames in the order of frameLabels, "none" for no frame', () => {
    expect(codingValue(base, 'stance')).toBe('mixed');
    expect(codingValue({ ...base, frames: ['threat', 'conflict'] }, 'frames')).toBe('conflict;threat');
    expect(codingValue(base, 'frames')).toBe('none');
  });
});
