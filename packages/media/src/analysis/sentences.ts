import { stringToUnits } from './normalise.js';

/** Flags of UTF-16 units: ends a sentence, a full stop (ends one before a space or the end), may follow a sentence end. */
const Ends = 1;
const FullStop = 2;
const Trails = 4;

let flagTable: Uint8Array | null = null;

/** The flags of every UTF-16 unit, built on first use. */
function sentenceFlags(): Uint8Array {
  if (flagTable) return flagTable;
  const flags = new Uint8Array(65536);
  for (const c of [0x3002, 0x21, 0x3f, 0x061f, 0x06d4, 0x0964, 0x2026, 0x0a, 0xff61, 0xff01, 0xff1f]) flags[c] |= Ends;
  flags[0x2e] |= FullStop;
  for (const c of [0x20, 0x0a, 0x22, 0x27, 0x29, 0x3002, 0x21, 0x3f, 0x2e, 0x201d, 0xff01, 0xff1f]) flags[c] |= Trails;
  flagTable = flags;
  return flags;
}

/**
 * `sentenceStarts` over the normalised UTF-16 units `units[0, length)`. `starts` is a
 * buffer to reuse (grown when too small); the starts are in `result.starts[0, result.count)`.
 */
export function sentenceStartsOfUnits(units: Uint16Array, length: number, starts: Int32Array = new Int32Array(16)): { starts: Int32Array; count: number } {
  const flags = sentenceFlags();
  let count = 1;
  starts[0] = 0;
  for (let i = 0; i < length; i++) {
    const f = flags[units[i]];
    if ((f & (Ends | FullStop)) === 0) continue;
    if ((f & Ends) === 0) {
      // a full stop ends a sentence before a space, a line break or the end, or before a closing quote or parenthesis that is followed by a space or the end
      if (i + 1 < length) {
        const n = units[i + 1];
        if (!(n === 0x20 || n === 0x0a || ((n === 0x22 || n === 0x27 || n === 0x29) && (i + 2 >= length || units[i + 2] === 0x20)))) continue;
      }
    }
    let j = i + 1;
    while (j < length && (flags[units[j]] & Trails) !== 0) j++;
    if (j < length && j > starts[count - 1]) {
      if (count === starts.length) {
        const grown = new Int32Array(2 * count);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = j;
    }
    i = j - 1;
  }
  return { starts, count };
}

/**
 * Sentence boundaries of normalised text: after 。！？ (and their ASCII forms !?), the
 * Arabic question mark ؟, the Urdu full stop ۔, the Devanagari danda ।, the ellipsis …, a
 * paragraph break, and a full stop followed by a space, a closing quote or the end. Decimal
 * points (3.5) and dots inside words (xinhua.net) do not end a sentence.
 *
 * @returns ascending start offsets of the sentences; the first is 0.
 * @example
 * sentenceStarts('中国很大。我们去吧！ok') // → Int32Array [0, 5, 10]
 */
export function sentenceStarts(text: string): Int32Array {
  const { starts, count } = sentenceStartsOfUnits(stringToUnits(text), text.length);
  return starts.slice(0, count);
}

/** The index of the sentence holding `offset` (binary search over the first `count` sentence starts). */
export function sentenceOf(starts: Int32Array, offset: number, count = starts.length): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
