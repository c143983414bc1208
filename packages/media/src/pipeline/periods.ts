import { isoWeek } from '../analysis/rollup.js';

/** Periods the rollup table keeps; years are summed from months, ranges from days. */
export type StoredPeriodKind = 'day' | 'week' | 'month';

/** Periods of the calendar: every day lies in exactly one period of each kind. */
export type CalendarPeriodKind = StoredPeriodKind | 'year';

/**
 * Periods a query can ask for: the calendar's, and `range`, every day from a query's `from`
 * to its `to` (inclusive) summed into one period labelled `2019-07-01..2020-06-30`.
 */
export type PeriodKind = CalendarPeriodKind | 'range';

export const periodKinds: readonly PeriodKind[] = ['day', 'week', 'month', 'year', 'range'];

/** The separator of a range label: `2019-07-01..2020-06-30` (not ISO 8601's `/`, so that a label can stand in a file name or a URL path as it is). */
export const rangeSeparator = '..';

const dayMs = 86_400_000;

/** First day (`YYYY-MM-DD`) of the period of `kind` holding `day`; ISO weeks start on Monday. */
export function periodStartOf(day: string, kind: CalendarPeriodKind): string {
  if (kind === 'day') return day;
  if (kind === 'month') return `${day.slice(0, 7)}-01`;
  if (kind === 'year') return `${day.slice(0, 4)}-01-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - weekday * dayMs).toISOString().slice(0, 10);
}

/**
 * The label of a period from its first day: `2024-03-05`, `2024-W10`, `2024-03`, `2024`; a
 * range needs its last day too and is labelled `first..last`.
 *
 * @example
 * periodLabel('2024-03-04', 'week') // → '2024-W10'
 * periodLabel('2019-07-01', 'range', '2020-06-30') // → '2019-07-01..2020-06-30'
 */
export function periodLabel(start: string, kind: CalendarPeriodKind): string;
export function periodLabel(start: string, kind: PeriodKind, last: string): string;
export function periodLabel(start: string, kind: PeriodKind, last?: string): string {
  if (kind === 'day') return start;
  if (kind === 'month') return start.slice(0, 7);
  if (kind === 'year') return start.slice(0, 4);
  if (kind === 'range') {
    if (last == null) throw new RangeError(`periodLabel: a range starting ${start} needs its last day`);
    return `${start}${rangeSeparator}${last}`;
  }
  return isoWeek(start);
}

/**
 * The half-open day range `[start, end)` of a period label (`2024`, `2024-03`, `2024-W10`,
 * `2024-03-05`, or a range of days `2019-07-01..2020-06-30`, both days included) and its
 * kind; null when the label is none of these (a range whose first day is after its last
 * is none).
 *
 * @example
 * periodRange('2024-W10') // → { kind: 'week', start: '2024-03-04', end: '2024-03-11' }
 * periodRange('2019-07-01..2020-06-30') // → { kind: 'range', start: '2019-07-01', end: '2020-07-01' }
 */
export function periodRange(label: string): { kind: PeriodKind; start: string; end: string } | null {
  let m = /^(\d{4})$/.exec(label);
  if (m) return { kind: 'year', start: `${m[1]}-01-01`, end: `${Number(m[1]) + 1}-01-01` };
  m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    const end = new Date(Date.UTC(Number(m[1]), month, 1)).toISOString().slice(0, 10);
    return { kind: 'month', start: `${label}-01`, end };
  }
  m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const jan4 = new Date(Date.UTC(year, 0, 4));
    const monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * dayMs + (week - 1) * 7 * dayMs;
    const start = new Date(monday).toISOString().slice(0, 10);
    if (week < 1 || isoWeek(start) !== label) return null;
    return { kind: 'week', start, end: new Date(monday + 7 * dayMs).toISOString().slice(0, 10) };
  }
  const day = isoDate(label);
  if (day != null) return { kind: 'day', start: day, end: nextDay(day) };
  const parts = label.split(rangeSeparator);
  if (parts.length === 2) {
    const [first, last] = parts.map(isoDate);
    if (first != null && last != null && first <= last) return { kind: 'range', start: first, end: nextDay(last) };
  }
  return null;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + dayMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` when `value` is a real calendar day written so, else null. */
export function isoDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : null;
}
