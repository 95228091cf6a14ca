import { describe, expect, it, onTestFinished } from "vitest";
import { connect } from "../../src/import/connect.js";
import { nonLoopbackAddress } from "../cli/server-support.js";
import { failureOf } from "../support/failure-of.js";
import { startTestServer } from "../support/test-server.js";

const credentials = { username: "dm", password: "dm-pw" };
const noRetries = { retries: 0, baseDelayMs: 1, maxDelayMs: 1 };

/** A server on every address of this machine, reached by one that is not loopback. */
async function remoteLookingServer() {
  const server = await startTestServer({ host: "0.0.0.0" });
  onTestFinished(() => server.close());
  return { server, url: `http://${nonLoopbackAddress()}:${server.port}` };
}

describe("connect", () => {
  it("refuses plain http:// to another host before logging in", async () => {
    const { server, url } = await remoteLookingServer();

    const error = await failureOf(() => connect({ serverUrl: url, credentials, concurrency: 1 }));

    expect(error.code).toBe("usage");
    expect(error.message).toContain("--allow-http");
    expect(server.requests).toEqual([]);
  });

  it("refuses it for the token endpoint alone too", async () => {
    const { server, url } = await remoteLookingServer();

    const error = await failureOf(() =>
      connect({ serverUrl: "https://127.0.0.1:9", authUrl: url, credentials, concurrency: 1 }),
    );

    expect(error.message).toContain(`--auth-url ${url}`);
    expect(server.requests).toEqual([]);
  });

  it("goes ahead when allowHttp says so", async () => {
    const { server, url } = await remoteLookingServer();

    const error = await failureOf(() =>
      connect({
        serverUrl: url,
        credentials,
        concurrency: 1,
        allowHttp: true,
        retryPolicy: noRetries,
      }),
    );

    expect(error.code).toBe("unreachable");
    expect(server.requests.map((request) => request.path)).toEqual([
      "/user-service/api/oauth/token",
    ]);
  });
});
