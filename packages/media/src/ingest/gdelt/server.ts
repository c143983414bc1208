import { createHash } from 'node:crypto';
import { httpGet, type HttpOptions } from '../http.js';
import { ingestProblem, type IngestProblem } from '../problems.js';
import { gdeltKindOf, gdeltStreamOf, readGdeltFile, type GdeltFileResult, type GdeltKind, type GdeltReadOptions, type GdeltStream } from './read.js';

/** GDELT 2.0's file server. */
export const gdeltDefaultBaseUrl = 'http://data.gdeltproject.org/gdeltv2/';

/** One line of a GDELT file list: `size md5 url`. */
export interface GdeltFileEntry {
  size: number;
  md5: string;
  /** The URL as listed. */
  url: string;
  /** The file name, e.g. "20191024143000.export.CSV.zip". */
  name: string;
  /** The 15-minute batch, YYYYMMDDHHMMSS. */
  timestamp: string;
  kind: GdeltKind | null;
  stream: GdeltStream;
}

/** Reads a file list (`masterfilelist.txt`, `lastupdate.txt` and their `-translation` twins); bad lines are reported. */
export function parseGdeltFileList(text: string, file = 'masterfilelist.txt'): { entries: GdeltFileEntry[]; problems: IngestProblem[] } {
  const entries: GdeltFileEntry[] = [];
  const problems: IngestProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    const parts = line.split(/\s+/);
    const name = parts[2]?.slice(parts[2].lastIndexOf('/') + 1) ?? '';
    const size = Number(parts[0]);
    const timestamp = name.slice(0, 14);
    if (parts.length !== 3 || !Number.isInteger(size) || size < 0 || !/^[0-9a-f]{32}$/i.test(parts[1]) || !/^\d{14}$/.test(timestamp)) {
      problems.push(
        ingestProblem('MEDIA_FILE_LIST_LINE', `gdelt file list: line "${line.slice(0, 100)}" is not "size md5 url" with a YYYYMMDDHHMMSS file name`, {
          file,
          line: i + 1,
          severity: 'warning',
        }),
      );
      continue;
    }
    entries.push({ size, md5: parts[1].toLowerCase(), url: parts[2], name, timestamp, kind: gdeltKindOf(name), stream: gdeltStreamOf(name) });
  }
  return { entries, problems };
}

/** A date as GDELT's YYYYMMDDHHMMSS (UTC); accepts a Date, an ISO string or 8/14 digits. */
export function toGdeltTimestamp(value: Date | string): string {
  if (typeof value === 'string' && /^\d{14}$/.test(value)) return value;
  if (typeof value === 'string' && /^\d{8}$/.test(value)) return `${value}000000`;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`gdelt: "${String(value)}" is not a date; expected ISO 8601 or YYYYMMDDHHMMSS`);
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface GdeltServerOptions extends HttpOptions {
  /** Where the files are; default GDELT's server. Listed files are fetched by name from here (mirrors keep the layout). */
  baseUrl?: string;
}

export type GdeltDownload = { ok: true; entry: GdeltFileEntry; bytes: Uint8Array; attempts: number } | { ok: false; entry: GdeltFileEntry; problem: IngestProblem };

/**
 * A client of GDELT 2.0's file server: file lists, the latest update, files by date range,
 * downloads checked against the listed size and MD5, with timeouts, retries and backoff.
 *
 * @example
 * const server = new GdeltFileServer({ baseUrl: 'http://localhost:8080/gdeltv2/' });
 * const { entries } = await server.filesInRange('2019-10-24T14:00:00Z', '2019-10-24T15:00:00Z', { kinds: ['events'] });
 */
export class GdeltFileServer {
  readonly baseUrl: string;

  constructor(private readonly options: GdeltServerOptions = {}) {
    const base = options.baseUrl ?? gdeltDefaultBaseUrl;
    this.baseUrl = base.endsWith('/') ? base : `${base}/`;
  }

  private async list(name: string): Promise<{ entries: GdeltFileEntry[]; problems: IngestProblem[] }> {
    const url = new URL(name, this.baseUrl).toString();
    const result = await httpGet(url, {}, this.options);
    if (!result.ok) return { entries: [], problems: [result.problem] };
    return parseGdeltFileList(new TextDecoder().decode(result.body), url);
  }

