// The lexicon's theme list, read at build time from the file the media monitor analyses with,
// so that the dashboard names the same themes (English and Chinese) without a request.
import themesCsv from '../../../../data/media/lexicon/themes.csv?raw';
import { parseThemeLabels, type ThemeLabel } from './media';

/**
 * Names for themes whose lexicon label describes the terms rather than naming the theme
 * (`The phrase "core socialist values" itself`).
 */
const displayNames: Record<string, { en: string; zh: string }> = {
  core_socialist_values: { en: 'Core socialist values', zh: '社会主义核心价值观' },
};

export const themeLabels: ReadonlyMap<string, ThemeLabel> = new Map(
  [...parseThemeLabels(themesCsv)].map(([theme, label]) => [theme, displayNames[theme] ? { ...label, ...displayNames[theme] } : label]),
);

/** The context theme: its terms decide whether an article covers China; it is never a counted theme. */
export const contextTheme = 'china';

/** The themes the rollups count, in the lexicon's order. */
export const countedThemes: readonly string[] = [...themeLabels.keys()].filter((theme) => theme !== contextTheme);

/** A theme's name in `lang`: the lexicon's Chinese name when there is one, else its English name, else the code. */
export function themeName(theme: string, lang: 'en' | 'zh'): string {
  const label = themeLabels.get(theme);
  if (!label) return theme;
  return lang === 'zh' ? (label.zh ?? label.en) : label.en;
}
