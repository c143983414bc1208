import { basename } from 'node:path';
import { excerpt, ingestProblem, type IngestProblem } from '../problems.js';
import { bufferChunks, fileChunks, looksLikeZip, splitLines, unzipChunks, type StreamContext } from '../stream.js';
import { parseEventFields, type GdeltEvent } from './events.js';
import { FieldError } from './fields.js';
import { defaultFipsLookup, type FipsLookup } from './fips.js';
import { parseGkgFields, type GkgRecord } from './gkg.js';
import { parseMentionFields, type GdeltMention } from './mentions.js';

export type GdeltKind = 'events' | 'mentions' | 'gkg';

/** GDELT keeps machine-translated documents in a separate "translation" stream of files. */
export type GdeltStream = 'english' | 'translation';

export interface GdeltRecordOf {
  events: GdeltEvent;
  mentions: GdeltMention;
  gkg: GkgRecord;
}

/** Columns per line of each file kind (Event Codebook V2.0, GKG Codebook V2.1). */
export const gdeltColumnCounts: Readonly<Record<GdeltKind, number>> = { events: 61, mentions: 16, gkg: 27 };

/** A local path, bytes in memory, or a stream of chunks; zipped or plain, detected from the bytes. */
export type GdeltInput = string | { name: string; bytes: Uint8Array } | { name: string; chunks: AsyncIterable<Uint8Array> };

export interface GdeltReadOptions<K extends GdeltKind> {
  /** FIPS → ISO3 conversion for location fields; default: the repository's country reference. */
  fips?: FipsLookup;
  /** A predicate on the raw fields, run before a record is built (fast filtering). */
  where?: (fields: readonly string[]) => boolean;
  /**
   * Substrings a line must contain (any of them) to be split at all, e.g. "\tCHN\t"; lines
   * without any are counted as filtered out after a column count (still validated). The
   * fastest filter: a necessary condition checked before `where`.
   */
  lineContains?: readonly string[];
  /** A predicate on built records. */
  filter?: (record: GdeltRecordOf[K]) => boolean;
  /** Which stream the file belongs to; default: "translation" when its name holds ".translation.". */
  stream?: GdeltStream;
  /** Problems listed per file (all are counted); default 1000. */
  maxProblems?: number;
}

/** What reading one file gave: counts, and every problem with its line. */
export interface GdeltFileReport {
  file: string;
  kind: GdeltKind;
  stream: GdeltStream;
  /** Decompressed bytes read. */
  bytes: number;
  /** Non-empty lines read. */
  lines: number;
  /** Records kept (after filters). */
  records: number;
  /** Well-formed records left out by `where` or `filter`. */
  filteredOut: number;
  /** Lines rejected: wrong column count or a bad field. */
  rejected: number;
  /** Lines that were not valid UTF-8 (kept, with replacement characters). */
  invalidUtf8: number;
  /** True when the file is unusable (broken zip, unreadable); its records must not be kept. */
  broken: boolean;
  problems: IngestProblem[];
  /** Problems beyond `maxProblems`, counted but not listed. */
  problemsNotListed: number;
}

/** Reads one GDELT file lazily: iterate for batches of records, then read `report`. */
export interface GdeltReader<K extends GdeltKind> extends AsyncIterable<GdeltRecordOf[K][]> {
  readonly report: GdeltFileReport;
}

/** The kind of a GDELT file from its name (`.export.CSV`, `.mentions.CSV`, `.gkg.csv`, zipped or not). */
export function gdeltKindOf(name: string): GdeltKind | null {
  // GDELT's own names, and the same with tags before the extension (….mentions.derived.CSV).
  const match = /\.(export|mentions|gkg)(?:\.[\w-]+)*\.csv(?:\.zip)?$/i.exec(name);
  if (!match) return null;
  const kind = match[1].toLowerCase();
  return kind === 'export' ? 'events' : (kind as GdeltKind);
}

/** The stream of a GDELT file from its name. */
export function gdeltStreamOf(name: string): GdeltStream {
  return name.toLowerCase().includes('.translation.') ? 'translation' : 'english';
}

function inputName(input: GdeltInput): string {
  return typeof input === 'string' ? input : input.name;
}

async function* sourceChunks(input: GdeltInput, context: StreamContext, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  let raw: AsyncIterable<Uint8Array>;
  if (typeof input === 'string') raw = fileChunks(input);
  else if ('bytes' in input) raw = bufferChunks(input.bytes);
  else raw = input.chunks;
  const iterator = raw[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await iterator.next();
  } catch (error) {
    context.fatal = true;
    context.problems.push(ingestProblem('MEDIA_FILE_UNREADABLE', `gdelt: cannot read the file: ${(error as Error).message}`, { file: context.file }));
    return;
  }
  if (first.done) return;
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  };
  const zipped = looksLikeZip(first.value);
  if (!zipped && /\.zip$/i.test(context.file)) {
    context.fatal = true;
    context.problems.push(
      ingestProblem('MEDIA_ZIP_BROKEN', 'unzip: the file is named .zip but does not start with a zip header', {
        file: context.file,
        hint: 'download the file again; its records were not kept',
      }),
    );
    return;
  }
  const chunks = zipped ? unzipChunks(rest(), context) : rest();
  try {
    for await (const chunk of chunks) {
      counter.bytes += chunk.length;
      yield chunk;
    }
  } catch (error) {
    context.fatal = true;
    context.problems.push(ingestProblem('MEDIA_FILE_UNREADABLE', `gdelt: reading stopped: ${(error as Error).message}`, { file: context.file }));
  }
}

