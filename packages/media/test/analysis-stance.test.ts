import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStanceClassifier, stancePromptVersion, MediaAnalysisError, type StanceLogEntry } from '../src/analysis/index.js';

interface Seen {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

const seen: Seen[] = [];
let server: Server;
let base = '';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function chat(content: string): unknown {
  return { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(raw) as Record<string, unknown> });
      const scenario = (req.url ?? '').split('/')[1];
      if (scenario === 'ok') reply(res, 200, chat(JSON.stringify({ stance: 'favourable', frames: ['cooperation', 'economic-consequences', 'cooperation'], confidence: 0.8, rationale: 'Praises the railway.' })));
      else if (scenario === 'not-json') reply(res, 200, chat('Sure! The stance is favourable.'));
      else if (scenario === 'bad-schema') reply(res, 200, chat(JSON.stringify({ stance: 'positive', frames: ['praise'], confidence: 2, rationale: 'x' })));
      else if (scenario === 'html') reply(res, 200, '<html>gateway</html>');
      else if (scenario === 'error') reply(res, 500, { error: { message: 'model not loaded' } });
      else if (scenario === 'slow') setTimeout(() => reply(res, 200, chat('{}')), 1000);
      else reply(res, 404, { error: 'unknown scenario' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const article = { target: 'China', title: 'New railway opens', text: 'The railway built with Chinese partners opened today.', language: 'en' };

describe('createStanceClassifier', () => {
  it('is off unless configured', () => {
    expect(createStanceClassifier(undefined)).toBeNull();
    expect(createStanceClassifier({ baseUrl: '', model: 'm' })).toBeNull();
  });

  it('posts a JSON-schema request at temperature 0 and returns the checked reply with model and prompt version', async () => {
    const log: StanceLogEntry[] = [];
    const classifier = createStanceClassifier({ baseUrl: `${base}/ok/v1/`, model: 'qwen2.5:7b', apiKey: 'secret', log: (e) => log.push(e) })!;
    const result = await classifier.classify(article);
    expect(result).toEqual({ stance: 'favourable', frames: ['cooperation', 'economic-consequences'], confidence: 0.8, rationale: 'Praises the railway.', model: 'qwen2.5:7b', promptVersion: stancePromptVersion });
    const request = seen.at(-1)!;
    expect(request.path).toBe('/ok/v1/chat/completions');
    expect(request.authorization).toBe('Bearer secret');
    expect(request.body.temperature).toBe(0);
    expect(request.body.model).toBe('qwen2.5:7b');
    expect((request.body.response_format as { type: string }).type).toBe('json_schema');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ model: 'qwen2.5:7b', promptVersion: stancePromptVersion, outcome: 'ok' });
  });

  it('rejects a reply whose content is not JSON', async () => {
    const log: StanceLogEntry[] = [];
    const classifier = createStanceClassifier({ baseUrl: `${base}/not-json/v1`, model: 'm', log: (e) => log.push(e) })!;
    await expect(classifier.classify(article)).rejects.toMatchObject({ code: 'MEDIA_STANCE_INVALID_REPLY' });
    expect(log[0].outcome).toBe('invalid-reply');
  });

  it('rejects JSON that does not match the schema, listing every problem', async () => {
    const classifier = createStanceClassifier({ baseUrl: `${base}/bad-schema/v1`, model: 'm' })!;
    const error = await classifier.classify(article).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaAnalysisError);
    expect((error as MediaAnalysisError).details).toEqual([
      'stance "positive" is not one of favourable, neutral, unfavourable, mixed, not-about-target',
      'frame "praise" is not one of conflict, economic-consequences, human-interest, morality, responsibility, cooperation, threat',
      'confidence 2 is not a number in [0, 1]',
    ]);
  });

  it('rejects a body that is not JSON and an HTTP error', async () => {
    await expect(createStanceClassifier({ baseUrl: `${base}/html/v1`, model: 'm' })!.classify(article)).rejects.toMatchObject({ code: 'MEDIA_STANCE_INVALID_REPLY' });
    await expect(createStanceClassifier({ baseUrl: `${base}/error/v1`, model: 'm' })!.classify(article)).rejects.toMatchObject({ code: 'MEDIA_STANCE_HTTP', message: expect.stringMatching(/HTTP 500/) });
  });

  it('times out', async () => {
    const log: StanceLogEntry[] = [];
    const classifier = createStanceClassifier({ baseUrl: `${base}/slow/v1`, model: 'm', timeoutMs: 100, log: (e) => log.push(e) })!;
    await expect(classifier.classify(article)).rejects.toMatchObject({ code: 'MEDIA_STANCE_TIMEOUT' });
    expect(log[0].outcome).toBe('timeout');
  });
});
