import { parseDelimited } from './csv.js';
import { MediaAnalysisError } from './errors.js';
import { charClassTable, stringToUnits } from './normalise.js';

export interface ToneLexicon {
  /** e.g. `vader-en`. */
  id: string;
  /** ISO 639-1 language the lexicon scores. */
  language: string;
  licence: string;
  /** Lower-case token → valence (negative to positive). */
  valences: Map<string, number>;
  /** Length of the longest token (longer words are not looked up). */
  maxTokenLength: number;
}

/**
 * Reads a two-column tab-separated lexicon (`token`, `valence`, with a header row).
 *
 * @example
 * toneLexiconFromTsv('token\tvalence\ngood\t1.9\n', { id: 'mini', language: 'en', licence: 'MIT' }).valences.get('good') // → 1.9
 */
export function toneLexiconFromTsv(text: string, meta: { id: string; language: string; licence: string }): ToneLexicon {
  const rows = parseDelimited(text, '\t');
  const problems: string[] = [];
  const valences = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const value = Number(r[1]);
    if (r.length < 2 || r[0] === '' || !Number.isFinite(value)) problems.push(`line ${i + 2}: expected "token<TAB>number", got "${r.join('\\t')}"`);
    else valences.set(r[0].toLowerCase(), value);
  });
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_LEXICON_INVALID', `tone lexicon "${meta.id}": ${problems.length} malformed line(s), first ${problems[0]}`, problems);
  let maxTokenLength = 0;
  for (const token of valences.keys()) maxTokenLength = Math.max(maxTokenLength, token.length);
  return { ...meta, valences, maxTokenLength };
}

export interface ToneAvailable {
  available: true;
  language: string;
  lexicon: string;
  /** Words counted (runs of letters and digits; an apostrophe inside a word joins it). */
  words: number;
  positiveWords: number;
  negativeWords: number;
  /** Positive words per 100 words (GDELT's Positive Score). */
  positive: number;
  /** Negative words per 100 words (GDELT's Negative Score). */
  negative: number;
  /** `positive − negative`, as GDELT's Tone. */
  tone: number;
  /** Sum of valences per 100 words (intensity-weighted tone). */
  polarity: number;
}

export interface ToneUnavailable {
  available: false;
  language: string | null;
  /** Why: no lexicon for the language, language unknown, or no words. */
  reason: string;
}

export type ToneResult = ToneAvailable | ToneUnavailable;

/**
 * The tokens of a lexicon in an open-addressing hash table over their UTF-16 units, so
 * that a word is looked up while the text is scanned, without slicing it into a string.
 */
interface TokenTable {
  mask: number;
  /** Token number + 1 per slot; 0 is an empty slot. */
  slots: Int32Array;
  hashes: Int32Array;
  starts: Int32Array;
  units: Uint16Array;
  values: Float64Array;
}

/** FNV-1a step over one UTF-16 unit. */
function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

const hashSeed = 0x811c9dc5 | 0;

function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

const tables = new WeakMap<ToneLexicon, TokenTable>();

/** Built once per lexicon: its valences must not change after the first analysis. */
function tokenTable(lexicon: ToneLexicon): TokenTable {
  let table = tables.get(lexicon);
  if (table) return table;
  const tokens = [...lexicon.valences.keys()];
  let size = 16;
  while (size < 4 * tokens.length) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size);
  const hashes = new Int32Array(tokens.length);
  const starts = new Int32Array(tokens.length + 1);
  const values = new Float64Array(tokens.length);
  let total = 0;
  for (const token of tokens) total += token.length;
  const units = new Uint16Array(total);
  let at = 0;
  tokens.forEach((token, t) => {
    starts[t] = at;
    let hash = hashSeed;
    for (let k = 0; k < token.length; k++) {
      const c = token.charCodeAt(k);
      units[at++] = c;
      hash = hashStep(hash, c);
    }
    hashes[t] = hash;
    values[t] = lexicon.valences.get(token)!;
    let slot = slotOf(hash, mask);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = t + 1;
  });
  starts[tokens.length] = at;
  table = { mask, slots, hashes, starts, units, values };
  tables.set(lexicon, table);
  return table;
}

