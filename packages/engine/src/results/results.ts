import type { Dataset, RowIndex } from '../data/dataset.js';
import type { Framework } from '../framework/framework.js';
import { rankDescending } from './rank.js';

/** Scores and ranks of every framework node for every row (unit-year) of the final data set. */
export interface IndexResults {
  readonly rows: RowIndex;
  /** Node codes in framework order. */
  readonly codes: readonly string[];
  readonly levels: readonly number[];
  readonly scores: readonly Float64Array[];
  /** Rank within the row's year: 1 = highest score, ties at the minimum, missing stays missing. */
  readonly ranks: readonly Float64Array[];
}

/** Collects the framework's columns from a data set and ranks each within each year. */
export function collectResults(framework: Framework, dataset: Dataset): IndexResults {
  const codes: string[] = [];
  const levels: number[] = [];
  const scores: Float64Array[] = [];
  const ranks: Float64Array[] = [];
  for (const node of framework.nodes) {
    const i = dataset.codes.indexOf(node.code);
    if (i < 0) continue;
    const column = dataset.columns[i];
    const rank = new Float64Array(column.length);
    for (const yearRows of dataset.rows.byYear.values()) {
      const values = Float64Array.from(yearRows, (r) => column[r]);
      const r = rankDescending(values);
      for (let k = 0; k < yearRows.length; k++) rank[yearRows[k]] = r[k];
    }
    codes.push(node.code);
    levels.push(node.level);
    scores.push(column);
    ranks.push(rank);
  }
  return { rows: dataset.rows, codes, levels, scores, ranks };
}

export interface StrengthWeakness {
  unit: string;
  year: number;
  strengths: { indicator: string; rank: number; score: number }[];
  weaknesses: { indicator: string; rank: number; score: number }[];
}

/**
 * Each unit's strengths and weaknesses: the indicators where it ranks best and worst among
 * all units of its year (as COINr's `get_str_weak`, which ranks at the indicator level).
 */
export function strengthsAndWeaknesses(framework: Framework, results: IndexResults, count: number): StrengthWeakness[] {
  const indicatorRows = results.codes.map((code, k) => ({ code, k })).filter(({ code }) => framework.nodes[framework.byCode.get(code)!].isIndicator);
  const out: StrengthWeakness[] = [];
  for (let r = 0; r < results.rows.units.length; r++) {
    const ranked = indicatorRows
      .map(({ code, k }) => ({ indicator: code, rank: results.ranks[k][r], score: results.scores[k][r] }))
      .filter((x) => !Number.isNaN(x.rank));
    const byRank = ranked.slice().sort((a, b) => a.rank - b.rank || a.indicator.localeCompare(b.indicator));
    out.push({
      unit: results.rows.units[r],
      year: results.rows.years[r],
      strengths: byRank.slice(0, count),
      weaknesses: byRank.slice(-count).reverse().slice(0, Math.max(0, Math.min(count, byRank.length - count))),
    });
  }
  return out;
}

export interface RankChange {
  unit: string;
  year: number;
  code: string;
  rankA: number;
  rankB: number;
  /** rankA - rankB: positive when the unit moved up in B. */
  change: number;
}

/** Rank changes of every unit and node between two builds (matched by unit, year and code). */
export function compareResults(a: IndexResults, b: IndexResults): RankChange[] {
  const key = (unit: string, year: number) => `${unit}\u0000${year}`;
  const rowB = new Map<string, number>();
  b.rows.units.forEach((u, r) => rowB.set(key(u, b.rows.years[r]), r));
  const out: RankChange[] = [];
  a.codes.forEach((code, ka) => {
    const kb = b.codes.indexOf(code);
    if (kb < 0) return;
    a.rows.units.forEach((unit, ra) => {
      const rb = rowB.get(key(unit, a.rows.years[ra]));
      if (rb === undefined) return;
      const rankA = a.ranks[ka][ra];
      const rankB = b.ranks[kb][rb];
      out.push({ unit, year: a.rows.years[ra], code, rankA, rankB, change: rankA - rankB });
    });
  });
  return out;
}
