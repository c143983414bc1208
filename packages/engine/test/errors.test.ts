import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { problemCatalogue } from '../src/errors.js';

describe('problem catalogue', () => {
  it('docs/errors.md documents exactly the codes of the catalogue, with the same meaning', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)), 'utf8');
    const documented = new Map<string, string>();
    for (const m of doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+?) \|$/gm)) documented.set(m[1], m[3]);
    expect([...documented.keys()].sort()).toEqual(Object.keys(problemCatalogue).sort());
    for (const [code, meaning] of Object.entries(problemCatalogue)) {
      expect(documented.get(code)!.startsWith(meaning.replace(/\.$/, '')), `${code}: "${documented.get(code)}" should start with "${meaning}"`).toBe(true);
    }
  });
});