/**
 * Reads a GDELT 2.0 Events, Mentions or GKG 2.1 file (tab-separated, no header; quotes are
 * data), zipped or plain, streaming. Lines with the wrong number of columns (truncated lines)
 * or a bad field are skipped and reported with file and line; invalid UTF-8 is reported and
 * read with replacement characters; a broken zip marks the report `broken`. Nothing throws.
 *
 * @example
 * const reader = readGdelt('events', 'data/gdelt/samples/20191024143000.export.CSV', { where: eventActorCountryFilter(['CHN']) });
 * for await (const batch of reader) console.log(batch.length);
 * reader.report.records // 65
 */
export function readGdelt<K extends GdeltKind>(kind: K, input: GdeltInput, options: GdeltReadOptions<K> = {}): GdeltReader<K> {
  const file = inputName(input);
  const report: GdeltFileReport = {
    file,
    kind,
    stream: options.stream ?? gdeltStreamOf(file),
    bytes: 0,
    lines: 0,
    records: 0,
    filteredOut: 0,
    rejected: 0,
    invalidUtf8: 0,
    broken: false,
    problems: [],
    problemsNotListed: 0,
  };
  const maxProblems = options.maxProblems ?? 1000;
  const expected = gdeltColumnCounts[kind];
  const fips = options.fips ?? defaultFipsLookup();
  const build = (kind === 'events'
    ? (f: readonly string[]) => parseEventFields(f, fips)
    : kind === 'mentions'
      ? (f: readonly string[]) => parseMentionFields(f)
      : (f: readonly string[]) => parseGkgFields(f, fips)) as (f: readonly string[]) => GdeltRecordOf[K];
  const where = options.where;
  const filter = options.filter;
  const needles = options.lineContains ?? [];
  const countColumns = (line: string): number => {
    let n = 1;
    for (let at = line.indexOf('\t'); at >= 0; at = line.indexOf('\t', at + 1)) n++;
    return n;
  };
  const label = `gdelt ${kind}`;

  const add = (p: IngestProblem): void => {
    if (report.problems.length < maxProblems) report.problems.push(p);
    else report.problemsNotListed += 1;
  };

  async function* iterate(): AsyncGenerator<GdeltRecordOf[K][]> {
    const context: StreamContext = { file, problems: [], fatal: false };
    const flushContext = (): void => {
      for (const p of context.problems) {
        if (p.code === 'MEDIA_INVALID_UTF8') report.invalidUtf8 += 1;
        add(p);
      }
      context.problems.length = 0;
    };
    const counter = { bytes: 0 };
    const unknownBefore = new Map(fips.unknown);
    for await (const block of splitLines(sourceChunks(input, context, counter), context)) {
      flushContext();
      const out: GdeltRecordOf[K][] = [];
      const lines = block.lines;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.length === 0) continue;
        report.lines += 1;
        let skip = false;
        if (needles.length > 0) {
          skip = true;
          for (const needle of needles) if (line.includes(needle)) skip = false;
        }
        const columns = skip ? countColumns(line) : 0;
        const fields = skip ? [] : line.split('\t');
        const found = skip ? columns : fields.length;
        if (found !== expected) {
          report.rejected += 1;
          add(
            ingestProblem('MEDIA_COLUMN_COUNT', `${label}: line has ${found} columns; expected ${expected}: "${excerpt(line, 60)}"`, {
              file,
              line: block.firstLine + i,
              hint: found < expected ? 'the line looks truncated; download the file again' : 'check that this is a GDELT 2.0 file of the right kind',
            }),
          );
          continue;
        }
        if (skip) {
          report.filteredOut += 1;
          continue;
        }
        if (where && !where(fields)) {
          report.filteredOut += 1;
          continue;
        }
        let record: GdeltRecordOf[K];
        try {
          record = build(fields);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          report.rejected += 1;
          add(
            ingestProblem('MEDIA_BAD_FIELD', `${label}: ${error.message}`, {
              file,
              line: block.firstLine + i,
              column: error.column,
              value: excerpt(error.value, 120),
            }),
          );
          continue;
        }
        if (filter && !filter(record)) {
          report.filteredOut += 1;
          continue;
        }
        out.push(record);
      }
      report.records += out.length;
      if (out.length > 0) yield out;
    }
    flushContext();
    report.bytes = counter.bytes;
    for (const [code, count] of fips.unknown) {
      const before = unknownBefore.get(code) ?? 0;
      if (count > before) {
        add(
          ingestProblem('MEDIA_UNKNOWN_FIPS', `${label}: FIPS country code "${code}" has no ISO3 code in the country reference (${count - before} fields); its country was left empty`, {
            file,
            value: code,
            severity: 'warning',
            hint: 'add the code to data/gdelt/fips-supplement.csv if it names a country or territory',
          }),
        );
      }
    }
    if (context.fatal) report.broken = true;
  }

  return {
    report,
    [Symbol.asyncIterator]: iterate,
  };
}

/** Everything one file gave: its records (none when the file is broken) and its report. */
export interface GdeltFileResult<K extends GdeltKind> {
  records: GdeltRecordOf[K][];
  report: GdeltFileReport;
}

/**
 * Reads a whole GDELT file into memory. A broken file gives no records: a half-read zip is
 * never passed on.
 */
export async function readGdeltFile<K extends GdeltKind>(kind: K, input: GdeltInput, options: GdeltReadOptions<K> = {}): Promise<GdeltFileResult<K>> {
  const reader = readGdelt(kind, input, options);
  const records: GdeltRecordOf[K][] = [];
  for await (const batch of reader) for (const r of batch) records.push(r);
  return { records: reader.report.broken ? [] : records, report: reader.report };
}

/** Short name of a file for messages and run logs. */
export function gdeltFileLabel(path: string): string {
  return basename(path);
}
