import { francAll } from 'franc-min';

/** ISO 639-3 codes that franc-min can return, mapped to ISO 639-1 where one exists. */
export const iso6393To6391: Readonly<Record<string, string>> = {
  arb: 'ar', ara: 'ar', ben: 'bn', bos: 'bs', bul: 'bg', bel: 'be', ces: 'cs', cmn: 'zh', zho: 'zh', deu: 'de', ell: 'el', eng: 'en',
  spa: 'es', pes: 'fa', fas: 'fa', prs: 'fa', fra: 'fr', guj: 'gu', hau: 'ha', heb: 'he', hin: 'hi', hrv: 'hr', hun: 'hu', ibo: 'ig', ind: 'id',
  ita: 'it', jav: 'jv', jpn: 'ja', kan: 'kn', kaz: 'kk', kin: 'rw', kor: 'ko', lin: 'ln', mal: 'ml', mar: 'mr', mya: 'my', nld: 'nl',
  npi: 'ne', nya: 'ny', pan: 'pa', pol: 'pl', por: 'pt', ron: 'ro', run: 'rn', rus: 'ru', sin: 'si', som: 'so', srp: 'sr', sun: 'su',
  swe: 'sv', swh: 'sw', tam: 'ta', tel: 'te', tgl: 'tl', tha: 'th', tur: 'tr', ukr: 'uk', urd: 'ur', uzn: 'uz', uzb: 'uz', vie: 'vi',
  yor: 'yo', zlm: 'ms', msa: 'ms', zul: 'zu', amh: 'am', ckb: 'ckb', azj: 'az', aze: 'az', ceb: 'ceb', ilo: 'ilo', mai: 'mai',
  bho: 'bho', mag: 'mag', skr: 'skr', pbu: 'ps', pus: 'ps', plt: 'mg', koi: 'koi', fuv: 'ff', qug: 'qu', mad: 'mad',
  zyb: 'za', hms: 'hms', hnj: 'hnj',
};

/** Writing systems told apart by `detectScript`. */
export type Script = 'Latin' | 'Cyrillic' | 'Arabic' | 'Han' | 'Kana' | 'Hangul' | 'Devanagari' | 'Thai' | 'Greek' | 'Hebrew' | 'Other' | 'None';

const scriptTests: Array<[Exclude<Script, 'Other' | 'None'>, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
];

/** Letter counts per script and the dominant script of a text (its first `limit` characters). */
export function detectScript(text: string, limit = 4000): { script: Script; counts: Partial<Record<Script, number>> } {
  const counts: Partial<Record<Script, number>> = {};
  const letter = /\p{L}/u;
  let seen = 0;
  for (const ch of text) {
    if (seen++ >= limit) break;
    const code = ch.charCodeAt(0);
    let script: Script | null = null;
    if (code < 128) {
      if ((code | 32) >= 97 && (code | 32) <= 122) script = 'Latin';
    } else if (letter.test(ch)) {
      script = 'Other';
      for (const [name, re] of scriptTests) {
        if (re.test(ch)) {
          script = name;
          break;
        }
      }
    }
    if (script) counts[script] = (counts[script] ?? 0) + 1;
  }
  let best: Script = 'None';
  let bestCount = 0;
  for (const [s, c] of Object.entries(counts) as Array<[Script, number]>) {
    if (c > bestCount) {
      best = s;
      bestCount = c;
    }
  }
  // Japanese mixes Han and kana: any substantial kana share makes it Japanese
  if (best === 'Han' && (counts.Kana ?? 0) >= 0.1 * bestCount) best = 'Kana';
  return { script: best, counts };
}

/** Source metadata that resolves confusable languages. */
export interface LanguageHints {
  /** The language the source declares (ISO 639-1 or 639-3), e.g. from the feed or the source registry. */
  declaredLanguage?: string | null;
  /** The source's country, ISO 3166 alpha-3. */
  sourceCountry?: string | null;
}

export interface LanguageResult {
  /** ISO 639-1 code (or the 639-3 code where no 639-1 code exists); null when undetermined. */
  language: string | null;
  /** ISO 639-3 code, more precise where it matters (prs for Dari, zlm for Malay). */
  iso6393: string | null;
  script: Script;
  /** How the answer was reached. */
  method: 'franc' | 'script' | 'metadata' | 'declared' | 'undetermined';
  /** franc's score of the answer (1 = best), or null when franc was not decisive. */
  score: number | null;
  /** The confusable group that metadata resolved, if any. */
  resolvedFrom?: string[];
}

