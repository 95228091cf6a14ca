import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/sandbox/auth/rate-limit.js";

interface Call {
  /** Milliseconds after the start. */
  at: number;
  key?: string;
}

const cases = [
  {
    name: "two calls in a minute",
    calls: [{ at: 0 }, { at: 1000 }],
    expected: ["allowed", "allowed"],
  },
  {
    name: "a third call in the same minute",
    calls: [{ at: 0 }, { at: 10_000 }, { at: 20_000 }],
    expected: ["allowed", "allowed", "retry after 40"],
  },
  {
    name: "a call once the oldest has left the window",
    calls: [{ at: 0 }, { at: 10_000 }, { at: 60_000 }],
    expected: ["allowed", "allowed", "allowed"],
  },
  {
    name: "refused calls that do not count",
    calls: [{ at: 0 }, { at: 1000 }, { at: 2000 }, { at: 59_500 }, { at: 60_000 }],
    expected: ["allowed", "allowed", "retry after 58", "retry after 1", "allowed"],
  },
  {
    name: "calls from two addresses",
    calls: [{ at: 0 }, { at: 1 }, { at: 2, key: "10.0.0.2" }, { at: 3 }],
    expected: ["allowed", "allowed", "allowed", "retry after 60"],
  },
];

describe("RateLimiter", () => {
  it.each(cases)("decides $name", ({ calls, expected }: { calls: Call[]; expected: string[] }) => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ limit: 2, windowMilliseconds: 60_000, now: () => clock.now });

    const decisions = calls.map((call) => {
      clock.now = call.at;
      const decision = limiter.take(call.key ?? "127.0.0.1");
      return decision.allowed ? "allowed" : `retry after ${decision.retryAfterSeconds}`;
    });

    expect(decisions).toEqual(expected);
  });
});
