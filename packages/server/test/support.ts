import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import pg from 'pg';
import { openStore, type Store } from '../src/store/store.js';
import { importCountries, importIndicatorCatalogue, importIndicatorValues } from '../src/store/imports.js';
import { derivedDataDir, projectRoot } from '../src/paths.js';

export const testToken = 'test-write-token';
export const asemSpecPath = join(projectRoot, 'examples/coinr-asem/a_default.yaml');

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Store>;
}

/** Empties the test database: the server's tables and its migration log. */
async function resetPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema if exists public cascade; create schema public; drop schema if exists drizzle cascade;');
  } finally {
    await client.end();
  }
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI: .ci/run). */
export function backends(): Backend[] {
  const list: Backend[] = [{ name: 'pglite', open: () => openStore() }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      open: async () => {
        await resetPostgres(url);
        return openStore({ databaseUrl: url });
      },
    });
  }
  return list;
}

export const readDerived = (path: string): Promise<Buffer> => readFile(join(derivedDataDir, path));

/** Countries, the indicator catalogue and two small indicator files of data/derived. */
export async function loadReferenceData(store: Store): Promise<void> {
  await importCountries(store, await readDerived('countries.csv'), 'countries.csv');
  await importIndicatorCatalogue(store, await readDerived('indicator_catalogue.csv'), 'indicator_catalogue.csv');
  await importIndicatorValues(store, await readDerived('indicators/nobel.csv'), 'indicators/nobel.csv');
  await importIndicatorValues(store, await readDerived('indicators/world-heritage.csv'), 'indicators/world-heritage.csv');
}

/** Counts of every table: a write that must not happen changes one of them. */
export async function tableCounts(store: Store): Promise<Record<string, number>> {
  const tables = ['countries', 'indicators', 'imports', 'indicator_values', 'datasets', 'frameworks', 'index_specs', 'builds', 'results', 'build_tables', 'sensitivity_runs', 'sensitivity_results'];
  const out: Record<string, number> = {};
  for (const t of tables) {
    const rows = await store.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${t}`));
    out[t] = rows[0].n;
  }
  return out;
}


/** |actual − expected| within tolerance, printing both, the difference and the tolerance. */
export function expectClose(actual: number | null | undefined, expected: number, tolerance = 1e-9, label = 'value'): void {
  const a = actual ?? NaN;
  const diff = Math.abs(a - expected);
  const allowed = Math.max(1e-12, tolerance * Math.abs(expected));
  const ok = a === expected || (Number.isFinite(diff) && diff <= allowed);
  expect(ok, `${label}: actual ${a}, expected ${expected}, |diff| ${diff}, tolerance ${allowed}`).toBe(true);
}

/** Minimal parse of a CSV answer (no quoted commas in the fields tested). */
export function csvRows(text: string): string[][] {
  return text.trim().split(/\r?\n/).map((line) => line.split(','));
}
