import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAnalysis, runUncertainty } from '@softpower/engine';
import { loadSpec, type LoadedSpec } from '@softpower/cli';
import { createApp } from '../src/app.js';
import { JobQueue } from '../src/jobs/queue.js';
import { assumptionsFileFor, rankIntervalTargets, readAssumptions, scheduleRankIntervals, type RankIntervalTarget } from '../src/jobs/rank-intervals.js';
import { bundledFrameworksDir, projectRoot } from '../src/paths.js';
import { bundledSpecPaths, specFingerprint } from '../src/store/bundled.js';
import { runBuild } from '../src/store/builds.js';
import { saveBundledSpec } from '../src/store/specs.js';
import type { Store } from '../src/store/store.js';
import { asemSpecPath, backends } from './support.js';

const benchAssumptions = join(projectRoot, 'examples/coinr-asem/sensitivity-bench.yaml');

describe('the default assumptions of frameworks/', () => {
  it('assumptions*.yaml are not taken for specifications; each framework finds its own file or assumptions.yaml', async () => {
    const specs = await bundledSpecPaths();
    expect(specs.some((p) => basename(p).startsWith('assumptions'))).toBe(false);
    expect(assumptionsFileFor(join(bundledFrameworksDir, 'cultural-soft-power.yaml'))).toBe(join(bundledFrameworksDir, 'assumptions.yaml'));
    expect(assumptionsFileFor(join(bundledFrameworksDir, 'comprehensive-national-strength.yaml'))).toBe(join(bundledFrameworksDir, 'assumptions-comprehensive-national-strength.yaml'));
    expect(assumptionsFileFor(asemSpecPath)).toBeUndefined();
  });

  it('one naming rule for specifications and assumptions: .yml and any case count as assumptions on both sides, the own file before the shared one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-assumptions-'));
    try {
      for (const file of ['a.yaml', 'b.yml', 'Assumptions-A.yml', 'ASSUMPTIONS.YAML']) await writeFile(join(dir, file), 'assumptions: []\n');
      expect((await bundledSpecPaths(dir)).map((p) => basename(p))).toEqual(['a.yaml', 'b.yml', basename(asemSpecPath)]);
      expect(assumptionsFileFor(join(dir, 'a.yaml'))).toBe(join(dir, 'Assumptions-A.yml'));
      expect(assumptionsFileFor(join(dir, 'b.yml'))).toBe(join(dir, 'ASSUMPTIONS.YAML'));
      const targets = rankIntervalTargets({ imports: [], builds: [], frameworks: [{ path: join(dir, 'a.yaml'), fingerprint: 'f-a', frameworkId: 'a', version: 1 }, { path: join(dir, 'b.yml'), error: 'broken' }] });
      expect(targets).toEqual([{ frameworkId: 'a', specPath: join(dir, 'a.yaml'), specFingerprint: 'f-a', assumptionsPath: join(dir, 'Assumptions-A.yml') }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('every framework of frameworks/ accepts its assumptions (every alternative validated against the specification)', async () => {
    const files = (await readdir(bundledFrameworksDir)).filter((f) => f.endsWith('.yaml') && !f.startsWith('assumptions'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const path = join(bundledFrameworksDir, file);
      const loaded = await loadSpec(path);
      const { assumptions } = await readAssumptions(assumptionsFileFor(path)!);
      const prepared = prepareAnalysis('uncertainty', loaded.spec, loaded.data, assumptions, { n: 1, seed: 42 });
      expect(prepared.runs, file).toBe(1);
    }
  }, 120_000);
});

describe.each(backends())('default rank intervals on $name', (backend) => {
  let store: Store;
  let app: FastifyInstance;
  let jobs: JobQueue;
  let asem: LoadedSpec;
  let target: RankIntervalTarget;

  beforeAll(async () => {
    target = { frameworkId: 'asem-default', specPath: asemSpecPath, specFingerprint: await specFingerprint(asemSpecPath), assumptionsPath: benchAssumptions };
    store = await backend.open();
    await saveBundledSpec(store, asemSpecPath);
    await runBuild(store, 'asem-default');
    jobs = new JobQueue();
    app = await createApp({ store, jobs });
    asem = await loadSpec(asemSpecPath);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await jobs?.idle();
    await store?.close();
  });

  it('a background uncertainty run fills rankInterval in the results and the profile with runUncertainty\'s intervals', async () => {
    const before = (await app.inject('/api/frameworks/asem-default/results?limit=100')).json();
    expect(before.items.every((i: { rankInterval: unknown }) => i.rankInterval === null)).toBe(true);
    const [scheduled] = await scheduleRankIntervals(store, jobs, [target], { n: 10, seed: 3 });
    expect(scheduled.job).toBeDefined();
    const job = await jobs.wait(scheduled.job!.id);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const { assumptions } = await readAssumptions(benchAssumptions);
    const engine = runUncertainty(asem.spec, asem.data, assumptions, { n: 10, seed: 3 });
    const results = (await app.inject('/api/frameworks/asem-default/results?limit=100')).json();
    expect(results.items).toHaveLength(51);
    for (const item of results.items) {
      const s = engine.statistics.find((x) => x.code === 'Index' && x.unit === item.unit)!;
      expect(item.rankInterval, item.unit).toEqual({ low: s.q05Rank, high: s.q95Rank, median: s.medianRank });
    }
    const profile = (await app.inject('/api/countries/AUT/profile?framework=asem-default')).json();
    for (const node of [profile.index, ...profile.pillars]) {
      const s = engine.statistics.find((x) => x.code === node.code && x.unit === 'AUT')!;
      expect(node.rankInterval, node.code).toEqual({ low: s.q05Rank, high: s.q95Rank, median: s.medianRank });
    }
  }, 60_000);

  it('is skipped when specification, data, assumptions, N and seed are unchanged, and runs again when one changes', async () => {
    const runs = (await app.inject('/api/sensitivity?framework=asem-default')).json().total;
    const [again] = await scheduleRankIntervals(store, jobs, [target], { n: 10, seed: 3 });
    expect(again).toEqual({ frameworkId: 'asem-default', skipped: true });
    const [otherN] = await scheduleRankIntervals(store, jobs, [target], { n: 6, seed: 3 });
    expect(otherN.job).toBeDefined();
    expect((await jobs.wait(otherN.job!.id)).status).toBe('succeeded');
    expect((await app.inject('/api/sensitivity?framework=asem-default')).json().total).toBe(runs + 1);
    const [rebuilt] = await scheduleRankIntervals(store, jobs, [target], { n: 6, seed: 3 });
    expect(rebuilt.skipped).toBe(true);
    await runBuild(store, 'asem-default');
    const [afterBuild] = await scheduleRankIntervals(store, jobs, [target], { n: 6, seed: 3 });
    expect(afterBuild.job).toBeDefined();
    expect((await jobs.wait(afterBuild.job!.id)).status).toBe('succeeded');
  }, 60_000);
});
