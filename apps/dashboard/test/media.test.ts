import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  daysOfPeriod,
  isoWeekLabel,
  lastDayOfMonth,
  monthsBetween,
  parseThemeLabels,
  periodsBetween,
  rangeLabel,
} from '../src/lib/media.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('media view helpers', () => {
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
});
