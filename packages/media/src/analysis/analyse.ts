import { MediaAnalysisError } from './errors.js';
import { detectLanguage, type LanguageResult } from './language.js';
import { chinaTheme, type LexiconTerm, type ThemeLexicon } from './lexicon.js';
import { AhoCorasick, leftmostLongest } from './matcher.js';
import { normaliseBuffers, normaliseInto } from './normalise.js';
import { sentenceOf, sentenceStartsOfUnits } from './sentences.js';
import { toneOfUnits, type ToneLexicon, type ToneResult } from './tone.js';

export interface AnalysisInput {
  text: string;
  title?: string | null;
  /** Declared language (ISO 639-1); detected from the text when absent. */
  language?: string | null;
  /** Source country (ISO 3166 alpha-3), used to settle confusable languages. */
  sourceCountry?: string | null;
}

export interface ThemeMatch {
  theme: string;
  /** The lexicon term (in its written form) and its language. */
  term: string;
  language: string;
  status: LexiconTerm['status'];
  context: LexiconTerm['context'];
  /** Where the match is, in the original (not normalised) title or text, end exclusive. */
  field: 'title' | 'text';
  start: number;
  end: number;
  /** Sentence number within the analysed title + text (title first). */
  sentence: number;
  /** False for a generic term outside a China context (not counted). */
  counted: boolean;
}

export interface ArticleAnalysis {
  language: LanguageResult;
  /** Counted matches per theme, the China context theme excluded. */
  themes: Record<string, number>;
  /** Matches of China terms. */
  chinaMentions: number;
  mentionsChina: boolean;
  /** Generic matches not counted because no China term is in their sentence. */
  outOfContext: number;
  matches: ThemeMatch[];
  tone: ToneResult;
}

interface PatternEntry {
  pattern: string;
  stem: boolean;
  /** Terms sharing this normalised pattern, one per theme (official renderings first). */
  byTheme: LexiconTerm[];
}

export interface AnalyserOptions {
  lexicon: ThemeLexicon;
  /** Tone lexicons keyed by ISO 639-1 language. */
  toneLexicons: Readonly<Record<string, ToneLexicon>>;
}

export interface Analyser {
  readonly lexicon: ThemeLexicon;
  readonly toneLexicons: Readonly<Record<string, ToneLexicon>>;
  /** Number of distinct normalised patterns in the automaton. */
  readonly patternCount: number;
  analyse(article: AnalysisInput): ArticleAnalysis;
}

/**
 * Builds the analyser once (the Aho–Corasick automaton over every term of every language)
 * and returns a function-like object that analyses articles: language, theme counts with
 * the China-context rule, matched terms with offsets, and lexicon tone.
 *
 * @example
 * const analyser = createAnalyser({ lexicon: loadThemeLexicon(), toneLexicons: loadToneLexicons() });
 * analyser.analyse({ text: 'China promotes the Belt and Road Initiative.', language: 'en' }).themes
 * // → { belt_and_road: 1 }
 */
export function createAnalyser(options: AnalyserOptions): Analyser {
  const entries = new Map<string, PatternEntry>();
  const ordered = options.lexicon.terms.slice().sort((a, b) => (a.status === b.status ? 0 : a.status === 'official' ? -1 : 1));
  for (const term of ordered) {
    let entry = entries.get(term.normalised);
    if (!entry) {
      entry = { pattern: term.normalised, stem: false, byTheme: [] };
      entries.set(term.normalised, entry);
    }
    entry.stem ||= term.stem;
    const same = entry.byTheme.find((t) => t.theme === term.theme);
    if (!same) entry.byTheme.push(term);
    else if (same.context === 'china' && term.context === 'none') entry.byTheme[entry.byTheme.indexOf(same)] = term;
  }
  const list = [...entries.values()];
  const automaton = new AhoCorasick(list.map((e) => ({ pattern: e.pattern, stem: e.stem })));
  const toneLexicons = options.toneLexicons;
  // scratch space reused by every call (analyse is synchronous, so calls never overlap)
  const buffers = normaliseBuffers();
  let sentenceBuffer: Int32Array = new Int32Array(64);

  function analyse(article: AnalysisInput): ArticleAnalysis {
    if (article == null || typeof article.text !== 'string') {
      throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `analyse: article.text must be a string, got ${article == null ? String(article) : typeof article.text}`);
    }
    const title = article.title ?? '';
    const joined = title.length > 0 ? `${title}\n\n${article.text}` : article.text;
    const textOffset = title.length > 0 ? title.length + 2 : 0;
    // one normalisation into buffers kept from call to call; matching, sentences and tone read its units
    const length = normaliseInto(joined, buffers);
    const units = buffers.units;
    const offsets = buffers.offsets;

    const language: LanguageResult = article.language
      ? { language: article.language, iso6393: null, script: 'None', method: 'declared', score: null }
      : detectLanguage(joined, { sourceCountry: article.sourceCountry ?? null });

    const kept = leftmostLongest(automaton.findAllUnits(units, length));
    const sentences = sentenceStartsOfUnits(units, length, sentenceBuffer);
    sentenceBuffer = sentences.starts;
    const matches: ThemeMatch[] = [];
    const chinaSentences = new Set<number>();
    for (const m of kept) {
      const entry = list[m.pattern];
      const sentence = sentenceOf(sentences.starts, m.start, sentences.count);
      const originalStart = offsets[m.start];
      const originalEnd = m.end < length ? offsets[m.end] : joined.length;
      const inTitle = originalStart < textOffset;
      for (const term of entry.byTheme) {
        if (term.theme === chinaTheme) chinaSentences.add(sentence);
        matches.push({
          theme: term.theme,
          term: term.term,
          language: term.language,
          status: term.status,
          context: term.context,
          field: inTitle ? 'title' : 'text',
          start: inTitle ? originalStart : originalStart - textOffset,
          end: inTitle ? Math.min(originalEnd, title.length) : originalEnd - textOffset,
          sentence,
          counted: true,
        });
      }
    }
    const themes: Record<string, number> = {};
    let chinaMentions = 0;
    let outOfContext = 0;
    for (const m of matches) {
      if (m.theme === chinaTheme) {
        chinaMentions++;
        continue;
      }
      if (m.context === 'china' && !chinaSentences.has(m.sentence)) {
        m.counted = false;
        outOfContext++;
        continue;
      }
      themes[m.theme] = (themes[m.theme] ?? 0) + 1;
    }
    const toneLanguage = language.language;
    return {
      language,
      themes,
      chinaMentions,
      mentionsChina: chinaMentions > 0,
      outOfContext,
      matches,
      tone: toneOfUnits(units, length, toneLanguage, toneLexicons),
    };
  }

  return { lexicon: options.lexicon, toneLexicons, patternCount: list.length, analyse };
}
