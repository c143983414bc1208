import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  daysOfPeriod,
  isoWeekLabel,
  lastDayOfMonth,
  monthsBetween,
  overviewQuery,
  parseThemeLabels,
  periodsBetween,
  rangeLabel,
  themeTotals,
  typeTotals,
  type RollupRow,
} from '../src/lib/media.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A rollup row with the fields a test names; the rest as the API gives an all-articles cell. */
const row = (fields: Partial<RollupRow> & Pick<RollupRow, 'country' | 'period'>): RollupRow => ({
  periodStart: `${fields.period}-01`,
  theme: null,
  communicatorType: 'all',
  articles: 0,
  homeArticles: 0,
  typeArticles: fields.articles ?? 0,
  attention: null,
  themeShare: null,
  toneMean: null,
  baselineTone: null,
  toneDifference: null,
  mentions: 0,
  ...fields,
});

describe('media view helpers', () => {
  it('overviewQuery asks for type "all" and the chosen type; an unknown type counts as all', () => {
    expect(overviewQuery(null)).toEqual({ by: 'month', type: 'all' });
    expect(overviewQuery('state_media')).toEqual({ by: 'month', type: 'all,state_media' });
    expect(overviewQuery('pundits')).toEqual({ by: 'month', type: 'all' });
  });

  it('periodsBetween lists every day, ISO week (from its Monday) and month whose first day is in the range, as the API labels them', () => {
    expect(periodsBetween('month', '2024-03-01', '2024-04-30').map((p) => p.label)).toEqual(['2024-03', '2024-04']);
    expect(periodsBetween('day', '2024-02-28', '2024-03-01').map((p) => p.label)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    // Mondays from 1 March 2024 (a Friday) to 30 April: 4, 11, 18, 25 March, 1, 8, 15, 22, 29 April
    const weeks = periodsBetween('week', '2024-03-01', '2024-04-30');
    expect(weeks.map((w) => w.start)).toEqual(['2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25', '2024-04-01', '2024-04-08', '2024-04-15', '2024-04-22', '2024-04-29']);
    expect(weeks[0].label).toBe('2024-W10');
    expect(periodsBetween('month', '2024-05-01', '2024-04-30')).toEqual([]);
  });

  it('isoWeekLabel follows ISO 8601 at year ends (29 Dec 2025 is 2026-W01, 1 Jan 2021 is 2020-W53)', () => {
    expect(isoWeekLabel('2025-12-29')).toBe('2026-W01');
    expect(isoWeekLabel('2021-01-01')).toBe('2020-W53');
    expect(isoWeekLabel('2024-03-04')).toBe('2024-W10');
  });

  it('daysOfPeriod, lastDayOfMonth and monthsBetween give inclusive ranges, leap days included', () => {
    expect(daysOfPeriod('2024-W10')).toEqual({ first: '2024-03-04', last: '2024-03-10' });
    expect(daysOfPeriod('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(daysOfPeriod('2024')).toEqual({ first: '2024-01-01', last: '2024-12-31' });
    expect(daysOfPeriod('2024-03-05')).toEqual({ first: '2024-03-05', last: '2024-03-05' });
    expect(daysOfPeriod('March')).toBeNull();
    expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });

  it('rangeLabel writes a range of days as the API labels by=range periods, from the first day of a month to the last of another', () => {
    expect(rangeLabel('2023-11-01', lastDayOfMonth('2024-02'))).toBe('2023-11-01..2024-02-29');
  });

  it('parseThemeLabels reads the lexicon’s themes.csv: English and Chinese names, the China context theme without a Chinese name', () => {
    const themes = parseThemeLabels(readFileSync(join(root, 'data/media/lexicon/themes.csv'), 'utf8'));
    expect(themes.get('belt_and_road')).toEqual({ theme: 'belt_and_road', group: 'initiatives', en: 'Belt and Road Initiative', zh: '一带一路' });
    expect(themes.get('win_win')).toMatchObject({ en: 'Win-win cooperation', zh: '合作共赢' });
    expect(themes.get('china')?.zh).toBeNull();
    expect(themes.get('china')?.en).toMatch(/^China terms \(country, people, capital\)/);
    // a quote inside an unquoted field is text (RFC 4180 quotes only whole fields)
    expect(themes.get('core_socialist_values')).toMatchObject({ en: 'The phrase "core socialist values" itself', zh: null });
    const named = [...themes.values()].filter((t) => t.zh != null).map((t) => t.theme);
    expect(named).toHaveLength(themes.size - 2);
  });

  it('themeTotals and typeTotals sum a breakdown’s cells, largest theme first, types in the registry’s order', () => {
    const rows = [
      row({ country: 'KEN', period: '2024-03', theme: 'win_win', homeArticles: 1, articles: 1, mentions: 2 }),
      row({ country: 'KEN', period: '2024-03', theme: 'belt_and_road', homeArticles: 1, articles: 1, mentions: 2 }),
      row({ country: 'KEN', period: '2024-04', theme: 'belt_and_road', homeArticles: 2, articles: 2, mentions: 4 }),
    ];
    expect(themeTotals(rows)).toEqual([
      { theme: 'belt_and_road', homeArticles: 3, mentions: 6 },
      { theme: 'win_win', homeArticles: 1, mentions: 2 },
    ]);
    const types = [
      row({ country: 'KEN', period: '2024-03', articles: 7, homeArticles: 4 }),
      row({ country: 'KEN', period: '2024-03', communicatorType: 'unknown', articles: 1, homeArticles: 0 }),
      row({ country: 'KEN', period: '2024-03', communicatorType: 'public_broadcaster', articles: 2, homeArticles: 1 }),
      row({ country: 'KEN', period: '2024-03', communicatorType: 'state_media', articles: 0, homeArticles: 0 }),
    ];
    expect(typeTotals(types)).toEqual([
      { type: 'public_broadcaster', articles: 2, homeArticles: 1, attention: 0.5 },
      { type: 'unknown', articles: 1, homeArticles: 0, attention: 0 },
    ]);
  });
});
