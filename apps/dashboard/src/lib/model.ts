import { compileFramework, validateSpec, type Framework, type FrameworkNode, type IndexSpec } from '@softpower/engine';
import { frameworkData, type Country, type FrameworkDetail, type ResultRow } from './api';

/** A framework as the dashboard uses it: its validated specification and compiled tree. */
export interface FrameworkModel {
  detail: FrameworkDetail;
  spec: IndexSpec;
  framework: Framework;
  root: FrameworkNode;
  /** The aggregates one level below the index. */
  pillars: FrameworkNode[];
  indicators: FrameworkNode[];
  /** Levels from the index down to indicators. */
  levels: number[];
  years: number[];
  /** Every result of the index, all years. */
  indexResults: ResultRow[];
}

/** Validates a stored specification with the engine, as the CLI and the API do, and compiles its framework. */
export function modelOf(detail: FrameworkDetail, indexResults: ResultRow[]): FrameworkModel {
  const { spec, problems } = validateSpec(detail.spec, `framework ${detail.id}`);
  if (!spec) throw new Error(problems.map((p) => p.message).join('; '));
  if (!spec.framework) throw new Error(`framework ${detail.id}: the specification carries no framework tree`);
  const compiled = compileFramework(spec.framework);
  if (!compiled.framework) throw new Error(compiled.problems.map((p) => p.message).join('; '));
  const framework = compiled.framework;
  const root = framework.nodes[framework.root];
  const years = [...new Set(indexResults.map((r) => r.year).filter((y): y is number => y != null))].sort((a, b) => a - b);
  const levels: number[] = [];
  for (let l = framework.maxLevel; l >= 1; l--) levels.push(l);
  return {
    detail,
    spec,
    framework,
    root,
    pillars: root.children.map((c) => framework.nodes[c]),
    indicators: framework.indicators.map((i) => framework.nodes[i]),
    levels,
    years,
    indexResults,
  };
}

export async function loadModel(id: string): Promise<FrameworkModel> {
  const [detail, results] = await frameworkData(id);
  return modelOf(detail, results.items);
}

export type PeerGroup = 'world' | 'region' | 'income' | 'bri';

export function peersOf(country: Country, all: readonly Country[], group: PeerGroup): Country[] {
  switch (group) {
    case 'world':
      return [...all];
    case 'region':
      return all.filter((c) => c.unRegion != null && c.unRegion === country.unRegion);
    case 'income':
      return all.filter((c) => c.wbIncomeGroup != null && c.wbIncomeGroup === country.wbIncomeGroup);
    case 'bri':
      return all.filter((c) => c.briPartner);
  }
}

/** Rows of one year, keyed by unit. */
export function byUnit(rows: readonly ResultRow[], year: number | null): Map<string, ResultRow> {
  const out = new Map<string, ResultRow>();
  for (const r of rows) if (r.year === year) out.set(r.unit, r);
  return out;
}
