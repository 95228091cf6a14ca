/**
 * Additive increase, multiplicative decrease: a 429 halves the number of requests in flight,
 * and each run of clean answers as long as the current limit adds one back, up to the
 * ceiling the user chose. A busy server gets less load at once instead of more retries.
 */
export interface AdaptiveLimit {
  current(): number;
  /** The server said "too many requests". */
  throttled(): void;
  /** An answer came back without needing a retry. */
  clean(): void;
}

export function createAdaptiveLimit(
  ceiling: number,
  onChange: (limit: number) => void,
): AdaptiveLimit {
  let limit = ceiling;
  let cleanRun = 0;

  const set = (next: number) => {
    if (next === limit) return;
    limit = next;
    onChange(limit);
  };

  return {
    current: () => limit,

    throttled() {
      cleanRun = 0;
      set(Math.max(1, Math.floor(limit / 2)));
    },

    clean() {
      cleanRun++;
      if (cleanRun < limit) return;
      cleanRun = 0;
      set(Math.min(ceiling, limit + 1));
    },
  };
}
