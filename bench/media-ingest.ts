import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { defaultFipsLookup, eventActorCountryOptions, gkgFilter, readGdelt, type GdeltKind, type GdeltReadOptions } from '../packages/media/src/ingest/index.js';
import { medianMs, type Figure } from './machine.js';

const root = join(import.meta.dirname, '..');
const targetBytes = 48 * 2 ** 20;

/** Repeats a file's bytes until about `targetBytes` (whole copies, so every line stays intact). */
function replicate(path: string): Uint8Array {
  const one = readFileSync(path);
  const copies = Math.max(1, Math.round(targetBytes / one.length));
  const out = new Uint8Array(one.length * copies);
  for (let i = 0; i < copies; i++) out.set(one, i * one.length);
  return out;
}

async function throughput<K extends GdeltKind>(kind: K, input: { name: string; bytes: Uint8Array }, options: GdeltReadOptions<K>, size: number, runs = 3): Promise<{ mbPerSecond: number; records: number }> {
  const samples: number[] = [];
  let records = 0;
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const reader = readGdelt(kind, input, options);
    for await (const batch of reader) void batch;
    const ms = performance.now() - t0;
    records = reader.report.records;
    if (reader.report.rejected > 0) throw new Error(`bench: ${reader.report.rejected} lines rejected in ${input.name}`);
    if (r > 0) samples.push(ms);
  }
  return { mbPerSecond: size / 2 ** 20 / (medianMs(samples) / 1000), records };
}

/**
 * GDELT parsing and filtering in MB/s on one core (the parser is single-threaded; files are
 * parsed in parallel by running one reader per core). Inputs: the real Events export
 * 20191024143000 and the real translation Mentions of 20170701234500 replicated to about
 * 48 MiB; GKG from the three constructed codebook rows (no real GKG file is available), so
 * its figure leaves out the long GCAM fields of real records. Target ≥ 50 MB/s.
 */
export async function benchMediaIngest(): Promise<Figure[]> {
  const fips = defaultFipsLookup();
  const events = replicate(join(root, 'data/gdelt/samples/20191024143000.export.CSV'));
  const mentions = replicate(join(root, 'data/gdelt/samples/20170701234500.translation.mentions.derived.CSV'));
  const gkg = replicate(join(root, 'packages/media/test/fixtures/gdelt/constructed.gkg.csv'));
  const eventsZip = zipSync({ 'events.export.CSV': events }, { level: 6 });
  const mib = (b: Uint8Array): string => `${(b.length / 2 ** 20).toFixed(0)} MiB`;

  const all = await throughput('events', { name: 'events.export.CSV', bytes: events }, { fips }, events.length);
  const china = await throughput('events', { name: 'events.export.CSV', bytes: events }, { fips, ...eventActorCountryOptions(['CHN']) }, events.length);
  const zipped = await throughput('events', { name: 'events.export.CSV.zip', bytes: eventsZip }, { fips, ...eventActorCountryOptions(['CHN']) }, events.length);
  const ment = await throughput('mentions', { name: 'm.translation.mentions.CSV', bytes: mentions }, { fips }, mentions.length);
  const gkgAll = await throughput('gkg', { name: 'g.gkg.csv', bytes: gkg }, { fips }, gkg.length);
  const gkgChina = await throughput('gkg', { name: 'g.gkg.csv', bytes: gkg }, { fips, filter: gkgFilter({ countries: ['CHN'] }), lineContains: ['#CH#'] }, gkg.length);
  const target = 'target ≥ 50 MB/s per core';
  return [
    { name: `Events, parse every record (real export ×${Math.round(events.length / 855412)}, ${mib(events)})`, value: all.mbPerSecond, unit: 'MiB/s', note: `${target}; ${all.records} records` },
    { name: 'Events, keep China as actor (substring prefilter, then raw fields)', value: china.mbPerSecond, unit: 'MiB/s', note: `${target}; ${china.records} records kept` },
    { name: 'Events, zipped, keep China as actor (inflate included)', value: zipped.mbPerSecond, unit: 'MiB/s of CSV', note: target },
    { name: `Mentions, parse every record (real translation sample, ${mib(mentions)})`, value: ment.mbPerSecond, unit: 'MiB/s', note: target },
    { name: `GKG 2.1, parse every record (constructed rows, ${mib(gkg)})`, value: gkgAll.mbPerSecond, unit: 'MiB/s', note: `${target}; rows without GCAM` },
    { name: 'GKG 2.1, keep locations in China', value: gkgChina.mbPerSecond, unit: 'MiB/s', note: target },
  ];
}
