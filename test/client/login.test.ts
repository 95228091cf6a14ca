import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { createHttpClient } from "../../src/client/http.js";
import { login } from "../../src/client/login.js";
import { maxWaitMs, type RetryPolicy } from "../../src/client/retry.js";
import { tokenPath } from "../../src/contract/paths.js";
import { closedPort } from "../cli/support.js";
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

/** A token endpoint that handles each request as `handle` says, counting the logins it saw. */
async function tokenEndpoint(handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? "");
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, paths };
}

describe("login when the token endpoint may have seen the password", () => {
  it.each<{ name: string; handle: (request: IncomingMessage, response: ServerResponse) => void }>([
    { name: "never answers", handle: () => {} },
    {
      name: "sends its headers, then stalls",
      handle: (_request, response) => {
        response.writeHead(200, { "content-length": "100" });
        response.write("ey");
      },
    },
    {
      name: "cuts the connection after reading the login",
      handle: (request) => request.socket.destroy(),
    },
  ])("sends the login once and stops when the endpoint $name", async ({ handle }) => {
    const endpoint = await tokenEndpoint(handle);

    const { run, waits } = await logInAt(endpoint.url);
    const error = await failureOf(() => run);

    expect(error.code).toBe("unreachable");
    expect(error.message).toMatch(/may have reached the server, so it was not sent again/);
    expect(endpoint.paths).toEqual([tokenPath]);
    expect(waits).toEqual([]);
  });
});

describe("login when the token endpoint certainly did not see the password", () => {
  it("tries a refused connection as often as the policy allows", async () => {
    const port = await closedPort();

    const { run, waits } = await logInAt(`http://127.0.0.1:${port}`);
    const error = await failureOf(() => run);

    expect(error.code).toBe("unreachable");
    expect(waits).toHaveLength(policy.retries);
  });

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
