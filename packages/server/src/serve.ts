import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FeedPollerOptions } from '@softpower/media';
import { createApp } from './app.js';
import { redactUrl } from './db/client.js';
import { acquireLock, StoreLockedError, type StoreLock } from './db/lock.js';
import { FeedListError, readFeedList, watchFeeds, type FeedWatch } from './jobs/feeds.js';
import { JobQueue } from './jobs/queue.js';
import { defaultRankIntervals, rankIntervalTargets, scheduleRankIntervals, type RankIntervalSchedule } from './jobs/rank-intervals.js';
import { dashboardDist } from './paths.js';
import { loadBundledData, type BundledLoad } from './store/bundled.js';
import { loadBundledMedia, type BundledMediaFile } from './store/bundled-media.js';
import { openStore, type Store } from './store/store.js';

export const defaultPort = 8787;
export const defaultHost = '127.0.0.1';
export const defaultDataDir = '.softpower/store';

export interface ServerOptions {
  /** Embedded store directory (PGlite in `<dataDir>/pgdata`, lock in `<dataDir>/softpower.lock`). */
  dataDir?: string;
  /** PostgreSQL URL; when given, the embedded store is not used. */
  databaseUrl?: string;
  port?: number;
  host?: string;
  /** Write token; default SOFTPOWER_TOKEN, else a token generated once and kept in `<dataDir>/token`. */
  token?: string;
  /** Read token; reads are open when absent. */
  readToken?: string;
  bodyLimit?: number;
  /** The web dashboard served at / (default apps/dashboard/dist, when it has been built). */
  dashboardDir?: string;
  /** Load the bundled data and build the default frameworks (default true). */
  loadBundled?: boolean;
  /**
   * Replications of the rank intervals computed in the background for every bundled framework
   * with an assumptions file (default 200, or SOFTPOWER_RANK_INTERVALS); 0 computes none.
   */
  rankIntervals?: number;
  /** Worker threads of each sensitivity job (default SOFTPOWER_WORKERS, else one fewer than the CPUs, at least one). */
  workers?: number;
  /** A feed list polled in the background while the server runs (`url[,minutes[,language[,source]]]` a line). */
  feeds?: string;
  /** Timeouts, retries and politeness of the feed poller. */
  feedPoller?: FeedPollerOptions;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  jobs: JobQueue;
  token?: string;
  /** Where the write token is kept, when it was generated. */
  tokenFile?: string;
  bundled?: BundledLoad;
  /** The bundled GDELT samples, and whether this start ingested them. */
  bundledMedia: BundledMediaFile[];
  /** The background jobs computing the default rank intervals, or why none was needed. */
  rankIntervals: RankIntervalSchedule[];
  /** The feeds polled in the background, when a feed list was given. */
  feeds?: FeedWatch;
  /** Milliseconds from the call to listening. */
  startupMs: number;
  close(): Promise<void>;
}

/** Thrown when a setting of the environment is not usable; the server does not start. */
export class ServerSettingError extends Error {
  readonly code = 'SERVER_SETTING';
  constructor(message: string) {
    super(message);
    this.name = 'ServerSettingError';
  }
}

/** A whole number of at least `min` from the environment variable `name`; undefined when unset or empty. */
function wholeNumberFromEnv(name: string, min: number, meaning: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new ServerSettingError(`start: ${name}="${text}" is not a whole number ≥ ${min}; set it to ${meaning}, or unset it for the default`);
  }
  return value;
}

async function embeddedToken(dataDir: string): Promise<{ token: string; file: string }> {
  const file = join(dataDir, 'token');
  try {
    return { token: (await readFile(file, 'utf8')).trim(), file };
  } catch {
    const token = randomBytes(24).toString('base64url');
    await writeFile(file, token + '\n', { mode: 0o600 });
    return { token, file };
  }
}

