import { sql, type Store } from './store.js';
import { ApiError } from '../errors.js';

export interface ResultQuery {
  buildId: string;
  code?: string;
  level?: number;
  /** Absent: the latest year of the build. */
  year?: number;
  allYears?: boolean;
  countries?: string[];
  sort: 'rank' | 'score' | 'unit';
  limit: number;
  offset: number;
}

export interface ResultRow {
  unit: string;
  unitName: string | null;
  year: number | null;
  code: string;
  level: number;
  score: number | null;
  rank: number | null;
  /** 5 %–95 % rank interval and median rank of the build's latest sensitivity run. */
  rankInterval: { low: number; high: number; median: number } | null;
}

interface BuildShape {
  rootCode: string;
  rootLevel: number;
  years: number[];
  sensitivityRunId: string | null;
}

/** The index code (highest level), the years and the latest sensitivity run of a build. */
export async function buildShape(store: Store, buildId: string): Promise<BuildShape> {
  return store.cached(`shape|${buildId}`, async () => {
    const root = await store.rows<{ code: string; level: number }>(sql`select code, level from results where build_id = ${buildId} order by level desc, code limit 1`);
    if (!root[0]) throw ApiError.notFound(`build "${buildId}" does not exist or has no results`);
    const years = await store.rows<{ year: number }>(sql`select distinct year from results where build_id = ${buildId} and code = ${root[0].code} order by year`);
    const run = await store.rows<{ id: string }>(sql`select id from sensitivity_runs where build_id = ${buildId} order by finished_at desc limit 1`);
    return { rootCode: root[0].code, rootLevel: root[0].level, years: years.map((y) => y.year), sensitivityRunId: run[0]?.id ?? null };
  });
}

/**
 * Scores, ranks and rank intervals of a build. Without `code` or `level` the index itself;
 * without `year` the latest year. Sorted by rank (missing last), then unit.
 */
export async function queryResults(store: Store, query: ResultQuery): Promise<{ items: ResultRow[]; total: number; year: number | null; code: string | null }> {
  return store.cached(`results|${JSON.stringify(query)}`, async () => {
    const shape = await buildShape(store, query.buildId);
    const code = query.code ?? (query.level === undefined ? shape.rootCode : undefined);
    const year = query.allYears ? undefined : (query.year ?? (query.year === undefined ? shape.years[shape.years.length - 1] : undefined));
    const where = sql.join(
      [
        sql`r.build_id = ${query.buildId}`,
        code !== undefined ? sql`and r.code = ${code}` : sql``,
        query.level !== undefined ? sql`and r.level = ${query.level}` : sql``,
        year !== undefined ? sql`and r.year = ${year}` : sql``,
        query.countries?.length ? sql`and r.unit in (select jsonb_array_elements_text(${JSON.stringify(query.countries)}::jsonb))` : sql``,
      ],
      sql` `,
    );
    const order = query.sort === 'score' ? sql`r.score desc nulls last, r.unit` : query.sort === 'unit' ? sql`r.unit, r.year, r.code` : sql`r.year desc, r.code, r.rank nulls last, r.unit`;
    const runId = shape.sensitivityRunId;
    const rows = await store.rows<{ unit: string; unit_name: string | null; year: number; code: string; level: number; score: number | null; rank: number | null; rank_low: number | null; rank_high: number | null; median_rank: number | null }>(sql`
      select r.unit, c.name_en as unit_name, r.year, r.code, r.level, r.score, r.rank, s.rank_low, s.rank_high, s.median_rank
      from results r
      left join countries c on c.iso3 = r.unit
      left join sensitivity_results s on s.run_id = ${runId ?? ''} and s.unit = r.unit and s.year = r.year and s.code = r.code
      where ${where}
      order by ${order}
      limit ${query.limit} offset ${query.offset}`);
    const [{ total }] = await store.rows<{ total: number }>(sql`select count(*)::int as total from results r where ${where}`);
    return {
      items: rows.map((r) => ({
        unit: r.unit,
        unitName: r.unit_name,
        year: r.year === 0 ? null : r.year,
        code: r.code,
        level: r.level,
        score: r.score,
        rank: r.rank,
        rankInterval: r.rank_low == null || r.rank_high == null || r.median_rank == null ? null : { low: r.rank_low, high: r.rank_high, median: r.median_rank },
      })),
      total,
      year: year === undefined || year === 0 ? null : year,
      code: code ?? null,
    };
  });
}
