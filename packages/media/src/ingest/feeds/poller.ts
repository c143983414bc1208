import type { SourceRegistry } from '../../sources/registry.js';
import { createArticle, hostOf, type Article } from '../article.js';
import { httpGet, type HttpOptions } from '../http.js';
import { ingestProblem, type IngestProblem } from '../problems.js';
import { extractArticle } from './extract.js';
import { parseFeed } from './parse.js';

/** A feed to poll. */
export interface FeedSubscription {
  url: string;
  /** Minutes between polls; default 60. */
  intervalMinutes?: number;
  /** ISO 639-3 of the feed when it does not say. */
  language?: string | null;
  /** Source domain when it differs from the feed's host (a feed hosted by a CDN). */
  source?: string | null;
}

/** What is remembered between polls of one feed; serialisable. */
export interface FeedState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  nextPollAt: string | null;
  /** Consecutive failed polls; each doubles the wait, up to a day. */
  failures: number;
  /** Ids of the items already taken, newest last (at most 2,000). */
  seen: string[];
}

export interface FeedPollResult {
  url: string;
  status: 'updated' | 'not-modified' | 'failed';
  articles: Article[];
  problems: IngestProblem[];
  state: FeedState;
}

export interface FeedPollerOptions extends HttpOptions {
  /** Minimum time between two requests to the same host; default 2,000 ms. */
  politenessMs?: number;
  /** Feed text shorter than this (characters) counts as a summary: the page is fetched and its text extracted. Default 500. */
  minTextLength?: number;
  /** Fetch pages of summary-only items; default true. */
  fetchPages?: boolean;
  registry?: SourceRegistry;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
}

/** A new state for a feed never polled. */
export function initialFeedState(url: string): FeedState {
  return { url, etag: null, lastModified: null, lastPolledAt: null, nextPollAt: null, failures: 0, seen: [] };
}

/** Keeps requests to one host at least `intervalMs` apart. */
export class HostPoliteness {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits until the host may be asked again, then books the next slot. */
  async wait(url: string): Promise<void> {
    const host = hostOf(url) ?? url;
    const at = this.next.get(host) ?? 0;
    const now = this.now();
    const start = Math.max(now, at);
    this.next.set(host, start + this.intervalMs);
    if (start > now) await this.sleep(start - now);
  }
}

const maxSeen = 2000;
const dayMs = 86_400_000;

/**
 * Polls RSS/Atom feeds: conditional requests (If-None-Match / If-Modified-Since), timeouts,
 * retries with backoff, a politeness delay per host, and a schedule (each feed's interval,
 * doubled after each failure up to a day). Items already seen are skipped; when an item
 * carries only a summary, its page is fetched and the article text extracted. HTML error
 * pages and broken feeds are reported, never thrown.
 *
 * @example
 * const poller = new FeedPoller({ registry });
 * const result = await poller.poll({ url: 'https://www.voanews.com/api/zq$omekvi_' });
 * result.articles.length
 */
export class FeedPoller {
  private readonly politeness: HostPoliteness;
  private readonly now: () => number;

  constructor(private readonly options: FeedPollerOptions = {}) {
    this.now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.politeness = new HostPoliteness(options.politenessMs ?? 2000, this.now, sleep);
  }

  private async get(url: string, headers: Record<string, string> = {}) {
    await this.politeness.wait(url);
    return httpGet(url, headers, this.options);
  }

  /** Feeds due at `now` (never polled, or past their next poll time). */
  dueFeeds(subscriptions: readonly FeedSubscription[], states: ReadonlyMap<string, FeedState>, now = this.now()): FeedSubscription[] {
    return subscriptions.filter((s) => {
      const next = states.get(s.url)?.nextPollAt;
      return next == null || Date.parse(next) <= now;
    });
  }

