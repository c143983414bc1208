import { z } from 'zod';
import { indexSpecSchema } from '@softpower/engine';

/** The JSON Schema of index specifications, generated from the engine's zod schema. */
export function indexSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(indexSpecSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://softpower-observatory.org/schema/index-spec.schema.json',
    title: 'Soft Power Observatory index specification',
  };
}
