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
const cache = new Map<number, Mapped>();

function mapCodePoint(cp: number): Mapped {
  const hit = cache.get(cp);
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
  cache.set(cp, mapped);
  return mapped;
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
  const parts: string[] = [];
  // ASCII and spaces produce at most two units per input unit; longer expansions grow the array
  let offsets = new Int32Array(2 * input.length + 16);
  let n = 0;
  let pendingSpace = -1;
  let newlines = 0;
  const length = input.length;
  // lower-casing the whole text at once is exact for ASCII runs when it keeps the length
  const lower = input.toLowerCase();
  const lowerAligned = lower.length === length;
  for (let i = 0; i < length; ) {
    const code = input.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13)) {
      if (pendingSpace < 0) {
        pendingSpace = i;
        newlines = 0;
      }
      if (code === 10) newlines++;
      i++;
      continue;
    }
    let cp = code;
    let width = 1;
    let mapped: Mapped | null = null;
    if (code >= 128) {
      cp = input.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      if (isSpace(cp)) {
        if (pendingSpace < 0) {
          pendingSpace = i;
          newlines = 0;
        }
        if (cp === 0x2029 || cp === 0x2028) newlines += 2;
        i += width;
        continue;
      }
      mapped = mapCodePoint(cp);
      if (mapped.text.length === 0) {
        i += width;
        continue;
      }
    }
    if (pendingSpace >= 0) {
      if (n > 0) {
        offsets[n++] = pendingSpace;
        parts.push(newlines >= 2 ? '\n' : ' ');
      }
      pendingSpace = -1;
    }
    if (mapped == null) {
      // a run of printable ASCII, single spaces between words included, is lower-cased in one go
      let j = i + 1;
      while (j < length) {
        const c = input.charCodeAt(j);
        if (c > 32 && c < 128) j++;
        else if (c === 32 && j + 1 < length && input.charCodeAt(j + 1) > 32 && input.charCodeAt(j + 1) < 128) j += 2;
        else break;
      }
      for (let k = i; k < j; k++) offsets[n++] = k;
      parts.push(lowerAligned ? lower.slice(i, j) : input.slice(i, j).toLowerCase());
      i = j;
      continue;
    }
    if (mapped.mark && parts.length > 0) {
      const last = parts[parts.length - 1];
      const composed = (last.slice(-1) + mapped.text).normalize('NFC');
      if (composed.length === 1) {
        parts[parts.length - 1] = last.slice(0, -1) + composed;
        i += width;
        continue;
      }
    }
    const t = mapped.text;
    if (n + t.length + 2 * (length - i) + 2 > offsets.length) {
      const grown = new Int32Array(2 * offsets.length + t.length + 16);
      grown.set(offsets);
      offsets = grown;
    }
    for (let k = 0; k < t.length; k++) offsets[n++] = i;
    parts.push(t);
    i += width;
  }
  offsets[n] = length;
  return { text: parts.join(''), offsets: offsets.slice(0, n + 1) };
}

/** Normalises a lexicon term exactly as article text is normalised. */
export function normaliseTerm(term: string): string {
  return normaliseForMatching(term).text;
}
