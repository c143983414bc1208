/**
 * Normalisation of country names for matching. Pure string functions, no data.
 *
 * The key of a name is built in this order:
 * 1. Unicode NFKD, then combining marks removed ("Türkiye" → "Turkiye", "Côte" → "Cote");
 *    NFKD also turns full-width brackets and commas ("（", "，") into ASCII ones.
 * 2. Lower case; footnote asterisks dropped ("Holy See *"); "&" → "and".
 * 3. Punctuation and apostrophes become spaces, except that commas and brackets are kept
 *    for the variants below.
 * 4. Abbreviations used by the World Bank and the IMF are spelled out ("Rep." → "republic",
 *    "Dem." → "democratic", "St." → "saint", "Fed. Sts." → "federated states").
 * 5. The words "the", "of" and "and" are dropped, so "Bosnia and Herzegovina" and
 *    "Bosnia-Herzegovina" share a key.
 */

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  rep: 'republic',
  dem: 'democratic',
  st: 'saint',
  sts: 'states',
  fed: 'federated',
  is: 'islands',
  isl: 'islands',
};

const STOP_WORDS = new Set(['the', 'of', 'and']);

function foldCharacters(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[*†‡]+/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[’'`´]/g, ' ');
}

function wordsOf(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => ABBREVIATIONS[word] ?? word)
    .filter((word) => !STOP_WORDS.has(word));
}

/** Joins words; scripts written without spaces (Chinese, Japanese) are joined without them. */
function joinWords(words: string[]): string {
  const joined = words.join(' ');
  return joined.replace(/(?<=[\p{Script=Han}]) (?=[\p{Script=Han}])/gu, '');
}

/**
 * The exact key of a name: folded, punctuation removed, commas and brackets kept as plain
 * word boundaries (nothing is reordered or dropped except the stop words).
 *
 * @example normaliseCountryName("Côte d'Ivoire") // "cote d ivoire"
 * @example normaliseCountryName('Gambia, The') // "gambia"
 */
export function normaliseCountryName(name: string): string {
  return joinWords(wordsOf(foldCharacters(name)));
}

/**
 * Further keys under which a name may be known, in order of preference:
 * - the bracketed part moved to the front: "Micronesia (Federated States of)" → "federated states micronesia";
 * - the bracketed part dropped: "Bolivia (Plurinational State of)" → "bolivia";
 * - a trailing ", X" moved to the front: "Korea, Rep." → "republic korea", "Congo, Dem. Rep." → "democratic republic congo".
 * The exact key is not repeated, and duplicates are removed.
 *
 * @example countryNameVariants('Korea, Rep.') // ["republic korea"]
 */
export function countryNameVariants(name: string): string[] {
  const folded = foldCharacters(name);
  const exact = joinWords(wordsOf(folded));
  const variants: string[] = [];
  const add = (words: string[]): void => {
    const key = joinWords(words);
    if (key.length > 0 && key !== exact && !variants.includes(key)) variants.push(key);
  };

  const bracket = /^(.*?)[([](.*?)[)\]](.*)$/.exec(folded);
  let withoutBracket = folded;
  if (bracket) {
    const [, before, inside, after] = bracket;
    add([...wordsOf(inside), ...wordsOf(before), ...wordsOf(after)]);
    withoutBracket = `${before} ${after}`;
    add(wordsOf(withoutBracket));
  }

  const comma = withoutBracket.lastIndexOf(',');
  if (comma >= 0) {
    const head = withoutBracket.slice(0, comma);
    const tail = withoutBracket.slice(comma + 1);
    add([...wordsOf(tail), ...wordsOf(head)]);
  }
  return variants;
}

/**
 * Levenshtein edit distance (insertions, deletions and substitutions cost 1), over UTF-16
 * code units. Two-row dynamic programme, O(|a|·|b|) time and O(|b|) memory.
 *
 * @example editDistance('kitten', 'sitting') // 3
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