const unknownLanguage: ToneUnavailable = { available: false, language: null, reason: 'tone: language unknown; give the article a language or let detectLanguage() find it' };

/** The lexicon for `language`, or why tone is unavailable. */
function toneLexiconFor(language: string, lexicons: Readonly<Record<string, ToneLexicon>>): ToneLexicon | ToneUnavailable {
  const lexicon = Object.hasOwn(lexicons, language) ? lexicons[language] : undefined;
  if (!lexicon) {
    return { available: false, language, reason: `tone: no permissively licensed lexicon for language "${language}"; lexicons exist for ${Object.keys(lexicons).join(', ') || 'none'}` };
  }
  return lexicon;
}

/**
 * `analyseTone` over normalised UTF-16 units `units[0, length)` in a typed array, as the
 * analyser holds them.
 */
export function toneOfUnits(units: Uint16Array, length: number, language: string | null, lexicons: Readonly<Record<string, ToneLexicon>>): ToneResult {
  if (language == null) return { ...unknownLanguage };
  const lexicon = toneLexiconFor(language, lexicons);
  if ('available' in lexicon) return lexicon;
  const { mask, slots, hashes, starts, units: tokenUnits, values } = tokenTable(lexicon);
  let words = 0;
  let positiveWords = 0;
  let negativeWords = 0;
  let sum = 0;
  const table = charClassTable();
  const maxLength = lexicon.maxTokenLength;
  const n = length;
  let i = 0;
  while (i < n) {
    let c = units[i];
    if (table[c] === 0) {
      i++;
      continue;
    }
    // a word: a run of letters, marks and digits; an apostrophe followed by one joins the next run
    const start = i;
    let hash = hashStep(hashSeed, c);
    i++;
    for (;;) {
      while (i < n && table[(c = units[i])] !== 0) {
        hash = hashStep(hash, c);
        i++;
      }
      if (c === 0x27 && i + 1 < n && table[units[i + 1]] !== 0) {
        hash = hashStep(hash, c);
        i++;
      } else break;
    }
    words++;
    const wordLength = i - start;
    if (wordLength > maxLength) continue;
    let slot = slotOf(hash, mask);
    let t: number;
    while ((t = slots[slot]) !== 0) {
      t--;
      if (hashes[t] === hash && starts[t + 1] - starts[t] === wordLength) {
        let k = 0;
        const from = starts[t];
        while (k < wordLength && tokenUnits[from + k] === units[start + k]) k++;
        if (k === wordLength) {
          const v = values[t];
          sum += v;
          if (v > 0) positiveWords++;
          else if (v < 0) negativeWords++;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  if (words === 0) return { available: false, language, reason: 'tone: the text has no words' };
  const positive = (100 * positiveWords) / words;
  const negative = (100 * negativeWords) / words;
  return { available: true, language, lexicon: lexicon.id, words, positiveWords, negativeWords, positive, negative, tone: positive - negative, polarity: (100 * sum) / words };
}

/**
 * Lexicon tone of normalised text, normalised per 100 words as GDELT does: the share of
 * positive words minus the share of negative words. A bag of words: negation, intensifiers
 * and sarcasm are ignored, and tone is not stance. Languages without a lexicon are
 * reported as unavailable, never as 0.
 *
 * @example
 * analyseTone('a good day', 'en', { en: lexicon }) // → { available: true, words: 3, positiveWords: 1, positive: 33.3…, tone: 33.3…, … }
 */
export function analyseTone(normalisedText: string, language: string | null, lexicons: Readonly<Record<string, ToneLexicon>>): ToneResult {
  if (language == null) return { ...unknownLanguage };
  const lexicon = toneLexiconFor(language, lexicons);
  if ('available' in lexicon) return lexicon;
  return toneOfUnits(stringToUnits(normalisedText), normalisedText.length, language, lexicons);
}
