import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { MediaAnalysisError } from '../analysis/errors.js';
import { stancePromptVersion } from '../analysis/stance.js';
import { parseRecords } from '../analysis/csv.js';
import { agreementReport, bootstrapAlpha, seededUniformInt, type AlphaMetric, type CodedValue, type Coding } from '../analysis/reliability.js';
import { indicatorCsv } from '../analysis/rollup.js';
import { GdeltFileServer, gdeltDefaultBaseUrl } from '../ingest/gdelt/server.js';
import type { GdeltKind } from '../ingest/gdelt/read.js';
import type { HttpOptions } from '../ingest/http.js';
import { ingestProblem, type IngestProblem } from '../ingest/problems.js';
import { communicatorTypes, formatSourceRegistry, importSourceRegistry } from '../sources/registry.js';
import { readAlpha2Lookup, suggestionColumns, suggestionRows, suggestSourceCountries } from '../sources/suggest.js';
import { loadUnknownDomains, finishIngestRun, startIngestRun } from '../store/articles.js';
import { registerSources } from '../pipeline/sources.js';
import type { Queryable } from '../store/schema.js';
import { parseFeedList, pollFeedsOnce } from '../pipeline/feeds.js';
import { ingestInput, inputKindOf, loadRegistry, type InputResult, type PipelineOptions } from '../pipeline/ingest.js';
import { articleTexts, cellArticleTexts, classifyArticles, codingRows, type ArticleText, type CodingField } from '../pipeline/classify.js';
import { isoDate, periodKinds, periodRange, type PeriodKind } from '../pipeline/periods.js';
import { mediaIndicators, queryRollups, type RollupResultRow } from '../pipeline/query.js';
import { migrateMediaPipeline } from '../pipeline/schema.js';
import { csvText, formatIngestProblem, MediaCommandError, mediaExitCodes, processOutput, textTable, xlsxBytes, type Cell, type MediaOutput } from './output.js';

export { MediaCommandError, mediaExitCodes, formatIngestProblem, type MediaOutput } from './output.js';

/** An open store: the media tables live in it; `close` releases it (and its lock). */
export interface MediaStoreHandle {
  db: Queryable;
  close(): Promise<void>;
}

export interface MediaCommandOptions {
  openStore: () => Promise<MediaStoreHandle>;
  /** Default: stdout and stderr. */
  output?: MediaOutput;
  /** Stops `media watch`; default: Ctrl-C (SIGINT). */
  signal?: AbortSignal;
  /** Timeouts, retries and `fetch` for GDELT downloads and feeds. */
  http?: HttpOptions;
  /** Minimum time between two requests to one host, for feeds; default 2,000 ms. */
  politenessMs?: number;
}

function parseDay(value: string): string {
  const day = isoDate(value);
  if (day == null) throw new InvalidArgumentError(`expected a date written YYYY-MM-DD, got "${value}"`);
  return day;
}

function parseYear(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1900 || n > 2999) throw new InvalidArgumentError(`expected a year such as 2024, got "${value}"`);
  return n;
}

function parseCountry(value: string): string {
  const c = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) throw new InvalidArgumentError(`expected an ISO 3166 alpha-3 code such as KEN, got "${value}"`);
  return c;
}

function parseCountries(value: string): string[] {
  return value.split(',').map(parseCountry);
}

function parseMinutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of minutes above 0, got "${value}"`);
  return n;
}

function parseKinds(value: string): GdeltKind[] {
  const kinds = value.split(',').map((k) => k.trim());
  for (const k of kinds) if (!['events', 'mentions', 'gkg'].includes(k)) throw new InvalidArgumentError(`unknown GDELT file kind "${k}"; expected events, mentions, gkg`);
  return kinds as GdeltKind[];
}

function parseType(value: string): string {
  if (value !== 'all' && value !== 'unknown' && !(communicatorTypes as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown communicator type "${value}"; expected all, unknown, ${communicatorTypes.join(', ')}`);
  }
  return value;
}

