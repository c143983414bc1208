import * as fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { loadRegistry, seedSourceRegistry, type Queryable } from '../src/index.js';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

/** A store with no registry entries of its own. */
const emptyStore: Queryable = { query: async () => ({ rows: [] }) };

const seedReads = (): number => vi.mocked(fs.readFileSync).mock.calls.filter(([path]) => String(path).endsWith('voa-domains.tsv')).length;

describe('loadRegistry', () => {
  it('reads the shipped seed once per process and gives a fresh registry on every call', async () => {
    const first = await loadRegistry(emptyStore);
    const readsAfterFirst = seedReads();
    expect(readsAfterFirst).toBe(1);
    const second = await loadRegistry(emptyStore);
    expect(seedReads()).toBe(readsAfterFirst);
    expect(second).not.toBe(first);
    expect(second.entries()).toEqual(first.entries());
    expect(first.entries()).toEqual(seedSourceRegistry().registry.entries());
    // a change to one registry stays in it
    first.set({ domain: 'voanews.com', name: 'changed', countryIso3: 'KEN', language: 'eng', communicatorType: 'commercial_media', origin: 'user', note: null });
    expect((await loadRegistry(emptyStore)).lookup('voanews.com')?.countryIso3).toBe('USA');
  });
});
