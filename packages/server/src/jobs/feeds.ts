import { readFile } from 'node:fs/promises';
import { formatIngestProblem, loadRegistry, parseFeedList, pollFeedsOnce, type FeedPollerOptions, type FeedSubscription, type IngestProblem } from '@softpower/media';
import type { Store } from '../store/store.js';

export interface FeedWatchOptions {
  /** The country whose coverage is measured (default CHN). */
  home?: string;
  /** Minutes between polls of a feed whose line gives none (default 60). */
  intervalMinutes?: number;
  /** Timeouts, retries, politeness and `fetch` of the poller. */
  poller?: FeedPollerOptions;
  log?: (line: string) => void;
}

/** Feeds polled by the server in the background; `stop` aborts the round in flight and ends the loop. */
export interface FeedWatch {
  readonly subscriptions: readonly FeedSubscription[];
  /** Rounds completed so far. */
  readonly rounds: number;
  stop(): Promise<void>;
}

/** Thrown when the feed list cannot be read or holds no feed; the server does not start. */
export class FeedListError extends Error {
  readonly code = 'MEDIA_FEED_LIST';
  constructor(message: string) {
    super(message);
    this.name = 'FeedListError';
  }
}

/** A feed list read and checked: its feeds, and the problems of its other lines. */
export interface FeedList {
  file: string;
  subscriptions: FeedSubscription[];
  problems: IngestProblem[];
}

/** Reads a feed list (`url[,minutes[,language[,source]]]` a line); throws `FeedListError` when it cannot be read or holds no feed. */
export async function readFeedList(file: string): Promise<FeedList> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new FeedListError(`feeds: cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const list = parseFeedList(text, file);
  if (list.subscriptions.length === 0) throw new FeedListError(`feeds: "${file}" holds no feed to poll (one "url[,minutes[,language[,source]]]" a line)`);
  return { file, ...list };
}

/**
 * Polls the feeds of a list on their schedule, in the server's process and on its store, as
 * `softpower media watch` does from the command line (which an embedded store locked by a
 * running server refuses). Each round stores new articles with their analysis and rollups and
 * drops the server's cached reads when it stored any; a round that fails is logged and the
 * next one comes on schedule.
 */
export function watchFeeds(store: Store, list: FeedList, options: FeedWatchOptions = {}): FeedWatch {
  const log = options.log ?? (() => {});
  for (const p of list.problems) log(formatIngestProblem(p));
  const interval = options.intervalMinutes ?? 60;
  const subscriptions = list.subscriptions.map((s) => ({ ...s, intervalMinutes: s.intervalMinutes ?? interval }));
  const controller = new AbortController();
  const stopped = controller.signal;
  const baseFetch = options.poller?.fetch ?? fetch;
  // Stopping aborts the request in flight and cuts short any backoff or politeness wait, so
  // `stop` does not wait for a whole round of timeouts and retries.
  const poller: FeedPollerOptions = {
    ...options.poller,
    fetch: (input, init) => baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([stopped, init.signal]) : stopped }),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (stopped.aborted) return resolve();
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          clearTimeout(timer);
          stopped.removeEventListener('abort', done);
          resolve();
        };
        stopped.addEventListener('abort', done, { once: true });
        const custom = options.poller?.sleep;
        if (custom) void custom(ms).then(done, done);
        else timer = setTimeout(done, ms);
      }),
  };
  let rounds = 0;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!controller.signal.aborted) {
      let wait = interval * 60_000;
      try {
        const db = store.handle.sql;
        const round = await pollFeedsOnce(db, subscriptions, { registry: await loadRegistry(db), home: options.home, poller });
        rounds++;
        if (round.inserted > 0) store.changed();
        for (const p of round.problems) log(formatIngestProblem(p));
        if (round.polled > 0) log(`feeds: ${round.polled} polled, ${round.inserted} new articles, ${round.notModified} not modified, ${round.failed} failed`);
        if (round.nextPollAt != null) wait = Math.max(1000, Date.parse(round.nextPollAt) - Date.now());
      } catch (e) {
        if (controller.signal.aborted) break;
        log(`feeds: the round failed (${(e as Error).message}); the next one in ${interval} min`);
      }
      if (!controller.signal.aborted) await pause(wait);
    }
  })();
  log(`feeds: polling ${subscriptions.length} feeds of ${list.file}`);
  return {
    subscriptions,
    get rounds() {
      return rounds;
    },
    stop: async () => {
      controller.abort();
      wake?.();
      await loop;
    },
  };
}
