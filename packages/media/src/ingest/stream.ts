import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Unzip, UnzipInflate } from 'fflate';
import { ingestProblem, type IngestProblem } from './problems.js';

/** A block of complete lines and the 1-based number of its first line. */
export interface LineBlock {
  lines: string[];
  firstLine: number;
}

/** Where problems go while a stream is read; `fatal` is set when the file must be discarded. */
export interface StreamContext {
  file: string;
  problems: IngestProblem[];
  fatal: boolean;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8');
const LF = 0x0a;

/** Chunks of a local file, 1 MiB at a time. */
export async function* fileChunks(path: string, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    yield chunk as Uint8Array;
  }
}

/** One in-memory buffer as a chunk source. */
export async function* bufferChunks(bytes: Uint8Array, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
}

/** True when the bytes start with a zip local file header ("PK\x03\x04"). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Inflates the first file of a zip archive while it streams in (GDELT zips hold exactly one
 * CSV). A corrupt or truncated archive, or one without a file, is reported as
 * MEDIA_ZIP_BROKEN and marks the context fatal; the chunks already yielded must then be
 * discarded by the caller.
 */
export async function* unzipChunks(source: AsyncIterable<Uint8Array>, context: StreamContext): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let files = 0;
  let finished = false;
  let failure: string | undefined;
  const unzip = new Unzip((file) => {
    files += 1;
    if (files > 1) return;
    file.ondata = (error, data, final) => {
      if (error) {
        failure = error.message;
        return;
      }
      if (data.length > 0) out.push(data);
      if (final) finished = true;
    };
    try {
      file.start();
    } catch (error) {
      failure = (error as Error).message;
    }
  });
  unzip.register(UnzipInflate);
  const broken = (reason: string): void => {
    context.fatal = true;
    context.problems.push(
      ingestProblem('MEDIA_ZIP_BROKEN', `unzip: ${reason}`, {
        file: context.file,
        hint: 'download the file again; its records were not kept',
      }),
    );
  };
  try {
    for await (const chunk of source) {
      unzip.push(chunk, false);
      if (failure != null) break;
      while (out.length > 0) yield out.shift() as Uint8Array;
    }
    if (failure == null) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    failure = (error as Error).message;
  }
  while (out.length > 0) yield out.shift() as Uint8Array;
  if (failure != null) broken(`the archive is corrupt: ${failure}`);
  else if (files === 0) broken('the archive holds no file');
  else if (!finished) broken('the archive is truncated (its file ends before its stated end)');
}

/**
 * Splits a byte stream into lines (LF or CRLF), decoding UTF-8. Blocks of lines are decoded at
 * once; when a block is not valid UTF-8 its lines are decoded one by one so that each bad line
 * is reported (MEDIA_INVALID_UTF8, a warning) and read with replacement characters. Empty
 * lines are passed on (callers skip them). A last line without a newline is kept: a truncated line
 * shows up as a wrong column count downstream.
 */
export async function* splitLines(source: AsyncIterable<Uint8Array>, context: StreamContext): AsyncGenerator<LineBlock> {
  let carry: Uint8Array | undefined;
  let nextLine = 1;
  for await (const chunk of source) {
    let bytes = chunk;
    if (carry) {
      const merged = new Uint8Array(carry.length + chunk.length);
      merged.set(carry, 0);
      merged.set(chunk, carry.length);
      bytes = merged;
      carry = undefined;
    }
    const lastLf = bytes.lastIndexOf(LF);
    if (lastLf < 0) {
      carry = bytes.slice();
      continue;
    }
    const block = decodeBlock(bytes.subarray(0, lastLf), nextLine, context);
    nextLine += block.count;
    if (block.lines.length > 0) yield { lines: block.lines, firstLine: block.firstLine };
    carry = lastLf + 1 < bytes.length ? bytes.slice(lastLf + 1) : undefined;
  }
  if (carry && carry.length > 0) {
    const block = decodeBlock(carry, nextLine, context);
    if (block.lines.length > 0) yield { lines: block.lines, firstLine: block.firstLine };
  }
}

interface DecodedBlock {
  lines: string[];
  firstLine: number;
  count: number;
}

/** Decodes `bytes` (no trailing LF) holding lines numbered from `firstLine`. */
function decodeBlock(bytes: Uint8Array, firstLine: number, context: StreamContext): DecodedBlock {
  // isUtf8 validates with SIMD; Buffer's decoder is then faster than a fatal TextDecoder
  if (isUtf8(bytes)) {
    let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (firstLine === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const raw = text.split('\n');
    return { ...compact(raw, firstLine), count: raw.length };
  }
  const raw: string[] = [];
  let start = 0;
  let line = firstLine;
  while (start <= bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end < 0) end = bytes.length;
    const slice = bytes.subarray(start, end);
    try {
      raw.push(strictDecoder.decode(slice));
    } catch {
      const lenient = lenientDecoder.decode(slice);
      raw.push(lenient);
      context.problems.push(
        ingestProblem('MEDIA_INVALID_UTF8', `read: line is not valid UTF-8: "${lenient.slice(0, 60)}"`, {
          file: context.file,
          line,
          severity: 'warning',
          hint: 'the line was kept with U+FFFD in place of the bad bytes; check the source encoding',
        }),
      );
    }
    start = end + 1;
    line += 1;
  }
  return { ...compact(raw, firstLine), count: raw.length };
}

/** Strips a trailing CR from each line; empty lines stay so that line numbers remain consecutive. */
function compact(raw: string[], firstLine: number): { lines: string[]; firstLine: number } {
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) raw[i] = line.slice(0, -1);
  }
  return { lines: raw, firstLine };
}
