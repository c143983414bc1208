import { parseDelimited } from './csv.js';
import { MediaAnalysisError } from './errors.js';
import { charClassTable } from './normalise.js';

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

/** A 16-bit key of a token from its first and last UTF-16 units and its length. */
function tokenKey(first: number, last: number, length: number): number {
  return (first * 961 + last * 31 + length) & 0xffff;
}

const filters = new WeakMap<ToneLexicon, Uint8Array>();

/**
 * A table of the keys of the lexicon's tokens: a word whose key is absent cannot be in the
 * lexicon, so most words are skipped without slicing the text or hashing the word. Built
 * once per lexicon: its valences must not change after the first analysis.
 */
function tokenFilter(lexicon: ToneLexicon): Uint8Array {
  let filter = filters.get(lexicon);
  if (!filter) {
    filter = new Uint8Array(65536);
    for (const token of lexicon.valences.keys()) if (token.length > 0) filter[tokenKey(token.charCodeAt(0), token.charCodeAt(token.length - 1), token.length)] = 1;
    filters.set(lexicon, filter);
  }
  return filter;
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
  if (language == null) return { available: false, language: null, reason: 'tone: language unknown; give the article a language or let detectLanguage() find it' };
  const lexicon = Object.hasOwn(lexicons, language) ? lexicons[language] : undefined;
  if (!lexicon) {
    return { available: false, language, reason: `tone: no permissively licensed lexicon for language "${language}"; lexicons exist for ${Object.keys(lexicons).join(', ') || 'none'}` };
  }
  const text = normalisedText;
  const valences = lexicon.valences;
  let words = 0;
  let positiveWords = 0;
  let negativeWords = 0;
  let sum = 0;
  const table = charClassTable();
  const maxLength = lexicon.maxTokenLength;
  const filter = tokenFilter(lexicon);
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (table[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < n && table[(c = text.charCodeAt(i))] !== 0) i++;
      if (c === 0x27 && i + 1 < n && table[text.charCodeAt(i + 1)] !== 0) i++;
      else break;
    }
    words++;
    const length = i - start;
    if (length > maxLength || filter[tokenKey(text.charCodeAt(start), text.charCodeAt(i - 1), length)] === 0) continue;
    const v = valences.get(text.slice(start, i));
    if (v !== undefined) {
      sum += v;
      if (v > 0) positiveWords++;
      else if (v < 0) negativeWords++;
    }
  }
  if (words === 0) return { available: false, language, reason: 'tone: the text has no words' };
  const positive = (100 * positiveWords) / words;
  const negative = (100 * negativeWords) / words;
  return { available: true, language, lexicon: lexicon.id, words, positiveWords, negativeWords, positive, negative, tone: positive - negative, polarity: (100 * sum) / words };
}
