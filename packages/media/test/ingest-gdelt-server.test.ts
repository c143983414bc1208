import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdeltFileServer, httpGet, parseGdeltFileList, toGdeltTimestamp } from '../src/index.js';
import { serve, startServer, type TestServer } from './fixtures/http-server.js';

const eventsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20191024143000.export.CSV', import.meta.url));
const mentionsPath = fileURLToPath(new URL('../../../data/gdelt/samples/20170701234500.translation.mentions.derived.CSV', import.meta.url));
const eventsZip = zipSync({ '20191024143000.export.CSV': readFileSync(eventsPath) });
const mentionsZip = zipSync({ '20170701234500.translation.mentions.CSV': readFileSync(mentionsPath) });
const md5 = (b: Uint8Array): string => createHash('md5').update(b).digest('hex');
const gdelt = 'http://data.gdeltproject.org/gdeltv2/';

const master = [
  `${eventsZip.length} ${md5(eventsZip)} ${gdelt}20191024143000.export.CSV.zip`,
  // Listed with a wrong checksum: the download must be refused.
  `${eventsZip.length} ${'0'.repeat(32)} ${gdelt}20191024144500.export.CSV.zip`,
  // Always answers 500.
  `1000 ${'1'.repeat(32)} ${gdelt}20191024150000.export.CSV.zip`,
  `123 ${'2'.repeat(32)} ${gdelt}20191024143000.gkg.csv.zip`,
  `456 ${'3'.repeat(32)} ${gdelt}20191025000000.export.CSV.zip`,
  'this line is damaged',
].join('\n');

let server: TestServer;
const fast = { retries: 2, backoffMs: 1, timeoutMs: 2000 };

beforeAll(async () => {
  server = await startServer({
    '/gdeltv2/masterfilelist.txt': serve(master, 'text/plain'),
    '/gdeltv2/lastupdate-translation.txt': serve(`${mentionsZip.length} ${md5(mentionsZip)} ${gdelt}20170701234500.translation.mentions.CSV.zip\n`, 'text/plain'),
    '/gdeltv2/20191024143000.export.CSV.zip': serve(eventsZip, 'application/zip'),
    '/gdeltv2/20191024144500.export.CSV.zip': serve(eventsZip, 'application/zip'),
    '/gdeltv2/20191024150000.export.CSV.zip': serve('boom', 'text/plain', {}, 500),
    '/gdeltv2/20170701234500.translation.mentions.CSV.zip': serve(mentionsZip, 'application/zip'),
    '/slow': (_req, res) => {
      setTimeout(() => res.writeHead(200).end('late'), 500);
    },
  });
});

afterAll(() => server.close());

describe('GDELT file lists', () => {
  it('parseGdeltFileList reads "size md5 url" lines and reports a damaged line', () => {
    const { entries, problems } = parseGdeltFileList(master, 'masterfilelist.txt');
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatchObject({ size: eventsZip.length, timestamp: '20191024143000', kind: 'events', stream: 'english', name: '20191024143000.export.CSV.zip' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'MEDIA_FILE_LIST_LINE', line: 6, file: 'masterfilelist.txt' });
  });

  it('toGdeltTimestamp writes dates as YYYYMMDDHHMMSS in UTC', () => {
    expect(toGdeltTimestamp('2019-10-24T14:30:00Z')).toBe('20191024143000');
    expect(toGdeltTimestamp('20191024')).toBe('20191024000000');
  });
});

describe('GdeltFileServer against a local server', () => {
  it('filesInRange keeps the listed files of the range and kinds', async () => {
    const client = new GdeltFileServer({ ...fast, baseUrl: `${server.url}/gdeltv2/` });
    const { entries } = await client.filesInRange('2019-10-24T14:30:00Z', '2019-10-24T15:00:00Z', { kinds: ['events'] });
    expect(entries.map((e) => e.name)).toEqual(['20191024143000.export.CSV.zip', '20191024144500.export.CSV.zip', '20191024150000.export.CSV.zip']);
  });

  it('fetchRange downloads and parses good files and reports a checksum mismatch and a 500 without stopping', async () => {
    const client = new GdeltFileServer({ ...fast, baseUrl: `${server.url}/gdeltv2/` });
    const outcomes = [];
    for await (const item of client.fetchRange('20191024143000', '20191024150000', { kinds: ['events'] })) outcomes.push(item);
    expect(outcomes[0].entry).toBeNull();
    expect(outcomes[0].problems[0].code).toBe('MEDIA_FILE_LIST_LINE');
    const [good, mismatch, failing] = outcomes.slice(1);
    expect(good.result?.report.records).toBe(2111);
    expect(mismatch.result).toBeNull();
    expect(mismatch.problems[0].code).toBe('MEDIA_CHECKSUM_MISMATCH');
    expect(server.hits.filter((h) => h.path.endsWith('20191024144500.export.CSV.zip'))).toHaveLength(3);
    expect(failing.result).toBeNull();
    expect(failing.problems[0]).toMatchObject({ code: 'MEDIA_HTTP_ERROR', value: '500' });
    expect(server.hits.filter((h) => h.path.endsWith('20191024150000.export.CSV.zip'))).toHaveLength(3);
  });

  it('lastUpdate("translation") reads lastupdate-translation.txt; its file parses as the translation stream', async () => {
    const client = new GdeltFileServer({ ...fast, baseUrl: `${server.url}/gdeltv2` });
    const { entries } = await client.lastUpdate('translation');
    expect(entries).toHaveLength(1);
    expect(entries[0].stream).toBe('translation');
    const download = await client.download(entries[0]);
    expect(download.ok).toBe(true);
  });

  it('httpGet times out, retries with exponential backoff, and reports MEDIA_TIMEOUT', async () => {
    const delays: number[] = [];
    const result = await httpGet(`${server.url}/slow`, {}, { timeoutMs: 50, retries: 2, backoffMs: 10, sleep: async (ms) => void delays.push(ms) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe('MEDIA_TIMEOUT');
    expect(result.attempts).toBe(3);
    expect(delays).toEqual([10, 20]);
  });
});
