import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock } from '../../src/db/lock.js';
import { derivedDataDir } from '../../src/paths.js';
import { importIndicatorValues } from '../../src/store/imports.js';
import { openStore } from '../../src/store/store.js';

/**
 * Opens the embedded store of the directory given as argument and imports a large indicator
 * file; after the first batch is written inside the import's transaction it says "writing"
 * and stops there, to be killed with SIGKILL.
 */
const dataDir = process.argv[2];
await acquireLock(dataDir);
const store = await openStore({ dataDir });
await importIndicatorValues(store, await readFile(join(derivedDataDir, 'indicators/wdi-1.csv')), 'indicators/wdi-1.csv', {
  progress: async (written) => {
    process.stdout.write(`writing ${written}\n`);
    await new Promise(() => {});
  },
});
