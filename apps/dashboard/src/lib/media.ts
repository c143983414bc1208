// The media monitor's API answers (packages/media/src/api/index.ts) and the pure functions the
// Media view computes with. No imports: the unit tests load this file under Node as it is.

/** Periods the time series can be drawn at (the API also sums years from months, and any range of days into one period). */
export const seriesKinds = ['day', 'week', 'month'] as const;
export type SeriesKind = (typeof seriesKinds)[number];

/** Communicator types of the source registry, then `unknown` (a source with a country but no curated type). */
export const communicatorKinds = ['state_media', 'public_broadcaster', 'commercial_media', 'enterprise', 'government', 'ngo', 'individual', 'unknown'] as const;
export type CommunicatorKind = (typeof communicatorKinds)[number];

/**
 * The rollup query the Media view starts with: every source country by month, all articles
 * (communicator type `all`). It finds the months with articles, whatever type is chosen.
 */
export const overviewQuery = { by: 'month', type: 'all' } as const;

/** One cell of GET /api/media/rollups. Nulls mean undefined (no articles, no tone), never 0. */
export interface RollupRow {
  country: string;
  period: string;
  periodStart: string;
  theme: string | null;
  communicatorType: string;
  articles: number;
  homeArticles: number;
  typeArticles: number;
  attention: number | null;
  themeShare: number | null;
  toneMean: number | null;
  baselineTone: number | null;
  toneDifference: number | null;
  mentions: number;
}

/** One article of GET /api/media/articles. */
export interface MediaArticle {
  id: string;
  title: string | null;
  url: string;
  source: string;
  publishedAt: string;
  language: string | null;
  communicatorType: string;
  mentionsHome: boolean;
  tone: number | null;
  toneOrigin: string | null;
  themes: Record<string, number>;
  syndicationOf: string | null;
}

/** A domain of GET /api/media/sources/unknown. */
export interface UnknownDomain {
  domain: string;
  articles: number;
  examples: string[];
}

/** One partner (and month, or summed months) of GET /api/media/events-lens. */
export interface EventLensRow {
  home: string;
  partner: string;
  period: string;
  events: number;
  mentions: number;
  goldsteinMean: number | null;
  toneMean: number | null;
  quadShares: [number, number, number, number] | null;
  cooperation: number | null;
  conflict: number | null;
}

export interface Listing<T> {
  items: T[];
  total: number;
}

const dayMs = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The ISO 8601 week label of a day: `2024-W10` (weeks start on Monday; week 1 holds 4 January). */
export function isoWeekLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * dayMs);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / dayMs / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last day (`YYYY-MM-DD`) of a month `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return dayOf(Date.UTC(y, m, 0));
}

/**
 * The API's label of a range of days (`by=range`), both days included; GET /api/media/articles
 * takes it as its `period` to list the articles behind the range.
 *
 * @example
 * rangeLabel('2023-11-01', '2024-02-29') // → '2023-11-01..2024-02-29'
 */
export function rangeLabel(first: string, last: string): string {
  return `${first}..${last}`;
}

/** Every month `YYYY-MM` from `from` to `to`, inclusive; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (let guard = 0; guard < 12_000; guard++) {
    const label = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (label > to) break;
    out.push(label);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** A period of a time series: its label as the API writes it and its first day. */
export interface Period {
  label: string;
  start: string;
}

/**
 * Every period of `kind` whose first day lies from `from` to `to` (days, inclusive), as the
 * API's rollups filter them, so that periods without articles show as gaps, not as joined points.
 *
 * @example
 * periodsBetween('month', '2024-03-01', '2024-04-30') // → [{ label: '2024-03', start: '2024-03-01' }, { label: '2024-04', start: '2024-04-01' }]
 */
export function periodsBetween(kind: SeriesKind, from: string, to: string): Period[] {
  if (kind === 'month') return monthsBetween(from.slice(0, 7), to.slice(0, 7)).filter((m) => `${m}-01` >= from).map((m) => ({ label: m, start: `${m}-01` }));
  const out: Period[] = [];
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  if (kind === 'day') {
    for (let t = first; t <= last; t += dayMs) out.push({ label: dayOf(t), start: dayOf(t) });
    return out;
  }
  const weekday = (new Date(first).getUTCDay() + 6) % 7;
  const monday = weekday === 0 ? first : first + (7 - weekday) * dayMs;
  for (let t = monday; t <= last; t += 7 * dayMs) out.push({ label: isoWeekLabel(dayOf(t)), start: dayOf(t) });
  return out;
}

/**
 * The day range `[first, last]` (inclusive) of a period label: a day, an ISO week, a month or a year.
 *
 * @example
 * daysOfPeriod('2024-W10') // → { first: '2024-03-04', last: '2024-03-10' }
 */
export function daysOfPeriod(label: string): { first: string; last: string } | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return { first: label, last: label };
  if (/^\d{4}-\d{2}$/.test(label)) return { first: `${label}-01`, last: lastDayOfMonth(label) };
  if (/^\d{4}$/.test(label)) return { first: `${label}-01-01`, last: `${label}-12-31` };
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) {
    const jan4 = Date.UTC(Number(week[1]), 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * dayMs + (Number(week[2]) - 1) * 7 * dayMs;
    return { first: dayOf(monday), last: dayOf(monday + 6 * dayMs) };
  }
  return null;
}

/** A lexicon theme with its names. */
export interface ThemeLabel {
  theme: string;
  group: string;
  en: string;
  /** The Chinese name in the label's closing parentheses (`Prosperity (富强)`), else null. */
  zh: string | null;
}

/** Fields of one CSV line: RFC 4180 quotes around a field; a quote inside an unquoted field is text. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * The themes of the lexicon's `themes.csv` (`theme,group,label`), the label split into its
 * English and Chinese names: `Belt and Road Initiative (一带一路)`.
 *
 * @example
 * parseThemeLabels('theme,group,label\nprosperity,values,Prosperity (富强)\n').get('prosperity') // → { theme: 'prosperity', group: 'values', en: 'Prosperity', zh: '富强' }
 */
export function parseThemeLabels(csv: string): Map<string, ThemeLabel> {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = csvFields(lines[0] ?? '');
  const at = (name: string) => header.indexOf(name);
  const out = new Map<string, ThemeLabel>();
  for (const line of lines.slice(1)) {
    const fields = csvFields(line);
    const theme = fields[at('theme')]?.trim();
    if (!theme) continue;
    const label = fields[at('label')]?.trim() || theme;
    const chinese = /^(.*?)\s*[(（]([^()（）]*[\u3400-\u9fff][^()（）]*)[)）]\s*$/u.exec(label);
    out.set(theme, { theme, group: fields[at('group')]?.trim() ?? '', en: chinese ? chinese[1] : label, zh: chinese ? chinese[2] : null });
  }
  return out;
}
