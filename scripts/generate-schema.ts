/**
 * Writes schema/index-spec.schema.json from the engine's zod schema. Run after changing
 * packages/engine/src/spec/schema.ts: `npm run schema`. A test fails while the committed file
 * differs from what this script would write.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexSpecJsonSchema } from '../packages/cli/src/schema.js';
import { projectRoot } from '../packages/cli/src/paths.js';

export const schemaPath = join(projectRoot, 'schema/index-spec.schema.json');

export function schemaText(): string {
  return JSON.stringify(indexSpecJsonSchema(), null, 2) + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(schemaPath, schemaText());
  console.log(`wrote ${schemaPath}`);
}
