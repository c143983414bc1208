import type { BuildResult, IndexData } from '@softpower/engine';

function pad(text: string, width: number, right = false): string {
  const w = [...text].reduce((n, ch) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1), 0);
  const fill = ' '.repeat(Math.max(0, width - w));
  return right ? fill + text : text + fill;
}

/** A plain-text table with aligned columns (numbers right-aligned). */
export function textTable(header: string[], rows: string[][], numeric: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], numeric[i])).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The ranking of the latest year: rank, unit, name, the index score and the scores of the
 * level just below the index.
 */
export function rankingText(build: BuildResult, data: IndexData, top = Infinity): string {
  const { results, framework } = build;
  const root = framework.nodes[framework.root];
  const rootAt = results.codes.indexOf(root.code);
  const pillars = root.children.map((c) => framework.nodes[c].code).filter((c) => results.codes.includes(c));
  const years = [...results.rows.byYear.keys()];
  const year = years[years.length - 1];
  const rows = [...results.rows.byYear.get(year)!]
    .filter((r) => !Number.isNaN(results.ranks[rootAt][r]))
    .sort((a, b) => results.ranks[rootAt][a] - results.ranks[rootAt][b] || results.rows.units[a].localeCompare(results.rows.units[b]))
    .slice(0, top);
  const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1));
  const header = ['Rank', 'Unit', 'Name', root.code, ...pillars];
  const body = rows.map((r) => [
    String(results.ranks[rootAt][r]),
    results.rows.units[r],
    data.unitNames.get(results.rows.units[r]) ?? '',
    fmt(results.scores[rootAt][r]),
    ...pillars.map((p) => fmt(results.scores[results.codes.indexOf(p)][r])),
  ]);
  const title = `${build.spec.name?.en ?? build.spec.id}${Number.isNaN(year) ? '' : ` — ${year}`}`;
  return `${title}\n${textTable(header, body, header.map((_, i) => i === 0 || i >= 3))}`;
}