  /** `lastupdate.txt` (or `lastupdate-translation.txt`): the latest Events, Mentions and GKG files. */
  lastUpdate(stream: GdeltStream = 'english'): Promise<{ entries: GdeltFileEntry[]; problems: IngestProblem[] }> {
    return this.list(stream === 'translation' ? 'lastupdate-translation.txt' : 'lastupdate.txt');
  }

  /** `masterfilelist.txt` (or `masterfilelist-translation.txt`): every file since February 2015. */
  masterFileList(stream: GdeltStream = 'english'): Promise<{ entries: GdeltFileEntry[]; problems: IngestProblem[] }> {
    return this.list(stream === 'translation' ? 'masterfilelist-translation.txt' : 'masterfilelist.txt');
  }

  /** Files of the master list with a batch time in [from, to] (inclusive), of the given kinds. */
  async filesInRange(
    from: Date | string,
    to: Date | string,
    options: { kinds?: readonly GdeltKind[]; stream?: GdeltStream } = {},
  ): Promise<{ entries: GdeltFileEntry[]; problems: IngestProblem[] }> {
    const start = toGdeltTimestamp(from);
    const end = toGdeltTimestamp(to);
    const kinds = new Set(options.kinds ?? ['events', 'mentions', 'gkg']);
    const list = await this.masterFileList(options.stream ?? 'english');
    const entries = list.entries.filter((e) => e.timestamp >= start && e.timestamp <= end && e.kind != null && kinds.has(e.kind));
    return { entries, problems: list.problems };
  }

  /**
   * Downloads a listed file and checks its size and MD5. A mismatching copy is downloaded
   * again up to `retries` times, then reported as MEDIA_CHECKSUM_MISMATCH.
   */
  async download(entry: GdeltFileEntry): Promise<GdeltDownload> {
    const url = new URL(entry.name, this.baseUrl).toString();
    const rounds = 1 + (this.options.retries ?? 3);
    let attempts = 0;
    let problem: IngestProblem | null = null;
    for (let round = 1; round <= rounds; round++) {
      const result = await httpGet(url, {}, this.options);
      attempts += result.attempts;
      if (!result.ok) return { ok: false, entry, problem: result.problem };
      const md5 = createHash('md5').update(result.body).digest('hex');
      if (result.body.length === entry.size && md5 === entry.md5) return { ok: true, entry, bytes: result.body, attempts };
      problem = ingestProblem(
        'MEDIA_CHECKSUM_MISMATCH',
        `gdelt download: got ${result.body.length} bytes with MD5 ${md5} (${round} download${round === 1 ? '' : 's'}); the file list states ${entry.size} bytes and MD5 ${entry.md5}`,
        { file: url, value: md5, hint: 'the file was not kept; try again later or check the mirror' },
      );
    }
    return { ok: false, entry, problem: problem as IngestProblem };
  }

  /**
   * Downloads and parses every file of a date range, one at a time. Each file gives its own
   * report; a failed download or a broken file is reported and the batch goes on. Problems
   * of the file list itself come first, with `entry: null`.
   */
  async *fetchRange(
    from: Date | string,
    to: Date | string,
    options: { kinds?: readonly GdeltKind[]; stream?: GdeltStream; read?: GdeltReadOptions<GdeltKind> } = {},
  ): AsyncGenerator<{ entry: GdeltFileEntry | null; result: GdeltFileResult<GdeltKind> | null; problems: IngestProblem[] }> {
    const { entries, problems } = await this.filesInRange(from, to, options);
    if (problems.length > 0) yield { entry: null, result: null, problems };
    for (const entry of entries) {
      const download = await this.download(entry);
      if (!download.ok) {
        yield { entry, result: null, problems: [download.problem] };
        continue;
      }
      const result = await readGdeltFile(entry.kind as GdeltKind, { name: entry.name, bytes: download.bytes }, options.read ?? {});
      yield { entry, result, problems: result.report.problems };
    }
  }
}
