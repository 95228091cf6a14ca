import { describe, expect, it, onTestFinished } from "vitest";
import { createHttpClient } from "../../src/client/http.js";
import { login } from "../../src/client/login.js";
import { maxWaitMs, type RetryPolicy } from "../../src/client/retry.js";
import { failureOf } from "../support/failure-of.js";
import { startTestServer } from "../support/test-server.js";

const policy: RetryPolicy = { retries: 3, baseDelayMs: 1, maxDelayMs: 1 };
const credentials = { username: "dm", password: "secret" };

/** A login through a real client with a short timeout, recording every wait it asks for. */
async function logInAt(authUrl: string, onWait?: (ms: number) => void) {
  const http = createHttpClient({ timeoutMs: 300, connections: 1 });
  onTestFinished(() => http.close());
  const waits: number[] = [];

  const run = login({
    http,
    authUrl,
    credentials,
    policy,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onWait,
  });
  return { run, waits };
}

describe("login when the token endpoint asks to wait", () => {
  it.each([
    { name: "503 with Retry-After in seconds", status: 503, retryAfter: "999999999" },
    {
      name: "503 with Retry-After in the year 9999",
      status: 503,
      retryAfter: "Fri, 31 Dec 9999 23:59:59 GMT",
    },
    { name: "429 with Retry-After in seconds", status: 429, retryAfter: "999999999" },
  ])("waits no longer than a timer can hold after a $name", async ({ status, retryAfter }) => {
    const server = await startTestServer({
      answer: () => ({ status, headers: { "retry-after": retryAfter }, body: "" }),
    });
    onTestFinished(() => server.close());
    const told: number[] = [];

    const { run, waits } = await logInAt(server.url, (ms) => told.push(ms));
    const error = await failureOf(() => run);

    expect(error.code).toBe("unreachable");
    expect(server.requests).toHaveLength(policy.retries + 1);
    expect(waits).toEqual(Array(policy.retries).fill(maxWaitMs));
    expect(told).toEqual(status === 429 ? waits : []);
  });
});
