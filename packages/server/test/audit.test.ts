import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '@softpower/engine';
import { buildTables, loadSpec } from '@softpower/cli';
import { createApp } from '../src/app.js';
import { ApiError } from '../src/errors.js';
import { JobQueue } from '../src/jobs/queue.js';
import { bundledFrameworksDir } from '../src/paths.js';
import { loadBundledData } from '../src/store/bundled.js';
import { storedTables } from '../src/store/builds.js';
import { openStore, type Store } from '../src/store/store.js';
import { expectClose } from './support.js';

const cspiPath = join(bundledFrameworksDir, 'cultural-soft-power.yaml');

describe('the audit of a real-data framework', () => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;

  beforeAll(async () => {
    store = await openStore();
    const load = await loadBundledData(store, { specPaths: [cspiPath] });
    expect(load.builds).toEqual([{ frameworkId: 'cultural-soft-power', buildId: expect.any(String) }]);
    jobs = new JobQueue({ store });
    app = await createApp({ store, jobs });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.close();
    await store?.close();
  });

  it('GET /api/frameworks/cultural-soft-power/audit lists the audit tables, equal to those of the CLI build', async () => {
    const audit = (await app.inject('/api/frameworks/cultural-soft-power/audit')).json();
    expect(audit.warnings.map((w: { code: string }) => w.code)).not.toContain('BUILD_AUDIT_FAILED');
    const names: string[] = audit.tables.map((t: { name: string }) => t.name);
    for (const name of ['audit_statistics', 'audit_correlations_indicators', 'audit_correlations_with_parents', 'audit_cronbach', 'audit_pca_loadings', 'dataset_raw', 'screening_screen']) {
      expect(names, name).toContain(name);
    }
    const cli = await loadSpec(cspiPath);
    const expected = new Map(buildTables(buildIndex(cli.spec, cli.data), cli.data).map((t) => [t.name, t]));
    for (const name of ['audit_statistics', 'audit_cronbach', 'audit_correlations_indicators', 'audit_pca_loadings']) {
      const table = audit.tables.find((t: { name: string }) => t.name === name);
      const reference = expected.get(name)!;
      expect(table.columns, name).toEqual(reference.columns);
      expect(table.rows, name).toBe(reference.rows.length);
      expect(table.rows, name).toBeGreaterThan(0);
      // The store's long table has no row for a country without any value, so the raw data
      // set counts fewer units than the CLI's files; every statistic of the values is the same.
      if (name === 'audit_statistics') continue;
      const page = (await app.inject(`${table.url}?limit=100000`)).json();
      page.items.forEach((row: Record<string, unknown>, r: number) => {
        reference.columns.forEach((column, c) => {
          const want = reference.rows[r][c];
          if (typeof want === 'number' && Number.isFinite(want)) expectClose(row[column] as number, want, 1e-12, `${name} row ${r} ${column}`);
          else if (typeof want !== 'number') expect(row[column], `${name} row ${r} ${column}`).toEqual(want ?? null);
        });
      });
    }
  }, 120_000);

  it('a build whose output tables cannot be computed is refused with BUILD_AUDIT_FAILED naming the framework and the cause', async () => {
    const cli = await loadSpec(cspiPath);
    const build = buildIndex(cli.spec, cli.data);
    const raw = build.datasets.get('raw')!;
    const broken = { ...build, datasets: new Map([...build.datasets, ['raw', { ...raw, columns: [] }]]) };
    let thrown: unknown;
    try {
      storedTables(broken, cli.data, 'cultural-soft-power');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('BUILD_AUDIT_FAILED');
    expect((thrown as ApiError).status).toBe(500);
    expect((thrown as ApiError).message).toMatch(/^build: the output tables of framework "cultural-soft-power" .* could not be computed: ./);
  }, 60_000);
});