/** Groups that n-gram models confuse, and the countries whose sources settle each member. */
const confusables: Array<{ members: string[]; byCountry: Record<string, string> }> = [
  { members: ['ind', 'zlm'], byCountry: { IDN: 'ind', MYS: 'zlm', BRN: 'zlm', SGP: 'zlm' } },
  { members: ['srp', 'hrv', 'bos'], byCountry: { SRB: 'srp', MNE: 'srp', HRV: 'hrv', BIH: 'bos' } },
  { members: ['pes', 'prs'], byCountry: { IRN: 'pes', AFG: 'prs', TJK: 'pes' } },
];

/** ISO 639-1 → the 639-3 code franc-min uses (macrolanguages to their franc member: ar → arb, zh → cmn, fa → pes, ms → zlm). */
const iso6391To6393: Record<string, string> = (() => {
  const reverse: Record<string, string> = {};
  for (const [three, one] of Object.entries(iso6393To6391)) reverse[one] ??= three;
  return { ...reverse, ar: 'arb', zh: 'cmn', fa: 'pes', ms: 'zlm', uz: 'uzn', az: 'azj', ps: 'pbu', sw: 'swh', mg: 'plt' };
})();

function to6393(code: string): string {
  const c = code.toLowerCase();
  if (c.length === 3) return c === 'msa' ? 'zlm' : c;
  return iso6391To6393[c] ?? c;
}

function to6391(code: string): string {
  return iso6393To6391[code] ?? code;
}

function result(iso6393: string, script: Script, method: LanguageResult['method'], score: number | null, resolvedFrom?: string[]): LanguageResult {
  const r: LanguageResult = { language: to6391(iso6393), iso6393, script, method, score };
  if (resolvedFrom) r.resolvedFrom = resolvedFrom;
  return r;
}

/**
 * Identifies the language of a text with franc-min (trigrams, 82 languages) on its first
 * `sample` characters, then settles confusable pairs with source metadata: Indonesian and
 * Malay, Serbian/Croatian/Bosnian, Persian and Dari (a declared language wins over the
 * source country). Outside these groups a declared language still wins when franc ranks it
 * within `declaredWithin` of its first guess (short Russian text read as Ukrainian). Hindi and Urdu need no metadata: franc tells them apart by script
 * (Devanagari, Arabic). Scripts that identify one language (Hangul, kana, Thai, Greek,
 * Hebrew) are decided by script; short Han text falls back to Chinese.
 *
 * @example
 * detectLanguage('Presiden Joko Widodo meresmikan kereta cepat Jakarta-Bandung bersama ...', { sourceCountry: 'MYS' })
 * // → { language: 'ms', iso6393: 'zlm', method: 'metadata', ... }
 */
export function detectLanguage(text: string, hints: LanguageHints = {}, sample = 1000): LanguageResult {
  const head = text.length > sample ? text.slice(0, sample) : text;
  const { script } = detectScript(head, sample);
  const declared = hints.declaredLanguage ? to6393(hints.declaredLanguage) : null;
  const country = hints.sourceCountry?.toUpperCase() ?? null;

  const byScript: Partial<Record<Script, string>> = { Hangul: 'kor', Kana: 'jpn', Thai: 'tha', Greek: 'ell', Hebrew: 'heb' };
  const scriptLanguage = byScript[script];
  if (scriptLanguage) return result(scriptLanguage, script, 'script', null);

  const ranked = francAll(head, { minLength: 10 });
  const top = ranked[0];
  if (!top || top[0] === 'und') {
    if (declared) return result(declared, script, 'declared', null);
    if (script === 'Han') return result('cmn', script, 'script', null);
    return { language: null, iso6393: null, script, method: 'undetermined', score: null };
  }
  const best = top[0];
  const group = confusables.find((g) => g.members.includes(best));
  if (group) {
    const byCountry = country ? group.byCountry[country] : undefined;
    const choice = declared && group.members.includes(declared) ? declared : byCountry;
    if (choice && choice !== best) return result(choice, script, declared === choice ? 'declared' : 'metadata', top[1], group.members);
    if (choice) return result(choice, script, 'franc', top[1], group.members);
  }
  if (declared && declared !== best) {
    const close = ranked.find(([code, score]) => code === declared && score >= declaredWithin);
    if (close) return result(declared, script, 'declared', close[1], [best, declared]);
  }
  return result(best, script, 'franc', top[1]);
}

/** A declared language wins over franc's first guess when franc scores it at least this high (1 = best). */
export const declaredWithin = 0.9;
