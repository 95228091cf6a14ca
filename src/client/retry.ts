/**
 * When to try a request again, and how long to wait first. Network errors, 429 and the
 * gateway errors 502/503/504 say nothing was done or the server is busy: worth another try.
 * A 400 with an errorCode, any other 4xx and a 500 are answers; sending again would get the
 * same answer, so they are final.
 */
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The longest wait a timer can hold: Node cuts a longer `setTimeout` to 1 ms, with a warning,
 * so a server asking for years would get its retries at once. About 24.8 days, which is
 * "however long" for any run.
 */
export const maxWaitMs = 2 ** 31 - 1;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Capped exponential backoff with full jitter (a random wait between zero and the cap), so
 * that many clients that failed together do not come back together. A `Retry-After` from the
 * server is a floor, never shortened, except to the longest wait a timer can hold.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1), maxWaitMs);
  const jittered = Math.floor(random() * ceiling);
  return Math.min(Math.max(jittered, retryAfterMs ?? 0), maxWaitMs);
}

/**
 * `Retry-After` is either whole seconds or an HTTP date (RFC 9110, section 10.2.3). Every
 * HTTP date form starts with a day name (section 5.6.7); `Date.parse` alone would also take
 * "1.5" or "-1" as dates.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || text.trim() === "") return undefined;

  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  if (!/^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(text)) return undefined;

  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
