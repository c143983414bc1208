import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/db/lock.js';
import { derivedDataDir } from '../src/paths.js';
import { importCountries, importIndicatorCatalogue, importIndicatorValues } from '../src/store/imports.js';
import { openStore } from '../src/store/store.js';
import { runChild } from './children/run.js';
import { tableCounts } from './support.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('an import killed with SIGKILL in the middle of its transaction', () => {
  it('leaves the embedded store as it was, and the import can be run again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softpower-killed-'));
    dirs.push(dir);
    let lock = await acquireLock(dir);
    let store = await openStore({ dataDir: dir });
    await importCountries(store, await readFile(join(derivedDataDir, 'countries.csv')), 'countries.csv');
    await importIndicatorCatalogue(store, await readFile(join(derivedDataDir, 'indicator_catalogue.csv')), 'indicator_catalogue.csv');
    const before = await tableCounts(store);
    await store.close();
    await lock.release();

    const child = runChild(new URL('./children/import-and-hang.ts', import.meta.url), [dir]);
    const line = await child.line(/^writing \d+$/);
    expect(Number(line.split(' ')[1])).toBeGreaterThan(0);
    child.process.kill('SIGKILL');
    await child.exited;

    lock = await acquireLock(dir);
    expect(lock.clearedStale?.pid).toBe(child.process.pid);
    store = await openStore({ dataDir: dir });
    try {
      expect(await tableCounts(store)).toEqual(before);
      const again = await importIndicatorValues(store, await readFile(join(derivedDataDir, 'indicators/wdi-1.csv')), 'indicators/wdi-1.csv');
      expect(again.changed).toBe(true);
      const after = await tableCounts(store);
      expect(after.indicator_values).toBe(again.rows);
      expect(after.imports).toBe(before.imports + 1);
    } finally {
      await store.close();
      await lock.release();
    }
  }, 120_000);
});