function parsePeriod(value: string): string {
  if (periodRange(value) == null) throw new InvalidArgumentError(`expected a day (2024-03-05), ISO week (2024-W10), month (2024-03), year (2024) or range of days (2024-03-05..2024-04-30), got "${value}"`);
  return value;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

/** Writes `text` to a temporary file beside `file`, then renames it: readers never see half a file. */
async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Opens the store, creates the media tables if needed, runs `work` and closes the store. */
async function withStore<T>(options: MediaCommandOptions, work: (db: Queryable) => Promise<T>): Promise<T> {
  const store = await options.openStore();
  try {
    await migrateMediaPipeline(store.db);
    return await work(store.db);
  } finally {
    await store.close();
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const problem = ingestProblem('MEDIA_FILE_UNREADABLE', `media: cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
    throw new MediaCommandError(problem.message, mediaExitCodes.inputProblems, [problem]);
  }
}

function report(output: MediaOutput, problems: readonly IngestProblem[], limit = 200): void {
  for (const p of problems.slice(0, limit)) output.err(formatIngestProblem(p));
  if (problems.length > limit) output.err(`… and ${problems.length - limit} more problems (all are in media_ingest_errors)`);
}

function fail(problems: readonly IngestProblem[], what: string): never {
  const errors = problems.filter((p) => p.severity === 'error');
  throw new MediaCommandError(`${errors.length} problem${errors.length === 1 ? '' : 's'} ${what}`, mediaExitCodes.inputProblems, [...problems]);
}

function attributedNote(attributed: number): string {
  return attributed > 0 ? `; ${attributed} stored article${attributed === 1 ? '' : 's'} that waited for curation now count for ${attributed === 1 ? 'its' : 'their'} country` : '';
}

function summary(r: InputResult): string {
  if (r.kind === 'events') return `${r.file}: ${r.records} lines, ${r.events} events with the home country (${r.newEvents} new), ${r.rejected} rejected`;
  return `${r.file}: ${r.records} records, ${r.inserted} new articles (${r.existing} already stored, ${r.syndicated} syndicated, ${r.unknownSource} from unknown sources), ${r.rejected} rejected${r.skipped ? '; nothing written' : ''}`;
}

const rollupColumns = ['country', 'period', 'period_start', 'theme', 'communicator_type', 'articles', 'home_articles', 'type_articles', 'attention', 'theme_share', 'tone_mean', 'baseline_tone', 'tone_difference', 'mentions'] as const;

function rollupCells(r: RollupResultRow): Cell[] {
  return [r.country, r.period, r.periodStart, r.theme ?? '', r.communicatorType, r.articles, r.homeArticles, r.typeArticles, r.attention, r.themeShare, r.toneMean, r.baselineTone, r.toneDifference, r.mentions];
}

/**
 * Adds `media ingest | watch | sources | report | indicators | reliability | classify` to a commander
 * program. Each command opens the store through `openStore` (which owns the store and its
 * lock), creates the media tables if needed, and closes it. Input problems end in a
 * `MediaCommandError` with exit code 1 after every problem is printed (file, line, value);
 * usage errors are commander's (exit 2); map anything else to 70 (see `mediaExitCode`).
 *
 * @example
 * registerMediaCommands(program, { openStore: async () => { const db = new PGlite(dir); return { db, close: () => db.close() }; } });
 * await program.parseAsync(['node', 'softpower', 'media', 'ingest', 'export.jsonl']);
 */
export function registerMediaCommands(program: Command, options: MediaCommandOptions): Command {
  const output = options.output ?? processOutput;
  const media = program.command('media').description('media monitor: ingest GDELT, feeds and archives; report coverage, tone and themes');

  media
    .command('ingest')
    .description('ingest article archives (JSONL, CSV) or GDELT files, a GDELT date range, or a list of feeds (once)')
    .argument('[files...]', 'archive files (.jsonl, .ndjson, .csv, .tsv) or GDELT files (….export.CSV, ….mentions.CSV, ….gkg.csv, zipped or not); Events files are ingested first, the others in the order given, since a Mentions file ties an article to the home country only through events already stored')
    .option('--gdelt-from <date>', 'first day of a GDELT range (YYYY-MM-DD, UTC)', parseDay)
    .option('--gdelt-to <date>', 'last day of a GDELT range (YYYY-MM-DD, UTC)', parseDay)
    .option('--gdelt-base <url>', 'GDELT file server or mirror', gdeltDefaultBaseUrl)
    .addOption(new Option('--gdelt-kinds <list>', 'GDELT file kinds, comma-separated: events, mentions, gkg').default(['events', 'gkg'], 'events,gkg').argParser(parseKinds))
    .option('--translation', 'GDELT range: the translation stream instead of the English one', false)
    .option('--feeds <file>', 'poll every feed of this list once (url[,minutes[,language[,source]]] a line)')
    .option('--strict', 'write nothing from an input with any problem', false)
    .addOption(new Option('--home <iso3>', 'the country whose coverage is measured').default('CHN').argParser(parseCountry))
    .action(async (files: string[], opts: { gdeltFrom?: string; gdeltTo?: string; gdeltBase: string; gdeltKinds: GdeltKind[]; translation: boolean; feeds?: string; strict: boolean; home: string }, command: Command) => {
      const modes = [files.length > 0, opts.gdeltFrom != null || opts.gdeltTo != null, opts.feeds != null].filter(Boolean).length;
      if (modes !== 1) command.error('media ingest: give files, or --gdelt-from and --gdelt-to, or --feeds (exactly one of them)', { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      if ((opts.gdeltFrom == null) !== (opts.gdeltTo == null)) command.error('media ingest: give both --gdelt-from and --gdelt-to', { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      if (opts.gdeltFrom != null && opts.gdeltTo != null && opts.gdeltFrom > opts.gdeltTo) command.error(`media ingest: --gdelt-from ${opts.gdeltFrom} is after --gdelt-to ${opts.gdeltTo}`, { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      await withStore(options, async (db) => {
        const registry = await loadRegistry(db);
        const kind = files.length > 0 ? 'files' : opts.feeds != null ? 'feeds' : 'gdelt-range';
        const runId = await startIngestRun(db, kind, { files, from: opts.gdeltFrom, to: opts.gdeltTo, feeds: opts.feeds, home: opts.home });
        const pipeline: PipelineOptions = { registry, home: opts.home, strict: opts.strict, runId };
        const problems: IngestProblem[] = [];
        const totals = { records: 0, inserted: 0, events: 0 };
        const take = (r: InputResult): void => {
          problems.push(...r.problems);
          totals.records += r.records;
          totals.inserted += r.inserted;
          totals.events += r.newEvents;
          report(output, r.problems, 50);
          output.err(summary(r));
        };
        if (files.length > 0) {
          // Events first (as the server's bundled loader does): Mentions see only the events already stored
          const ordered = [...files.filter((f) => inputKindOf(f) === 'events'), ...files.filter((f) => inputKindOf(f) !== 'events')];
          for (const [i, file] of ordered.entries()) {
            output.err(`[${i + 1}/${ordered.length}] ${file}`);
            take(await ingestInput(db, file, pipeline));
          }
        } else if (opts.feeds != null) {
          const list = parseFeedList(await readText(opts.feeds), opts.feeds);
          problems.push(...list.problems);
          report(output, list.problems);
          const round = await pollFeedsOnce(db, list.subscriptions, { ...pipeline, poller: { ...options.http, politenessMs: options.politenessMs }, onProgress: (p) => output.err(`${p.file}: ${p.records} items`) });
          problems.push(...round.problems);
          report(output, round.problems);
          totals.records += round.articles;
          totals.inserted += round.inserted;
          output.err(`${round.polled} feeds polled: ${round.updated} updated, ${round.notModified} not modified, ${round.failed} failed; ${round.inserted} new articles`);
        } else {
          const server = new GdeltFileServer({ ...options.http, baseUrl: opts.gdeltBase });
          const listing = await server.filesInRange(`${opts.gdeltFrom}T00:00:00Z`, `${opts.gdeltTo}T23:59:59Z`, { kinds: opts.gdeltKinds, stream: opts.translation ? 'translation' : 'english' });
          problems.push(...listing.problems);
          report(output, listing.problems);
          output.err(`${listing.entries.length} GDELT files from ${opts.gdeltFrom} to ${opts.gdeltTo}`);
          for (const [i, entry] of listing.entries.entries()) {
            output.err(`[${i + 1}/${listing.entries.length}] ${entry.name} (${(entry.size / 2 ** 20).toFixed(1)} MiB)`);
            const download = await server.download(entry);
            if (!download.ok) {
              problems.push(download.problem);
              report(output, [download.problem]);
              continue;
            }
            take(await ingestInput(db, { name: entry.name, bytes: download.bytes }, pipeline));
          }
        }
        const status = await finishIngestRun(db, runId, totals, problems, totals.inserted + totals.events);
        const errors = problems.filter((p) => p.severity === 'error').length;
        output.out(`media ingest: ${totals.inserted} new articles, ${totals.events} new events, ${errors} error${errors === 1 ? '' : 's'} (run ${runId}, ${status})`);
        if (problems.some((p) => p.severity === 'error')) fail(problems, 'in the input; the other records were stored');
      });
    });

  media
    .command('watch')
    .description('poll a list of feeds on their schedule until stopped with Ctrl-C')
    .requiredOption('--feeds <file>', 'feed list (url[,minutes[,language[,source]]] a line)')
    .addOption(new Option('--interval <minutes>', 'poll every feed this often unless its line says otherwise').default(60).argParser(parseMinutes))
    .addOption(new Option('--home <iso3>', 'the country whose coverage is measured').default('CHN').argParser(parseCountry))
    .action(async (opts: { feeds: string; interval: number; home: string }) => {
      const list = parseFeedList(await readText(opts.feeds), opts.feeds);
      report(output, list.problems);
      if (list.subscriptions.length === 0) fail(list.problems, `in ${opts.feeds}; no feed to watch`);
      const subscriptions = list.subscriptions.map((s) => ({ ...s, intervalMinutes: s.intervalMinutes ?? opts.interval }));
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      const signal = options.signal ?? controller.signal;
      if (!options.signal) process.once('SIGINT', onSigint);
      try {
        await withStore(options, async (db) => {
          output.err(`watching ${subscriptions.length} feeds; Ctrl-C stops`);
          let rounds = 0;
          while (!signal.aborted) {
            const registry = await loadRegistry(db);
            const round = await pollFeedsOnce(db, subscriptions, { registry, home: opts.home, poller: { ...options.http, politenessMs: options.politenessMs } });
            rounds++;
            report(output, round.problems);
            if (round.polled > 0) output.err(`${new Date().toISOString()}: ${round.polled} feeds polled, ${round.inserted} new articles, ${round.failed} failed`);
            const wait = round.nextPollAt == null ? opts.interval * 60_000 : Math.max(1000, Date.parse(round.nextPollAt) - Date.now());
            await sleep(wait, signal);
          }
          output.out(`media watch: stopped after ${rounds} round${rounds === 1 ? '' : 's'}`);
        });
      } finally {
        if (!options.signal) process.removeListener('SIGINT', onSigint);
      }
    });

  const sources = media.command('sources').description('the source registry: domain → country, language, communicator type');
  sources
    .command('list')
    .description('list the registry (shipped seed and stored entries)')
    .addOption(new Option('--format <format>', 'tsv or json').choices(['tsv', 'json']).default('tsv'))
    .action(async (opts: { format: 'tsv' | 'json' }) => {
      await withStore(options, async (db) => {
        const entries = (await loadRegistry(db)).entries();
        output.out(opts.format === 'json' ? JSON.stringify(entries, null, 2) : formatSourceRegistry(entries).trimEnd());
      });
    });
  sources
    .command('add')
    .description('add or replace one source')
    .argument('<domain>', 'host such as nation.africa')
    .requiredOption('--country <iso3>', 'country of the source', parseCountry)
    .requiredOption('--type <type>', `communicator type: ${communicatorTypes.join(', ')}`, parseType)
    .option('--language <iso639-3>', 'main language (ISO 639-3)')
    .option('--name <name>', 'name of the outlet')
    .option('--note <note>', 'a note')
    .action(async (domain: string, opts: { country: string; type: string; language?: string; name?: string; note?: string }) => {
      const row = ['domain,country,language,communicator_type,name,note', [domain, opts.country, opts.language ?? '', opts.type, opts.name ?? '', opts.note ?? ''].map((v) => `"${v.replace(/"/g, '""')}"`).join(',')].join('\n');
      const parsed = importSourceRegistry(row, { file: 'command line' });
      if (parsed.problems.length > 0) {
        report(output, parsed.problems);
        fail(parsed.problems, 'on the command line; nothing was stored');
      }
      await withStore(options, async (db) => {
        const registered = await registerSources(db, parsed.entries);
        output.out(`media sources: ${parsed.entries[0].domain} → ${parsed.entries[0].countryIso3}, ${parsed.entries[0].communicatorType}${attributedNote(registered.attributed)}`);
      });
    });
  sources
    .command('import')
    .description('import sources from CSV or TSV (domain, country, language, communicator_type, name, note); nothing is stored if a row is bad')
    .argument('<file>', 'registry file')
    .action(async (file: string) => {
      const parsed = importSourceRegistry(await readText(file), { file });
      report(output, parsed.problems);
      if (parsed.problems.some((p) => p.severity === 'error')) fail(parsed.problems, `in ${file}; nothing was stored`);
      await withStore(options, async (db) => {
        const registered = await registerSources(db, parsed.entries);
        output.out(`media sources: ${parsed.entries.length} sources imported from ${file}${attributedNote(registered.attributed)}`);
      });
    });
  sources
    .command('unknown')
    .description('domains seen in articles but not in the registry, most frequent first (to curate)')
    .action(async () => {
      await withStore(options, async (db) => {
        const unknown = await loadUnknownDomains(db);
        output.out(textTable(['domain', 'articles', 'example'], unknown.map((u) => [u.domain, u.articles, u.examples[0] ?? ''])));
      });
    });
  sources
    .command('suggest')
    .description('suggest a country for the domains awaiting curation from their country-code top-level domain, as a file to check, complete and import; nothing is stored')
    .option('-o, --out <file>', 'write the suggestions (the columns of media sources import) to this CSV file instead of stdout')
    .action(async (opts: { out?: string }) => {
      await withStore(options, async (db) => {
        const suggestions = suggestSourceCountries(await loadUnknownDomains(db), readAlpha2Lookup());
        const rows = suggestionRows(suggestions);
        const text = csvText(suggestionColumns, rows);
        if (opts.out) await writeFile(opts.out, text);
        else output.out(text.trimEnd());
        const articles = (list: typeof suggestions) => list.reduce((n, s) => n + s.articles, 0);
        const named = suggestions.filter((s) => s.country != null);
        output.err(
          `media sources suggest: a country for ${named.length} of ${suggestions.length} domains (${articles(named)} of ${articles(suggestions)} articles) from their ccTLD; ` +
            `the others need a person. Check each row, add its communicator type, then: softpower media sources import ${opts.out ?? '<file>'}`,
        );
      });
    });

  media
    .command('report')
    .description('attention, tone and themes of a country’s coverage per period, from the rollups')
    .addOption(new Option('--country <list>', 'source countries (ISO3, comma-separated); default every country').argParser(parseCountries))
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD); a day, week, month or year is given whole: --from counts from the start of its period', parseDay)
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD); the period holding it is given whole (exact with --by range)', parseDay)
    .addOption(new Option('--by <period>', 'period; day, week, month and year give whole periods, range sums every day from --from to --to into one period').choices(periodKinds as string[]).default('month'))
    .option('--theme <list>', 'lexicon themes, comma-separated (default: all articles)')
    .addOption(new Option('--type <list>', 'communicator types, comma-separated (default: all)').argParser((v: string) => v.split(',').map(parseType)))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'xlsx', 'json', 'text']))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (opts: { country?: string[]; from: string; to: string; by: PeriodKind; theme?: string; type?: string[]; format?: string; out?: string }, command: Command) => {
      const format = opts.format ?? (opts.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : opts.out?.toLowerCase().endsWith('.json') ? 'json' : opts.out ? 'csv' : 'text');
      if (format === 'xlsx' && !opts.out) command.error('media report: --format xlsx needs --out <file>', { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      if (opts.from > opts.to) command.error(`media report: --from ${opts.from} is after --to ${opts.to}`, { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      await withStore(options, async (db) => {
        const { rows } = await queryRollups(db, { countries: opts.country, from: opts.from, to: opts.to, by: opts.by, themes: opts.theme?.split(',').map((t) => t.trim()), communicatorTypes: opts.type });
        const header = [...rollupColumns];
        const cells = rows.map(rollupCells);
        let body: string | Buffer;
        if (format === 'json') body = `${JSON.stringify(rows, null, 2)}\n`;
        else if (format === 'xlsx') body = await xlsxBytes('media report', header, cells);
        else if (format === 'csv') body = csvText(header, cells);
        else body = `${textTable(['country', 'period', 'theme', 'type', 'articles', 'home', 'attention', 'tone', 'Δ tone'], rows.map((r) => [r.country, r.period, r.theme ?? '', r.communicatorType, r.articles, r.homeArticles, r.attention, r.toneMean, r.toneDifference]))}\n`;
        if (opts.out) {
          await writeFile(opts.out, body);
          output.out(`media report: ${rows.length} rows written to ${opts.out}`);
        } else output.out(String(body).trimEnd());
        if (rows.length === 0) output.err('media report: no rollups match; ingest articles first (media ingest) or widen --from/--to');
      });
    });

  media
    .command('indicators')
    .description('yearly media indicators in the long format (country,indicator,year,value,source,source_code,note) for index specifications')
    .requiredOption('--year-from <year>', 'first year', parseYear)
    .requiredOption('--year-to <year>', 'last year', parseYear)
    .requiredOption('-o, --out <file>', 'CSV file to write')
    .addOption(new Option('--home <iso3>', 'the country the indicators are about').default('CHN').argParser(parseCountry))
    .addOption(new Option('--type <type>', 'count one communicator type only').argParser(parseType))
    .option('--min-articles <n>', 'leave out country-years with fewer articles', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${v}"`);
      return n;
    })
    .option('--abroad', 'also write the home country\'s own rows (media_attention_abroad, media_tone_gap_abroad) for indices of the countries covered', false)
    .action(async (opts: { yearFrom: number; yearTo: number; out: string; home: string; type?: string; minArticles?: number; abroad: boolean }, command: Command) => {
      if (opts.yearFrom > opts.yearTo) command.error(`media indicators: --year-from ${opts.yearFrom} is after --year-to ${opts.yearTo}`, { exitCode: mediaExitCodes.usage, code: 'media.usage' });
      await withStore(options, async (db) => {
        const rows = await mediaIndicators(db, { home: opts.home, yearFrom: opts.yearFrom, yearTo: opts.yearTo, communicatorType: opts.type, minArticles: opts.minArticles, abroad: opts.abroad });
        await writeFile(opts.out, indicatorCsv(rows));
        const countries = new Set(rows.map((r) => r.country)).size;
        output.out(`media indicators: ${rows.length} rows (${countries} countries, ${new Set(rows.map((r) => r.indicator)).size} indicators) written to ${opts.out}`);
      });
    });

  media
    .command('reliability')
    .description("Krippendorff's alpha between human coders and a classifier, overall and per language")
    .argument('<coded.csv>', 'CSV with columns unit, coder, value and optionally language')
    .addOption(new Option('--metric <metric>', 'level of measurement').choices(['nominal', 'ordinal', 'interval', 'ratio']).default('nominal'))
    .option('--classifier <coder>', 'the coder id of the classifier (compared with each human coder)')
    .option('--bootstrap <n>', 'bootstrap replicates for a 95 % interval of the coders’ alpha', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 100) throw new InvalidArgumentError(`expected a whole number ≥ 100, got "${v}"`);
      return n;
    })
    .option('--seed <n>', 'seed of the bootstrap', (v: string) => Number(v), 1)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json']).default('text'))
    .action(async (file: string, opts: { metric: AlphaMetric; classifier?: string; bootstrap?: number; seed: number; format: string }) => {
      const { header, records } = parseRecords(await readText(file));
      const problems: IngestProblem[] = [];
      for (const column of ['unit', 'coder', 'value']) {
        if (!header.includes(column)) problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `reliability: the header lacks "${column}"`, { file, line: 1, value: header.join(','), hint: 'name the columns unit, coder, value and optionally language' }));
      }
      const numeric = opts.metric !== 'nominal';
      const codings: Coding[] = [];
      for (const r of records) {
        const raw = (r.values.value ?? '').trim();
        let value: CodedValue = raw === '' || raw.toUpperCase() === 'NA' ? null : raw;
        if (numeric && value != null) {
          const n = Number(value);
          if (!Number.isFinite(n)) {
            problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `reliability: value "${raw}" is not a number (metric ${opts.metric})`, { file, line: r.line, column: 'value', value: raw }));
            continue;
          }
          value = n;
        }
        codings.push({ unit: r.values.unit ?? '', coder: r.values.coder ?? '', value, language: r.values.language?.trim() || null });
      }
      report(output, problems);
      if (problems.length > 0) fail(problems, `in ${file}`);
      const rows = agreementReport(codings, { metric: opts.metric, classifier: opts.classifier });
      const intervals = new Map<string, { lower: number; upper: number }>();
      if (opts.bootstrap != null) {
        const random = seededUniformInt(opts.seed);
        for (const row of rows.filter((r) => r.comparison === 'coders')) {
          const subset = row.language === 'all' ? codings : codings.filter((c) => (c.language ?? 'und') === row.language);
          const coders = [...new Set(subset.map((c) => c.coder))].filter((c) => c !== opts.classifier).sort();
          const units = [...new Set(subset.map((c) => c.unit))];
          const matrix = coders.map((coder) => units.map((unit) => subset.find((c) => c.coder === coder && c.unit === unit)?.value ?? null));
          const ci = bootstrapAlpha(matrix, opts.metric, { replicates: opts.bootstrap, random });
          intervals.set(row.language, { lower: ci.lower, upper: ci.upper });
        }
      }
      const interval = (r: (typeof rows)[number]): { lower: number; upper: number } | undefined => (r.comparison === 'coders' ? intervals.get(r.language) : undefined);
      const table = rows.map((r) => ({ ...r, lower: interval(r)?.lower ?? null, upper: interval(r)?.upper ?? null }));
      const header2 = ['language', 'comparison', 'alpha', 'lower', 'upper', 'units', 'values'];
      const cells = table.map((r) => [r.language, r.comparison, r.alpha, r.lower, r.upper, r.units, r.values]);
      if (opts.format === 'json') output.out(JSON.stringify(table, null, 2));
      else if (opts.format === 'csv') output.out(csvText(header2, cells).trimEnd());
      else output.out(textTable(header2, cells));
      for (const w of new Set(table.flatMap((r) => r.warnings))) output.err(`warning: ${w}`);
    });

  media
    .command('classify')
    .description('run the stance and frame classifier (an OpenAI-compatible endpoint) on stored articles; writes unit,coder,value,language codes for media reliability')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible chat endpoint up to /v1, e.g. http://127.0.0.1:11434/v1 (Ollama)')
    .option('--model <name>', 'the model; it is the coder id in the codes')
    .option('--api-key-env <name>', 'environment variable holding the API key (never given on the command line)', 'OPENAI_API_KEY')
    .option('--target <text>', 'what the stance is towards', 'China')
    .addOption(new Option('--country <iso3>', 'the source country of a rollup cell').argParser(parseCountry))
    .option('--period <label>', 'the period of the cell: 2024-03-05, 2024-W10, 2024-03, 2024 or 2024-03-05..2024-04-30', parsePeriod)
    .option('--theme <theme>', 'only home articles mentioning this lexicon theme')
    .addOption(new Option('--type <type>', 'only this communicator type').argParser(parseType))
    .option('--home-only', 'only articles covering the home country', false)
    .option('--limit <n>', 'at most this many articles of the cell, newest first (default 100)', parseLimit)
    .option('--sample <file>', 'CSV with a column unit holding article ids or URLs (a human codes file will do)')
    .requiredOption('-o, --out <file>', 'CSV of codes to write (unit,coder,value,language)')
    .option('--log <file>', 'JSON Lines file: one line per article (id, model, prompt version, duration, outcome, classification)')
    .addOption(new Option('--field <field>', 'what the value column holds').choices(['stance', 'frames']).default('stance'))
    .action(
      async (
        opts: { endpoint?: string; model?: string; apiKeyEnv: string; target: string; country?: string; period?: string; theme?: string; type?: string; homeOnly: boolean; limit?: number; sample?: string; out: string; log?: string; field: CodingField },
        command: Command,
      ) => {
        const usage = (message: string): never => command.error(`media classify: ${message}`, { exitCode: mediaExitCodes.usage, code: 'media.usage' });
        if (!opts.endpoint || !opts.model) usage('the classifier is off unless configured; give --endpoint <url> (an OpenAI-compatible endpoint such as http://127.0.0.1:11434/v1) and --model <name>');
        const cell = opts.country != null || opts.period != null;
        if (cell === (opts.sample != null)) usage('give --country and --period (a rollup cell), or --sample <file> (exactly one of them)');
        if (cell && (opts.country == null || opts.period == null)) usage('a cell needs both --country and --period');
        if (!cell && (opts.theme != null || opts.type != null || opts.homeOnly || opts.limit != null)) usage('--theme, --type, --home-only and --limit select within a cell; with --sample, list the articles in the file');
        const apiKey = process.env[opts.apiKeyEnv];
        if (!apiKey && command.getOptionValueSource('apiKeyEnv') !== 'default') usage(`the environment variable ${opts.apiKeyEnv} (--api-key-env) is not set or empty`);

        const problems: IngestProblem[] = [];
        const refs: Array<{ unit: string; line: number }> = [];
        if (opts.sample != null) {
          const { header, records } = parseRecords(await readText(opts.sample));
          if (!header.includes('unit')) {
            problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `classify: the header lacks "unit"`, { file: opts.sample, line: 1, value: header.join(','), hint: 'name the column of article ids or URLs unit' }));
            report(output, problems);
            fail(problems, `in ${opts.sample}; nothing was classified`);
          }
          for (const r of records) if ((r.values.unit ?? '').trim() !== '') refs.push({ unit: r.values.unit.trim(), line: r.line });
        }
        // read everything first and release the store: the classifier may take minutes
        const articles: ArticleText[] = await withStore(options, async (db) => {
          if (opts.sample != null) {
            const found = await articleTexts(db, refs.map((r) => r.unit));
            const missing = new Set(found.missing);
            for (const r of refs) {
              if (!missing.delete(r.unit)) continue; // each missing unit once, at its first line
              problems.push(ingestProblem('MEDIA_ARCHIVE_ROW', `classify: unit "${r.unit}" is not the id or URL of a stored article`, { file: opts.sample, line: r.line, column: 'unit', value: r.unit, hint: 'list articles with GET /api/media/articles or cellArticles' }));
            }
            return found.articles;
          }
          const found = await cellArticleTexts(db, { country: opts.country!, period: opts.period!, theme: opts.theme ?? null, communicatorType: opts.type, homeOnly: opts.homeOnly || undefined, limit: opts.limit ?? 100 });
          if (found.total > found.articles.length) output.err(`media classify: the cell has ${found.total} articles; classifying the ${found.articles.length} newest (raise --limit for more)`);
          return found.articles;
        });
        report(output, problems);
        if (articles.length === 0) {
          const where = opts.sample != null ? `in ${opts.sample}` : `in the cell ${opts.country} ${opts.period}`;
          throw new MediaCommandError(`media classify: no stored article to classify ${where}; nothing written`, mediaExitCodes.inputProblems, problems);
        }

        if (opts.log != null) await writeFile(opts.log, '');
        output.err(`media classify: ${articles.length} articles, model ${opts.model} (prompt ${stancePromptVersion}), target "${opts.target}"`);
        const records = await classifyArticles(articles, { baseUrl: opts.endpoint!, model: opts.model!, apiKey: apiKey || undefined, fetch: options.http?.fetch }, {
          target: opts.target,
          onRecord: async (r, i) => {
            if (opts.log != null) await appendFile(opts.log, `${JSON.stringify({ at: new Date().toISOString(), ...r })}\n`);
            output.err(`[${i + 1}/${articles.length}] ${r.articleId}: ${r.classification != null ? `${r.classification.stance} (${r.durationMs} ms)` : r.outcome}`);
          },
        });
        const rows = codingRows(records, articles, opts.field);
        await writeFileAtomic(opts.out, csvText(['unit', 'coder', 'value', 'language'], rows));
        const failed = records.filter((r) => r.classification == null);
        for (const r of failed) {
          const reason = r.outcome === 'no-text' ? 'the article is stored without text; a title alone is not what the coders read, so it was not sent' : r.detail;
          output.err(`error ${r.code ?? r.outcome}: classify: article ${r.articleId} (${r.url}) not coded: ${reason}`);
        }
        output.out(`media classify: ${rows.length} of ${articles.length} articles coded by ${opts.model} (${opts.field}, prompt ${stancePromptVersion}), written to ${opts.out}${opts.log != null ? `; log in ${opts.log}` : ''}`);
        if (failed.length + problems.length > 0) {
          const parts = [failed.length > 0 ? `${failed.length} article${failed.length === 1 ? '' : 's'} not coded` : '', problems.length > 0 ? `${problems.length} unit${problems.length === 1 ? '' : 's'} not found` : ''].filter((x) => x);
          throw new MediaCommandError(`media classify: ${parts.join(', ')}; the other codes were written to ${opts.out}`, mediaExitCodes.inputProblems, problems);
        }
      },
    );

  return media;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The exit code of an error thrown by a media command: 1 for input problems (already
 * printed), 2 for usage errors, 70 for anything else (a bug).
 */
export function mediaExitCode(error: unknown): number {
  if (error instanceof MediaCommandError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? mediaExitCodes.ok : mediaExitCodes.usage;
  if (error instanceof MediaAnalysisError) return mediaExitCodes.inputProblems;
  return mediaExitCodes.internal;
}

/**
 * Runs one media command line (`['media', 'report', '--from', …]`, user arguments) on its
 * own program and returns the exit code; never throws. What the `softpower` binary does,
 * for tests and scripts.
 */
export async function runMediaCommand(argv: readonly string[], options: MediaCommandOptions): Promise<number> {
  const output = options.output ?? processOutput;
  const program = new Command('softpower').exitOverride().configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  registerMediaCommands(program, options);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return mediaExitCodes.ok;
  } catch (error) {
    const code = mediaExitCode(error);
    if (error instanceof MediaCommandError) output.err(error.message);
    else if (error instanceof MediaAnalysisError) output.err(`error ${error.code}: ${error.message}`);
    else if (code === mediaExitCodes.internal) output.err(`internal error: ${(error as Error).stack ?? String(error)}`);
    return code;
  }
}
