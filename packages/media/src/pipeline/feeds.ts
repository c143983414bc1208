import { languageTagToIso6393 } from '../ingest/feeds/language.js';
import { FeedPoller, type FeedPollerOptions, type FeedState, type FeedSubscription } from '../ingest/feeds/poller.js';
import { ingestProblem, type IngestProblem } from '../ingest/problems.js';
import type { Queryable } from '../store/schema.js';
import { loadRegistry, storeBatch, type BatchResult, type PipelineOptions } from './ingest.js';

/**
 * Reads a feed list: one feed a line, `url[,interval minutes[,language[,source domain]]]`;
 * blank lines, lines starting with `#` and a header line starting with `url` are skipped.
 * Every bad line is reported with its number and value.
 *
 * @example
 * parseFeedList('https://www.voanews.com/api/zq$omekvi_,30,en\n').subscriptions[0].intervalMinutes // 30
 */
export function parseFeedList(text: string, file = 'feeds'): { subscriptions: FeedSubscription[]; problems: IngestProblem[] } {
  const subscriptions: FeedSubscription[] = [];
  const problems: IngestProblem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    const number = i + 1;
    if (line.length === 0 || line.startsWith('#') || (number === 1 && /^url\b/i.test(line))) return;
    const [url, interval, language, source] = line.split(',').map((f) => f.trim());
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (parsed == null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      problems.push(ingestProblem('MEDIA_FEED_ITEM', `feed list: "${url}" is not an http(s) URL`, { file, line: number, column: 'url', value: url }));
      return;
    }
    const subscription: FeedSubscription = { url };
    if (interval != null && interval !== '') {
      const minutes = Number(interval);
      if (!(minutes >= 1) || !Number.isFinite(minutes)) {
        problems.push(ingestProblem('MEDIA_FEED_ITEM', `feed list: interval "${interval}" is not a number of minutes ≥ 1`, { file, line: number, column: 'interval', value: interval }));
        return;
      }
      subscription.intervalMinutes = minutes;
    }
    if (language != null && language !== '') {
      const code = languageTagToIso6393(language);
      if (code == null) {
        problems.push(ingestProblem('MEDIA_FEED_ITEM', `feed list: language "${language}" is not an ISO 639 code`, { file, line: number, column: 'language', value: language }));
        return;
      }
      subscription.language = code;
    }
    if (source != null && source !== '') subscription.source = source;
    if (seen.has(url)) return;
    seen.add(url);
    subscriptions.push(subscription);
  });
  return { subscriptions, problems };
}

/** The stored poll states of the given feeds. */
export async function loadFeedStates(db: Queryable, urls: readonly string[]): Promise<Map<string, FeedState>> {
  const { rows } = await db.query('SELECT url, state FROM media_feeds WHERE url = ANY($1::text[]) AND state IS NOT NULL', [urls]);
  return new Map((rows as { url: string; state: FeedState }[]).map((r) => [r.url, r.state]));
}

async function saveFeedState(db: Queryable, subscription: FeedSubscription, state: FeedState): Promise<void> {
  await db.query(
    `INSERT INTO media_feeds (url, subscription, state) VALUES ($1, $2::jsonb, $3::jsonb)
     ON CONFLICT (url) DO UPDATE SET subscription = EXCLUDED.subscription, state = EXCLUDED.state, updated_at = now()`,
    [subscription.url, JSON.stringify(subscription), JSON.stringify(state)],
  );
}

export interface FeedRoundResult extends BatchResult {
  polled: number;
  updated: number;
  notModified: number;
  failed: number;
  problems: IngestProblem[];
  /** The earliest next poll time of the feeds (ISO 8601), or null. */
  nextPollAt: string | null;
}

/**
 * One round of feed polling: polls the feeds that are due (conditional requests, politeness,
 * retries), stores each feed's new articles with their analysis and rollups, and saves each
 * feed's state (ETag, Last-Modified, items seen) after its articles are stored.
 */
export async function pollFeedsOnce(db: Queryable, subscriptions: readonly FeedSubscription[], options: PipelineOptions & { poller?: FeedPollerOptions } = {}): Promise<FeedRoundResult> {
  const registry = options.registry ?? (await loadRegistry(db));
  const poller = new FeedPoller({ ...options.poller, registry });
  const states = await loadFeedStates(db, subscriptions.map((s) => s.url));
  const round: FeedRoundResult = { articles: 0, inserted: 0, existing: 0, syndicated: 0, rollupRows: 0, unknownSource: 0, polled: 0, updated: 0, notModified: 0, failed: 0, problems: [], nextPollAt: null };
  for (const subscription of poller.dueFeeds(subscriptions, states)) {
    const result = await poller.poll(subscription, states.get(subscription.url));
    round.polled++;
    if (result.status === 'updated') round.updated++;
    else if (result.status === 'not-modified') round.notModified++;
    else round.failed++;
    round.problems.push(...result.problems);
    if (result.articles.length > 0) {
      const stored = await storeBatch(db, result.articles.map((article) => ({ article })), { ...options, registry });
      for (const key of ['articles', 'inserted', 'existing', 'syndicated', 'rollupRows', 'unknownSource'] as const) round[key] += stored[key];
    }
    states.set(subscription.url, result.state);
    await saveFeedState(db, subscription, result.state);
    options.onProgress?.({ file: subscription.url, stage: 'stored', records: result.articles.length });
  }
  for (const s of subscriptions) {
    const next = states.get(s.url)?.nextPollAt ?? null;
    if (next != null && (round.nextPollAt == null || next < round.nextPollAt)) round.nextPollAt = next;
  }
  return round;
}
