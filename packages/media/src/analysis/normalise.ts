/**
 * Text normalisation for matching: NFKC, lower case, Arabic/Persian letter variants
 * unified, Arabic diacritics removed, quotes and dashes unified, whitespace collapsed. The
 * result keeps a map from every normalised UTF-16 unit back to the original text, so that
 * matches are reported with offsets into the text the user gave.
 */

export interface NormalisedText {
  /** The normalised text. */
  text: string;
  /**
   * `offsets[i]` is the UTF-16 index in the original text of the character that produced
   * normalised unit `i`; `offsets[text.length]` is the original length.
   */
  offsets: Int32Array;
}

/** Character classes of UTF-16 units: not part of a word, a word in a spaced script, a word in a script written without spaces. */
export const CharClass = { Other: 0, Word: 1, Spaceless: 2 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

let classTable: Uint8Array | null = null;

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(65536);
  const word = /[\p{L}\p{M}\p{N}]/u;
  const spaceless = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = CharClass.Word;
      continue;
    }
    const s = String.fromCharCode(c);
    if (spaceless.test(s)) table[c] = CharClass.Spaceless;
    else if (word.test(s)) table[c] = CharClass.Word;
  }
  return table;
}

/** The class table of all UTF-16 units, built on first use. */
export function charClassTable(): Uint8Array {
  classTable ??= buildClassTable();
  return classTable;
}

/** The class of one UTF-16 unit (surrogates count as word characters). */
export function charClass(code: number): CharClass {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ? CharClass.Word : CharClass.Other;
  }
  classTable ??= buildClassTable();
  return classTable[code] as CharClass;
}

const removed = new Set<number>([
  0x0640, // Arabic tatweel
  0x0670, // Arabic superscript alef
  0x00ad, // soft hyphen
  0x200b, // zero-width space
  0x200c, // zero-width non-joiner (Persian half-space)
  0x200d, // zero-width joiner
  0x2060, // word joiner
  0xfeff, // byte order mark
  0x0307, // combining dot above left by lower-casing Turkish İ
]);

const replaced = new Map<number, string>([
  // Arabic and Persian letter variants
  [0x0623, '\u0627'], [0x0625, '\u0627'], [0x0622, '\u0627'], [0x0671, '\u0627'],
  [0x06cc, '\u064a'], [0x0649, '\u064a'], [0x06d2, '\u064a'],
  [0x06a9, '\u0643'],
  [0x06c0, '\u0647'], [0x06d5, '\u0647'],
  // quotation marks
  [0x201c, '"'], [0x201d, '"'], [0x201e, '"'], [0x201f, '"'], [0x00ab, '"'], [0x00bb, '"'], [0x2039, '"'], [0x203a, '"'], [0x300c, '"'], [0x300d, '"'], [0x300e, '"'], [0x300f, '"'],
  [0x2018, "'"], [0x2019, "'"], [0x201a, "'"], [0x201b, "'"], [0x02bc, "'"], [0x2032, "'"],
  // dashes and hyphens
  [0x2010, '-'], [0x2011, '-'], [0x2012, '-'], [0x2013, '-'], [0x2014, '-'], [0x2015, '-'], [0x2212, '-'], [0xfe58, '-'], [0xfe63, '-'], [0xff0d, '-'],
]);

function isArabicDiacritic(cp: number): boolean {
  return (cp >= 0x064b && cp <= 0x065f) || (cp >= 0x0610 && cp <= 0x061a) || (cp >= 0x06d6 && cp <= 0x06ed);
}

function isSpace(cp: number): boolean {
  return cp === 32 || (cp >= 9 && cp <= 13) || cp === 0x85 || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

interface Mapped {
  text: string;
  /** A combining mark that should compose with the previous character when it can. */
  mark: boolean;
}

const markPattern = /^\p{M}$/u;
/** Mappings of BMP code points by code (an array beats a Map here), others in a Map. */
let bmpCache: Array<Mapped | undefined> | null = null;
/** ASCII lower-casing by code (locale-independent, as `toLowerCase` on ASCII). */
const asciiLower = Uint16Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
const astralCache = new Map<number, Mapped>();

function mapCodePoint(cp: number): Mapped {
  bmpCache ??= new Array<Mapped | undefined>(65536).fill(undefined);
  const hit = cp <= 0xffff ? bmpCache[cp] : astralCache.get(cp);
  if (hit) return hit;
  let text: string;
  if (removed.has(cp) || isArabicDiacritic(cp)) text = '';
  else {
    const r = replaced.get(cp);
    if (r != null) text = r;
    else {
      let s = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
      let t = '';
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        if (removed.has(c) || isArabicDiacritic(c)) continue;
        t += replaced.get(c) ?? ch;
      }
      s = t;
      text = s;
    }
  }
  const mapped = { text, mark: markPattern.test(String.fromCodePoint(cp)) };
  if (cp <= 0xffff) bmpCache[cp] = mapped;
  else astralCache.set(cp, mapped);
  return mapped;
}

/** NFC compositions of a unit and a following mark, by `unit * 0x110000 + mark`; −1 when they do not compose into one unit. */
const compositions = new Map<number, number>();

