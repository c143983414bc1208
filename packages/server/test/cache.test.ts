import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { JobQueue } from '../src/jobs/queue.js';
import { runBuild } from '../src/store/builds.js';
import { saveBundledSpec } from '../src/store/specs.js';
import { openStore, type Store } from '../src/store/store.js';
import { asemSpecPath } from './support.js';

describe('cached reads', () => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let url: string;

  beforeAll(async () => {
    store = await openStore();
    await saveBundledSpec(store, asemSpecPath);
    await runBuild(store, 'asem-default');
    jobs = new JobQueue({ store });
    app = await createApp({ store, jobs, token: 'secret' });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })) + '/api/frameworks/asem-default/results?limit=5';
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.close();
    await store?.close();
  });

  it('a repeated read on a socket is answered from the cache with the same body, headers and a strong ETag; If-None-Match gives 304', async () => {
    const first = await fetch(url);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBeNull();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const second = await fetch(url);
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(firstBody)));
    const notModified = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    const injected = await app.inject({ url: url.slice(url.indexOf('/api/')), headers: { accept: '*/*' } });
    expect(injected.headers['x-cache']).toBe('hit');
    expect(injected.body).toBe(firstBody);
  });

  it('a write to the store drops the cached answers: the next read is computed again', async () => {
    await fetch(url);
    store.changed();
    const after = await fetch(url);
    expect(after.headers.get('x-cache')).toBeNull();
    expect(after.status).toBe(200);
    expect((await fetch(url)).headers.get('x-cache')).toBe('hit');
  });

  it('health and job reads are never cached, on the socket or through inject()', async () => {
    const origin = url.slice(0, url.indexOf('/api/'));
    for (const path of ['/api/health', '/api/health?probe=1', '/api/jobs']) {
      for (let i = 0; i < 2; i++) {
        expect((await fetch(origin + path)).headers.get('x-cache'), path).toBeNull();
        expect((await app.inject({ url: path })).headers['x-cache'], path).toBeUndefined();
      }
    }
  });

  it('a CSV download is cached apart from the JSON page of the same URL', async () => {
    const csv = await fetch(url, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const again = await fetch(url, { headers: { accept: 'text/csv' } });
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await fetch(url)).headers.get('content-type')).toMatch(/^application\/json/);
  });
});
