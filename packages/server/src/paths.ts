import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where data/, examples/ and frameworks/ live. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The bundled specifications the server builds on first start: frameworks/*.yaml and this example. */
export const bundledExampleSpec = join(projectRoot, 'examples/coinr-asem/a_default.yaml');
export const bundledFrameworksDir = join(projectRoot, 'frameworks');
export const derivedDataDir = join(projectRoot, 'data/derived');
/** The web dashboard's production build, served at / when present. */
export const dashboardDist = join(projectRoot, 'apps/dashboard/dist');