/** The unit that `unit` followed by the mark `cp` (mapped to `text`) composes into under NFC, or −1. */
function compose(unit: number, cp: number, text: string): number {
  const key = unit * 0x110000 + cp;
  let composed = compositions.get(key);
  if (composed === undefined) {
    const s = (String.fromCharCode(unit) + text).normalize('NFC');
    composed = s.length === 1 ? s.charCodeAt(0) : -1;
    compositions.set(key, composed);
  }
  return composed;
}

/**
 * Output buffers of `normaliseInto`, reusable from call to call: `units` holds the
 * normalised UTF-16 units and `offsets` their origins, as in `NormalisedText`.
 */
export interface NormaliseBuffers {
  units: Uint16Array;
  offsets: Int32Array;
}

/** Empty buffers for `normaliseInto`; they grow on first use. */
export function normaliseBuffers(): NormaliseBuffers {
  return { units: new Uint16Array(0), offsets: new Int32Array(0) };
}

function grow(buffers: NormaliseBuffers, used: number, capacity: number): void {
  const units = new Uint16Array(capacity);
  const offsets = new Int32Array(capacity);
  units.set(buffers.units.subarray(0, used));
  offsets.set(buffers.offsets.subarray(0, used));
  buffers.units = units;
  buffers.offsets = offsets;
}

/**
 * `normaliseForMatching` into typed arrays, without building strings: writes the normalised
 * units to `buffers.units[0, n)` and their origins to `buffers.offsets[0, n]`
 * (`offsets[n]` is `input.length`), growing the buffers when they are too small, and
 * returns `n`. The buffers' previous content is overwritten.
 */
export function normaliseInto(input: string, buffers: NormaliseBuffers): number {
  const length = input.length;
  // an ASCII or whitespace unit yields at most one unit, so length + 1 holds any text
  // without longer expansions; those check the room left before writing
  if (buffers.units.length < length + 1) grow(buffers, 0, length + 16);
  let units = buffers.units;
  let offsets = buffers.offsets;
  let n = 0;
  let pendingSpace = -1;
  let newlines = 0;
  for (let i = 0; i < length; ) {
    const code = input.charCodeAt(i);
    if (code < 128) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (pendingSpace < 0) {
          pendingSpace = i;
          newlines = 0;
        }
        if (code === 10) newlines++;
      } else {
        if (pendingSpace >= 0) {
          if (n > 0) {
            offsets[n] = pendingSpace;
            units[n++] = newlines >= 2 ? 10 : 32;
          }
          pendingSpace = -1;
        }
        offsets[n] = i;
        units[n++] = asciiLower[code];
        // the rest of a run of printable ASCII, single spaces between words included, in a tight loop
        while (++i < length) {
          const c = input.charCodeAt(i);
          if (c > 32 && c < 128) {
            offsets[n] = i;
            units[n++] = asciiLower[c];
            continue;
          }
          if (c !== 32 || i + 1 === length) break;
          const d = input.charCodeAt(i + 1);
          if (d <= 32 || d >= 128) break;
          offsets[n] = i;
          units[n++] = 32;
          offsets[n] = ++i;
          units[n++] = asciiLower[d];
        }
        continue;
      }
      i++;
      continue;
    }
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isSpace(cp)) {
      if (pendingSpace < 0) {
        pendingSpace = i;
        newlines = 0;
      }
      if (cp === 0x2029 || cp === 0x2028) newlines += 2;
      i += width;
      continue;
    }
    const mapped = mapCodePoint(cp);
    const t = mapped.text;
    if (t.length === 0) {
      i += width;
      continue;
    }
    if (pendingSpace >= 0) {
      if (n > 0) {
        offsets[n] = pendingSpace;
        units[n++] = newlines >= 2 ? 10 : 32;
      }
      pendingSpace = -1;
    }
    if (mapped.mark && n > 0) {
      const composed = compose(units[n - 1], cp, t);
      if (composed >= 0) {
        units[n - 1] = composed;
        i += width;
        continue;
      }
    }
    if (n + t.length + (length - i) + 1 > units.length) {
      grow(buffers, n, 2 * units.length + t.length + 16);
      units = buffers.units;
      offsets = buffers.offsets;
    }
    for (let k = 0; k < t.length; k++) {
      offsets[n] = i;
      units[n++] = t.charCodeAt(k);
    }
    i += width;
  }
  offsets[n] = length;
  return n;
}

/** The string of `units[0, length)`, built in chunks (lone surrogates are kept as they are). */
export function unitsToString(units: Uint16Array, length: number): string {
  const chunk = 8192;
  if (length <= chunk) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  const parts: string[] = [];
  for (let k = 0; k < length; k += chunk) parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(length, k + chunk)) as unknown as number[]));
  return parts.join('');
}

/** The UTF-16 units of `text` in a typed array. */
export function stringToUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/**
 * Normalises text for matching and keeps the offsets back to the original.
 *
 * Whitespace runs become one space, or a newline when the run holds a blank line (a
 * paragraph break, which also ends a sentence). Leading and trailing whitespace is dropped.
 *
 * @example
 * normaliseForMatching('ÇİN  “Belt and Road”').text // → 'çin "belt and road"'
 */
export function normaliseForMatching(input: string): NormalisedText {
  const buffers = normaliseBuffers();
  const n = normaliseInto(input, buffers);
  return { text: unitsToString(buffers.units, n), offsets: buffers.offsets.slice(0, n + 1) };
}

/** Normalises a lexicon term exactly as article text is normalised. */
export function normaliseTerm(term: string): string {
  return normaliseForMatching(term).text;
}
