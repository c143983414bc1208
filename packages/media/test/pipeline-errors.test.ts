import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mediaAnalysisProblems, mediaCatalogue, mediaErrorsMarkdown, mediaHttpStatus, mediaProblemCatalogue } from '../src/index.js';

describe('media problem codes', () => {
  it('docs/errors.md holds the media section exactly as mediaErrorsMarkdown() generates it', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)), 'utf8');
    const section = /<!-- media-errors:start -->\n([\s\S]*?)\n<!-- media-errors:end -->/.exec(doc);
    expect(section, 'docs/errors.md lacks the media-errors markers').not.toBeNull();
    expect(section![1], 'regenerate the section with mediaErrorsMarkdown()').toBe(mediaErrorsMarkdown());
  });

  it('the catalogue joins the ingest and analysis codes, each with an HTTP status', () => {
    expect(Object.keys(mediaCatalogue).sort()).toEqual([...Object.keys(mediaProblemCatalogue), ...Object.keys(mediaAnalysisProblems)].sort());
    expect(Object.keys(mediaHttpStatus).sort()).toEqual(Object.keys(mediaCatalogue).sort());
    for (const code of Object.keys(mediaCatalogue)) expect(code).toMatch(/^MEDIA_[A-Z0-9_]+$/);
  });
});
