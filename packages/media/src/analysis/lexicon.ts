import { parseRecords } from './csv.js';
import { MediaAnalysisError } from './errors.js';
import { normaliseTerm } from './normalise.js';

/** The theme that marks China terms; generic terms count only in a sentence with one. */
export const chinaTheme = 'china';

export interface ThemeDefinition {
  theme: string;
  group: string;
  label: string;
}

export interface LexiconTerm {
  theme: string;
  /** ISO 639-1 code of the rendering. */
  language: string;
  /** The term as written in the lexicon (without the stem marker `*`). */
  term: string;
  /** `official` rendering or attested `variant`. */
  status: 'official' | 'variant';
  /** `china`: generic, counted only in a China context; `none`: counted anywhere. */
  context: 'china' | 'none';
  /** Key into `ThemeLexicon.sources`. */
  source: string;
  /** A stem matches words that continue it (`Китай*` matches Китая). */
  stem: boolean;
  /** The term after `normaliseForMatching`. */
  normalised: string;
}

export interface LexiconSource {
  publisher: string;
  title: string;
  url: string;
}

export interface ThemeLexicon {
  themes: ThemeDefinition[];
  terms: LexiconTerm[];
  sources: Record<string, LexiconSource>;
}

/** The text of the three lexicon files (see data/media/lexicon/README.md). */
export interface ThemeLexiconFiles {
  themes: string;
  terms: string;
  sources: string;
}

function requireColumns(file: string, header: string[], columns: string[], problems: string[]): void {
  for (const c of columns) if (!header.includes(c)) problems.push(`${file}: missing column "${c}"; expected ${columns.join(',')}`);
}

/**
 * Parses and checks the theme lexicon; every problem is reported at once with file and line.
 *
 * @example
 * parseThemeLexicon({ themes: 'theme,group,label\nchina,context,China\n', terms: 'theme,language,term,status,context,source\nchina,en,China,official,none,cldr\n', sources: 'source,publisher,title,url\ncldr,Unicode,CLDR,https://cldr.unicode.org/\n' }).terms[0].normalised
 * // → 'china'
 */
export function parseThemeLexicon(files: ThemeLexiconFiles): ThemeLexicon {
  const problems: string[] = [];
  const themesCsv = parseRecords(files.themes);
  const termsCsv = parseRecords(files.terms);
  const sourcesCsv = parseRecords(files.sources);
  requireColumns('themes.csv', themesCsv.header, ['theme', 'group', 'label'], problems);
  requireColumns('terms.csv', termsCsv.header, ['theme', 'language', 'term', 'status', 'context', 'source'], problems);
  requireColumns('sources.csv', sourcesCsv.header, ['source', 'publisher', 'title', 'url'], problems);
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_LEXICON_INVALID', 'lexicon: malformed files', problems);

  const themes: ThemeDefinition[] = [];
  const themeIds = new Set<string>();
  for (const { line, values } of themesCsv.records) {
    if (!/^[a-z][a-z0-9_]*$/.test(values.theme)) problems.push(`themes.csv line ${line}: theme id "${values.theme}" must be lower-case letters, digits and _`);
    else if (themeIds.has(values.theme)) problems.push(`themes.csv line ${line}: duplicate theme "${values.theme}"`);
    themeIds.add(values.theme);
    themes.push({ theme: values.theme, group: values.group, label: values.label });
  }
  if (!themeIds.has(chinaTheme)) problems.push(`themes.csv: the context theme "${chinaTheme}" is missing`);

  const sources: Record<string, LexiconSource> = {};
  for (const { line, values } of sourcesCsv.records) {
    if (!values.source) problems.push(`sources.csv line ${line}: empty source id`);
    else if (Object.hasOwn(sources, values.source)) problems.push(`sources.csv line ${line}: duplicate source "${values.source}"`);
    sources[values.source] = { publisher: values.publisher, title: values.title, url: values.url };
  }

  const terms: LexiconTerm[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of termsCsv.records) {
    const where = `terms.csv line ${line}`;
    if (!themeIds.has(values.theme)) problems.push(`${where}: unknown theme "${values.theme}"; add it to themes.csv`);
    if (!/^[a-z]{2,3}$/.test(values.language)) problems.push(`${where}: language "${values.language}" is not an ISO 639-1 code`);
    if (values.status !== 'official' && values.status !== 'variant') problems.push(`${where}: status "${values.status}"; expected "official" or "variant"`);
    if (values.context !== 'china' && values.context !== 'none') problems.push(`${where}: context "${values.context}"; expected "china" or "none"`);
    if (!Object.hasOwn(sources, values.source)) problems.push(`${where}: unknown source "${values.source}"; add it to sources.csv`);
    const stem = values.term.endsWith('*');
    const term = stem ? values.term.slice(0, -1) : values.term;
    const normalised = normaliseTerm(term);
    if (normalised.length === 0) problems.push(`${where}: empty term`);
    const key = `${values.theme}|${values.language}|${normalised}|${stem}`;
    if (seen.has(key)) problems.push(`${where}: duplicate of line ${seen.get(key)} ("${values.term}")`);
    seen.set(key, line);
    terms.push({
      theme: values.theme,
      language: values.language,
      term,
      status: values.status as LexiconTerm['status'],
      context: values.context as LexiconTerm['context'],
      source: values.source,
      stem,
      normalised,
    });
  }
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_LEXICON_INVALID', `lexicon: ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems[0]}`, problems);
  return { themes, terms, sources };
}