  /** Polls the due feeds one after the other (politeness applies across them) and updates `states`. */
  async pollDue(subscriptions: readonly FeedSubscription[], states: Map<string, FeedState>): Promise<FeedPollResult[]> {
    const results: FeedPollResult[] = [];
    for (const subscription of this.dueFeeds(subscriptions, states)) {
      const result = await this.poll(subscription, states.get(subscription.url));
      states.set(subscription.url, result.state);
      results.push(result);
    }
    return results;
  }

  /** Polls one feed. */
  async poll(subscription: FeedSubscription, previous?: FeedState): Promise<FeedPollResult> {
    const state: FeedState = { ...(previous ?? initialFeedState(subscription.url)), seen: [...(previous?.seen ?? [])] };
    const problems: IngestProblem[] = [];
    const startedAt = this.now();
    const interval = (subscription.intervalMinutes ?? 60) * 60_000;
    const finish = (status: FeedPollResult['status'], articles: Article[]): FeedPollResult => {
      state.lastPolledAt = new Date(startedAt).toISOString();
      state.failures = status === 'failed' ? state.failures + 1 : 0;
      const wait = status === 'failed' ? Math.min(dayMs, interval * 2 ** state.failures) : interval;
      state.nextPollAt = new Date(startedAt + wait).toISOString();
      return { url: subscription.url, status, articles, problems, state };
    };
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const response = await this.get(subscription.url, headers);
    if (!response.ok) {
      problems.push(response.problem);
      return finish('failed', []);
    }
    if (response.status === 304) return finish('not-modified', []);
    const text = new TextDecoder().decode(response.body);
    const contentType = response.headers.get('content-type') ?? '';
    const feed = parseFeed(text, subscription.url);
    if (feed.problems.some((p) => p.code === 'MEDIA_NOT_A_FEED') && /html/i.test(contentType)) {
      feed.problems[0].message += ` [content-type ${contentType}, status ${response.status}]`;
    }
    problems.push(...feed.problems);
    if (feed.problems.some((p) => p.code === 'MEDIA_NOT_A_FEED')) return finish('failed', []);
    state.etag = response.headers.get('etag') ?? state.etag;
    state.lastModified = response.headers.get('last-modified') ?? state.lastModified;

    const seen = new Set(state.seen);
    const articles: Article[] = [];
    const minText = this.options.minTextLength ?? 500;
    for (const item of feed.items) {
      if (seen.has(item.id) || item.link == null) continue;
      let text = item.content ?? item.summary ?? '';
      let title = item.title;
      let canonicalUrl: string | null = null;
      let publishedAt = item.publishedAt;
      let language = item.language ?? subscription.language ?? null;
      if ((this.options.fetchPages ?? true) && (item.content == null || item.content.length < minText)) {
        const page = await this.get(item.link, { accept: 'text/html,application/xhtml+xml' });
        if (!page.ok) {
          problems.push({ ...page.problem, severity: 'warning', hint: 'the feed summary was kept as the text' });
        } else {
          const extracted = extractArticle(new TextDecoder().decode(page.body), page.url);
          if (extracted.text.length > text.length) text = extracted.text;
          else {
            problems.push(
              ingestProblem('MEDIA_EXTRACTION_EMPTY', 'feed: no article text longer than the summary was found on the page; the summary was kept', {
                file: item.link,
                severity: 'warning',
              }),
            );
          }
          title ??= extracted.title;
          canonicalUrl = extracted.canonicalUrl;
          publishedAt ??= extracted.publishedAt;
          language ??= extracted.language;
        }
      }
      const built = createArticle(
        {
          url: item.link,
          canonicalUrl,
          title,
          text,
          publishedAt: publishedAt ?? new Date(startedAt).toISOString(),
          language,
          source: subscription.source ?? null,
          origin: 'feed',
        },
        this.options.registry,
        { file: subscription.url },
      );
      problems.push(...built.problems);
      if (built.article) articles.push(built.article);
      state.seen.push(item.id);
      seen.add(item.id);
    }
    if (state.seen.length > maxSeen) state.seen.splice(0, state.seen.length - maxSeen);
    return finish('updated', articles);
  }
}
