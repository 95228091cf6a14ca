export interface RateLimiterOptions {
  limit: number;
  windowMilliseconds: number;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A sliding-window limit per key (a remote address), as the token endpoint applies it (contract
 * section 2: 2 calls a minute per IP, then 429).
 *
 * Every allowed call counts, whether its password was right or not. A refused call does not
 * count, so `Retry-After` is honest: a client that waits that long is let through.
 */
export class RateLimiter {
  readonly #calls = new Map<string, number[]>();
  readonly #options: RateLimiterOptions;
  readonly #now: () => number;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.#now();
    const windowStart = now - this.#options.windowMilliseconds;
    const recent = (this.#calls.get(key) ?? []).filter((time) => time > windowStart);

    if (recent.length >= this.#options.limit) {
      this.#calls.set(key, recent);

      // The oldest call in the window is the first to leave it and free a place.
      const oldest = recent[0] ?? now;
      const waitMilliseconds = oldest + this.#options.windowMilliseconds - now;

      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMilliseconds / 1000)) };
    }

    recent.push(now);
    this.#calls.set(key, recent);

    return { allowed: true };
  }
}
