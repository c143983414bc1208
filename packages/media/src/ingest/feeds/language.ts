/**
 * ISO 639-1 → ISO 639-3 for the languages of the partner countries' media, so that feed and
 * page language tags ("zh-CN", "en-us", "ru") join the ISO 639-3 codes that GDELT and franc
 * use. Tags outside the table give null: a language is never guessed.
 */
const iso6391To6393: Record<string, string> = {
  am: 'amh', ar: 'ara', az: 'aze', be: 'bel', bg: 'bul', bn: 'ben', bs: 'bos', cs: 'ces', da: 'dan', de: 'deu',
  el: 'ell', en: 'eng', es: 'spa', et: 'est', fa: 'fas', fi: 'fin', fr: 'fra', ha: 'hau', he: 'heb', hi: 'hin',
  hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', it: 'ita', ja: 'jpn', ka: 'kat', kk: 'kaz', km: 'khm', ko: 'kor',
  ky: 'kir', lo: 'lao', lt: 'lit', lv: 'lav', mk: 'mkd', mn: 'mon', ms: 'msa', my: 'mya', ne: 'nep', nl: 'nld',
  no: 'nor', pl: 'pol', ps: 'pus', pt: 'por', ro: 'ron', ru: 'rus', si: 'sin', sk: 'slk', sl: 'slv', so: 'som',
  sq: 'sqi', sr: 'srp', sv: 'swe', sw: 'swa', ta: 'tam', tg: 'tgk', th: 'tha', tk: 'tuk', tr: 'tur', uk: 'ukr',
  ur: 'urd', uz: 'uzb', vi: 'vie', zh: 'zho',
};

/**
 * Reads a language tag (BCP 47 such as "zh-CN", or an ISO 639-3 code) as ISO 639-3.
 *
 * @example
 * languageTagToIso6393('zh-CN') // 'zho'
 * languageTagToIso6393('klingon') // null
 */
export function languageTagToIso6393(tag: string | null | undefined): string | null {
  if (tag == null) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (/^[a-z]{2}$/.test(primary)) return iso6391To6393[primary] ?? null;
  if (/^[a-z]{3}$/.test(primary)) return primary;
  return null;
}
