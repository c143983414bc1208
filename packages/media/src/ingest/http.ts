import { ingestProblem, type IngestProblem } from './problems.js';

/** How requests are made: timeouts, retries and backoff; `fetch` and `sleep` can be replaced in tests. */
export interface HttpOptions {
  /** Per attempt, headers and body included; default 30 000 ms. */
  timeoutMs?: number;
  /** Attempts after the first one; default 3. */
  retries?: number;
  /** First backoff delay; doubled at each retry (exponential backoff); default 500 ms. */
  backoffMs?: number;
  /** Cap of one backoff delay, also of a server's Retry-After; default 30 000 ms. */
  maxBackoffMs?: number;
  /** Seeded generator in [0, 1) for "full jitter" (delay × random); default: no jitter. */
  random?: () => number;
  userAgent?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export type HttpResult =
  | { ok: true; status: number; headers: Headers; body: Uint8Array; attempts: number; url: string }
  | { ok: false; status: number | null; problem: IngestProblem; attempts: number; url: string };

export const defaultUserAgent = 'SoftPowerObservatory-media/0.1 (+https://github.com/; research crawler)';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Delay before retry `attempt` (1-based): backoff × 2^(attempt−1), capped, optionally jittered. */
export function backoffDelay(attempt: number, options: HttpOptions = {}): number {
  const base = options.backoffMs ?? 500;
  const cap = options.maxBackoffMs ?? 30_000;
  const delay = Math.min(cap, base * 2 ** (attempt - 1));
  return options.random ? Math.floor(delay * options.random()) : delay;
}

function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value == null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * GET with a timeout per attempt, retries on network errors, timeouts, 408, 429 and 5xx, and
 * exponential backoff (a server's Retry-After is honoured up to the cap). Other statuses,
 * 304 included, are answered at once. Never throws: failures come back as a problem.
 *
 * @example
 * const result = await httpGet('http://localhost:8080/lastupdate.txt', {}, { retries: 2, backoffMs: 10 });
 * if (result.ok) new TextDecoder().decode(result.body);
 */
export async function httpGet(url: string, headers: Record<string, string> = {}, options: HttpOptions = {}): Promise<HttpResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? wait;
  const cap = options.maxBackoffMs ?? 30_000;
  let lastStatus: number | null = null;
  let lastProblem: IngestProblem | null = null;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    let delay: number | null = null;
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await doFetch(url, { headers: { 'user-agent': options.userAgent ?? defaultUserAgent, ...headers }, signal, redirect: 'follow' });
      lastStatus = response.status;
      if (response.status >= 400) {
        await response.body?.cancel();
        lastProblem = ingestProblem('MEDIA_HTTP_ERROR', `http: GET answered ${response.status} ${response.statusText} after ${attempt} attempt${attempt === 1 ? '' : 's'}`, {
          file: url,
          value: String(response.status),
          hint: retryable(response.status) ? 'the server may be overloaded; try again later' : 'check the URL',
        });
        if (!retryable(response.status)) return { ok: false, status: response.status, problem: lastProblem, attempts: attempt, url };
        const after = retryAfterMs(response.headers);
        if (after != null) delay = Math.min(cap, after);
      } else {
        const body = new Uint8Array(await response.arrayBuffer());
        return { ok: true, status: response.status, headers: response.headers, body, attempts: attempt, url: response.url || url };
      }
    } catch (error) {
      const name = (error as Error).name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      lastStatus = null;
      lastProblem = timedOut
        ? ingestProblem('MEDIA_TIMEOUT', `http: GET took longer than ${timeoutMs} ms, ${attempt} attempt${attempt === 1 ? '' : 's'}`, {
            file: url,
            hint: 'raise timeoutMs or try again later',
          })
        : ingestProblem('MEDIA_HTTP_ERROR', `http: GET failed: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`, {
            file: url,
            hint: 'check the host name and the network',
          });
    }
    if (attempt <= retries) await sleep(delay ?? backoffDelay(attempt, options));
  }
  return { ok: false, status: lastStatus, problem: lastProblem as IngestProblem, attempts: retries + 1, url };
}
