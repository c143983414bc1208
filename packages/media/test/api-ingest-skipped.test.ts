import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { InputResult } from '../src/pipeline/ingest.js';

/** A skipped upload whose only problem is a warning (MEDIA_INVALID_UTF8, HTTP 200): constructed, no real input reaches this state today. */
const skipped: InputResult = {
  file: 'upload.jsonl',
  kind: 'archive',
  records: 0,
  rejected: 0,
  events: 0,
  newEvents: 0,
  skipped: true,
  articles: 0,
  inserted: 0,
  existing: 0,
  syndicated: 0,
  rollupRows: 0,
  unknownSource: 0,
  problems: [{ code: 'MEDIA_INVALID_UTF8', severity: 'warning', message: 'invalid UTF-8 on line 1', file: 'upload.jsonl', line: 1 }],
};

vi.mock('../src/pipeline/ingest.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/pipeline/ingest.js')>()),
  ingestInput: vi.fn(async () => skipped),
}));

describe('media API: a skipped upload', () => {
  it('POST /api/media/ingest answers a skipped upload without errors with MEDIA_FILE_UNREADABLE (400), not a warning code and HTTP 200', async () => {
    const { mediaRoutes } = await import('../src/api/index.js');
    const app = Fastify();
    await app.register(mediaRoutes, { db: { query: async () => ({ rows: [] }) } });
    await app.ready();
    try {
      const response = await app.inject({ method: 'POST', url: '/api/media/ingest?filename=upload.jsonl', headers: { 'content-type': 'application/x-ndjson' }, payload: '{}' });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'MEDIA_FILE_UNREADABLE', details: skipped.problems });
      expect(response.json().error.message).toMatch(/nothing was written/);
    } finally {
      await app.close();
    }
  });
});
