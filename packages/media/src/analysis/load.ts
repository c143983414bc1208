import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseThemeLexicon, type ThemeLexicon } from './lexicon.js';
import { toneLexiconFromTsv, type ToneLexicon } from './tone.js';

/** The repository's data/media folder (lexicon/ and tone/). */
export const mediaDataDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../data/media');

/** Reads the shipped theme lexicon (or one in `dir` with the same three files). */
export function loadThemeLexicon(dir = join(mediaDataDir, 'lexicon')): ThemeLexicon {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return parseThemeLexicon({ themes: read('themes.csv'), terms: read('terms.csv'), sources: read('sources.csv') });
}

/** Reads the shipped tone lexicons, keyed by ISO 639-1 language (English: VADER). */
export function loadToneLexicons(dir = join(mediaDataDir, 'tone')): Record<string, ToneLexicon> {
  return {
    en: toneLexiconFromTsv(readFileSync(join(dir, 'vader-en.tsv'), 'utf8'), { id: 'vader-en', language: 'en', licence: 'MIT' }),
  };
}
