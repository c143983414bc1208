import type { IndexResults } from './results.js';

export interface Trend {
  unit: string;
  code: string;
  firstYear: number;
  lastYear: number;
  first: number;
  last: number;
  /** Compound annual growth rate (last / first)^(1 / years) - 1; NaN unless both scores are positive. */
  cagr: number;
  /** Percentage change from the first to the last year, 100 · (last - first) / |first|. */
  percentChange: number;
  /** Change in rank from the first to the last year (positive = moved up). */
  rankChange: number;
  /** Years with a score. */
  years: number;
}

/**
 * Trends of every unit and node over the years it has scores: compound annual growth rate,
 * percentage change and rank change between its first and last scored year. Units with
 * fewer than two scored years are left out.
 *
 * @example trends(results).find((t) => t.unit === 'CHN' && t.code === 'Index')
 * // { firstYear: 2015, lastYear: 2023, cagr: 0.012…, percentChange: 10.2…, rankChange: 3, … }
 */
export function trends(results: IndexResults): Trend[] {
  const byUnit = new Map<string, number[]>();
  results.rows.units.forEach((u, r) => {
    if (Number.isNaN(results.rows.years[r])) return;
    let list = byUnit.get(u);
    if (!list) byUnit.set(u, (list = []));
    list.push(r);
  });
  const out: Trend[] = [];
  results.codes.forEach((code, k) => {
    for (const [unit, rows] of byUnit) {
      const scored = rows.filter((r) => !Number.isNaN(results.scores[k][r])).sort((a, b) => results.rows.years[a] - results.rows.years[b]);
      if (scored.length < 2) continue;
      const a = scored[0];
      const b = scored[scored.length - 1];
      const first = results.scores[k][a];
      const last = results.scores[k][b];
      const span = results.rows.years[b] - results.rows.years[a];
      out.push({
        unit,
        code,
        firstYear: results.rows.years[a],
        lastYear: results.rows.years[b],
        first,
        last,
        cagr: first > 0 && last > 0 ? Math.pow(last / first, 1 / span) - 1 : NaN,
        percentChange: first === 0 ? NaN : (100 * (last - first)) / Math.abs(first),
        rankChange: results.ranks[k][a] - results.ranks[k][b],
        years: scored.length,
      });
    }
  });
  return out;
}
