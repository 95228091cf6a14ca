import { describe, expect, it } from "vitest";
import {
  isRetryableStatus,
  maxWaitMs,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
} from "../../src/client/retry.js";

const policy: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

describe("isRetryableStatus", () => {
  it.each([
    { name: "429 Too Many Requests", input: 429, expected: true },
    { name: "502 Bad Gateway", input: 502, expected: true },
    { name: "503 Service Unavailable", input: 503, expected: true },
    { name: "504 Gateway Timeout", input: 504, expected: true },
    { name: "200 OK", input: 200, expected: false },
    { name: "400 with an errorCode", input: 400, expected: false },
    { name: "401 Unauthorized", input: 401, expected: false },
    { name: "403 Forbidden", input: 403, expected: false },
    { name: "404 Not Found", input: 404, expected: false },
    { name: "415 Unsupported Media Type", input: 415, expected: false },
    { name: "500 Internal Server Error", input: 500, expected: false },
    { name: "501 Not Implemented", input: 501, expected: false },
  ])("$name is retryable: $expected", ({ input, expected }) => {
    const retryable = isRetryableStatus(input);

    expect(retryable).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  it.each([
    { name: "random 0 waits nothing", input: { attempt: 3, random: 0 }, expected: 0 },
    {
      name: "random 0.999 on attempt 1 waits just under the base",
      input: { attempt: 1, random: 0.999 },
      expected: 499,
    },
    {
      name: "random 0.999 on attempt 3 waits just under base × 4",
      input: { attempt: 3, random: 0.999 },
      expected: 1998,
    },
    {
      name: "random 0.5 on attempt 2 waits half of base × 2",
      input: { attempt: 2, random: 0.5 },
      expected: 500,
    },
    {
      name: "a late attempt is capped at maxDelayMs",
      input: { attempt: 30, random: 0.999 },
      expected: 29_970,
    },
    {
      name: "a very late attempt stays finite and capped",
      input: { attempt: 2000, random: 0.999 },
      expected: 29_970,
    },
    {
      name: "Retry-After is a floor over a shorter jitter",
      input: { attempt: 1, random: 0.999, retryAfterMs: 5000 },
      expected: 5000,
    },
    {
      name: "Retry-After is a floor even past the cap",
      input: { attempt: 1, random: 0, retryAfterMs: 60_000 },
      expected: 60_000,
    },
    {
      name: "a Retry-After of 999999999 s is cut to the longest timer",
      input: { attempt: 1, random: 0, retryAfterMs: 999_999_999_000 },
      expected: maxWaitMs,
    },
    {
      name: "an endless Retry-After is cut to the longest timer",
      input: { attempt: 1, random: 0.5, retryAfterMs: Number.POSITIVE_INFINITY },
      expected: maxWaitMs,
    },
    {
      name: "a longer jitter wins over a short Retry-After",
      input: { attempt: 5, random: 0.5, retryAfterMs: 1000 },
      expected: 4000,
    },
  ])("$name", ({ input, expected }) => {
    const delay = retryDelayMs(input.attempt, policy, input.retryAfterMs, () => input.random);

    expect(delay).toBe(expected);
  });
});

describe("retryDelayMs with waits past what a timer can hold", () => {
  const now = Date.parse("2024-03-01T12:00:00Z");

  it.each([
    { name: "a Retry-After of 999999999 seconds", input: "999999999" },
    { name: "a Retry-After of 400 digits", input: "9".repeat(400) },
    { name: "a Retry-After date in the year 9999", input: "Fri, 31 Dec 9999 23:59:59 GMT" },
  ])("waits a positive time no timer overflows for $name", ({ input }) => {
    const delay = retryDelayMs(1, policy, parseRetryAfter(input, now), () => 0.5);

    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it.each([
    { name: "a huge cap", input: { ...policy, maxDelayMs: Number.MAX_SAFE_INTEGER } },
    { name: "no cap", input: { ...policy, maxDelayMs: Number.POSITIVE_INFINITY } },
  ])("keeps backoff within a timer with $name", ({ input }) => {
    const delays = [0, 0.5, 0.999].map((random) =>
      retryDelayMs(2000, input, undefined, () => random),
    );

    expect(delays.every((delay) => Number.isFinite(delay) && delay <= maxWaitMs)).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2024-03-01T12:00:00Z");

  it.each([
    { name: "whole seconds", input: "120", expected: 120_000 },
    { name: "zero seconds", input: "0", expected: 0 },
    { name: "seconds with spaces", input: " 3 ", expected: 3000 },
    { name: "the first of several values", input: ["2", "9"], expected: 2000 },
    { name: "an IMF date 90 s ahead", input: "Fri, 01 Mar 2024 12:01:30 GMT", expected: 90_000 },
    {
      name: "an RFC 850 date 30 s ahead",
      input: "Friday, 01-Mar-24 12:00:30 GMT",
      expected: 30_000,
    },
    { name: "an asctime date 10 s ahead", input: "Fri Mar  1 12:00:10 2024", expected: 10_000 },
    { name: "a date in the past", input: "Fri, 01 Mar 2024 11:00:00 GMT", expected: 0 },
    { name: "an empty value", input: "", expected: undefined },
    { name: "blanks", input: "   ", expected: undefined },
    { name: "a word", input: "soon", expected: undefined },
    { name: "a fraction", input: "1.5", expected: undefined },
    { name: "a negative number", input: "-1", expected: undefined },
    {
      name: "an ISO date, which is no HTTP date",
      input: "2024-03-01T12:01:00Z",
      expected: undefined,
    },
    { name: "no header", input: undefined, expected: undefined },
    { name: "an empty list", input: [], expected: undefined },
    { name: "a number instead of a string", input: 5, expected: undefined },
  ])("reads $name", ({ input, expected }) => {
    const delay = parseRetryAfter(input, now);

    expect(delay).toBe(expected);
  });
});
