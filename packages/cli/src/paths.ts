import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root, where examples/ and data/ live. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export const defaultExampleSpec = join(projectRoot, 'examples/coinr-asem/a_default.yaml');