/**
 * Starts the observatory: takes the embedded store's lock (unless `databaseUrl` is given),
 * migrates, loads the bundled data and builds the default frameworks on first start (a later
 * start finds every import by checksum and every build, and is fast), then listens.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  let lock: StoreLock | undefined;
  let store: Store | undefined;
  let listening: FastifyInstance | undefined;
  // Settings that cannot be used stop the start before the store is touched.
  const workers = options.workers ?? wholeNumberFromEnv('SOFTPOWER_WORKERS', 1, 'the worker threads of each sensitivity job');
  const n = options.rankIntervals ?? wholeNumberFromEnv('SOFTPOWER_RANK_INTERVALS', 0, 'the replications of the default rank intervals (0 computes none)') ?? defaultRankIntervals.n;
  const feedList = options.feeds ? await readFeedList(options.feeds) : undefined;
  try {
    let token = options.token ?? process.env.SOFTPOWER_TOKEN;
    let tokenFile: string | undefined;
    if (options.databaseUrl) {
      log(`store: PostgreSQL at ${redactUrl(options.databaseUrl)}`);
      store = await openStore({ databaseUrl: options.databaseUrl });
    } else {
      await mkdir(dataDir, { recursive: true });
      lock = await acquireLock(dataDir);
      if (lock.clearedStale) log(`store: removed a stale lock left by process ${lock.clearedStale.pid} (started ${lock.clearedStale.startedAt})`);
      log(`store: embedded PostgreSQL (PGlite) in ${join(dataDir, 'pgdata')}`);
      store = await openStore({ dataDir });
      if (!token) ({ token, file: tokenFile } = await embeddedToken(dataDir));
    }
    const bundled = options.loadBundled === false ? undefined : await loadBundledData(store, { log });
    const bundledMedia = options.loadBundled === false ? [] : await loadBundledMedia(store, { log });
    const jobs = new JobQueue({ store, log });
    for (const job of await jobs.recover()) log(`job ${job.id} (${job.kind}) was interrupted: its server process stopped while it ran; POST /api/jobs/${job.id}/retry submits it again`);
    const app = await createApp({ store, workers, token, readToken: options.readToken ?? process.env.SOFTPOWER_READ_TOKEN, bodyLimit: options.bodyLimit, jobs, dashboardDir: options.dashboardDir ?? dashboardDist });
    listening = app;
    const address = await app.listen({ port: options.port ?? defaultPort, host: options.host ?? defaultHost });
    const url = address.replace('[::1]', 'localhost');
    await lock?.setUrl(url);
    const startupMs = performance.now() - started;
    const rankIntervals = bundled && n > 0 ? await scheduleRankIntervals(store, jobs, rankIntervalTargets(bundled), { n, workers, log }) : [];
    const queued = rankIntervals.filter((r) => r.job).length;
    if (queued > 0) log(`rank intervals: ${queued} uncertainty analyses (N = ${n}) run in the background; the results show them once each finishes`);
    const feeds = feedList ? watchFeeds(store, feedList, { poller: options.feedPoller, log }) : undefined;
    const openStoreRef = store;
    const heldLock = lock;
    return {
      url,
      app,
      store,
      jobs,
      token,
      tokenFile,
      bundled,
      bundledMedia,
      rankIntervals,
      feeds,
      startupMs,
      close: async () => {
        await feeds?.stop();
        await app.close();
        jobs.cancelAll();
        await jobs.close();
        await openStoreRef.close();
        await heldLock?.release();
      },
    };
  } catch (e) {
    await listening?.close().catch(() => {});
    await store?.close().catch(() => {});
    await lock?.release();
    throw e;
  }
}

/** The CLI's reporter, as in @softpower/cli. */
export interface ServeReporter {
  out(text: string): void;
  info(text: string): void;
}

export interface ServeCommandOptions {
  data?: string;
  port?: number;
  host?: string;
  databaseUrl?: string;
  /** Load the bundled data and build the bundled frameworks (default true). */
  loadBundled?: boolean;
  /** A feed list polled in the background (default SOFTPOWER_FEEDS). */
  feeds?: string;
}

/**
 * `softpower start` / `npm start`: starts the server with options from the command line and
 * the environment (PORT, HOST, DATABASE_URL, SOFTPOWER_DATA_DIR, SOFTPOWER_TOKEN,
 * SOFTPOWER_READ_TOKEN, SOFTPOWER_FEEDS, SOFTPOWER_WORKERS, SOFTPOWER_RANK_INTERVALS), prints the address, and resolves with the exit code once SIGINT or
 * SIGTERM has stopped it: 0, or 1 when the store is locked by another process, the feed list
 * cannot be used or a setting of the environment is not a valid number.
 */
export async function serveCommand(options: ServeCommandOptions, reporter: ServeReporter): Promise<number> {
  const env = process.env;
  const port = options.port ?? (env.PORT ? Number(env.PORT) : defaultPort);
  let server: RunningServer;
  try {
    server = await startServer({
      dataDir: options.data ?? env.SOFTPOWER_DATA_DIR ?? defaultDataDir,
      databaseUrl: options.databaseUrl ?? (env.DATABASE_URL || undefined),
      port,
      host: options.host ?? env.HOST ?? defaultHost,
      loadBundled: options.loadBundled,
      feeds: options.feeds ?? (env.SOFTPOWER_FEEDS || undefined),
      log: (line) => reporter.info(line),
    });
  } catch (e) {
    if (e instanceof StoreLockedError) {
      reporter.info(`error STORE_LOCKED: ${e.message}`);
      return 1;
    }
    if (e instanceof FeedListError || e instanceof ServerSettingError) {
      reporter.info(`error ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  reporter.info(`ready in ${(server.startupMs / 1000).toFixed(1)} s`);
  if (server.tokenFile) reporter.info(`write token (for uploads, builds, deletes): ${server.tokenFile}`);
  else if (!server.token) reporter.info('writes are disabled: set SOFTPOWER_TOKEN to allow uploads, builds and deletes');
  reporter.out(`Soft Power Observatory serving ${server.url} (API docs ${server.url}/docs); Ctrl+C stops it`);
  return new Promise((resolvePromise) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      reporter.info('stopping…');
      await server.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
