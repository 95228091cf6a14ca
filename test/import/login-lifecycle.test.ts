import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it, onTestFinished } from "vitest";
import { tokenPath } from "../../src/contract/paths.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { login } from "../sandbox/support.js";
import { failureOf } from "../support/failure-of.js";
import {
  fastRetries,
  importInto,
  manager,
  participantPosts,
  startSandboxForTest,
  writeParticipants,
} from "./support.js";

const tokenCalls = (sandbox: Sandbox) =>
  sandbox.requestLog().filter((entry) => entry.path === tokenPath);

const apiRefusals = (sandbox: Sandbox) =>
  sandbox.requestLog().filter((entry) => entry.path !== tokenPath && entry.status === 401);

interface Forwarded {
  method: string;
  path: string;
  status: number;
  subjectKey?: string;
}

/**
 * The API on another host than the token endpoint, as hosted OpenClinica serves it: a plain
 * forwarding server with a path prefix (`https://acme.openclinica.io/OpenClinica`) that passes
 * the API paths to the sandbox and has no token endpoint of its own (it answers 404).
 *
 * With `revokeAfterMs`, it also plays a gateway that revokes the run's first token that long
 * after it first saw it: later requests with that token get a 401 without reaching the sandbox.
 * It then holds each request 20 to 60 ms first, so that those in flight meet the revocation one
 * by one. (The sandbox's tokens carry whole seconds, so a login within the same second gets the
 * same token back: the revocation must come a second later for a renewal to be a new token.)
 */
async function startApiHost(sandbox: Sandbox, options: { revokeAfterMs?: number } = {}) {
  const prefix = "/OpenClinica";
  const forwarded: Forwarded[] = [];
  let firstToken: string | undefined;
  let firstSeen = 0;

  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const path = incoming.url ?? "/";
    const method = incoming.method ?? "GET";
    const body = await text(incoming);
    const subjectKey = method === "POST" ? subjectKeyOf(body) : undefined;
    const authorization = incoming.headers.authorization ?? "";
    const record = (status: number) => forwarded.push({ method, path, status, subjectKey });
    if (firstToken === undefined && authorization !== "") {
      firstToken = authorization;
      firstSeen = Date.now();
    }

    if (!path.startsWith(`${prefix}/pages/`)) {
      record(404);
      outgoing.writeHead(404, { "content-type": "text/plain" }).end("Not found.");
      return;
    }

    if (options.revokeAfterMs !== undefined) {
      await delay(20 + Math.random() * 40);
      if (authorization === firstToken && Date.now() - firstSeen >= options.revokeAfterMs) {
        record(401);
        outgoing.writeHead(401, { "content-type": "text/html" }).end("<h1>401</h1>");
        return;
      }
    }

    const answer = await fetch(`${sandbox.url}${path.slice(prefix.length)}`, {
      method,
      headers: { authorization, "content-type": incoming.headers["content-type"] ?? "" },
      body: method === "POST" ? body : undefined,
    });
    const answered = await answer.text();
    record(answer.status);
    const contentType = answer.headers.get("content-type") ?? "text/plain";
    outgoing.writeHead(answer.status, { "content-type": contentType }).end(answered);
  };

  const server = createServer((incoming, outgoing) => {
    forward(incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${prefix}`, forwarded };
}

async function text(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function subjectKeyOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { subjectKey?: string }).subjectKey;
  } catch {
    return undefined;
  }
}

describe("login with the token endpoint on another host", () => {
  it("gets its one token from the auth URL and sends every row to the API host", async () => {
    const sandbox = await startSandboxForTest();
    const api = await startApiHost(sandbox);
    const file = writeParticipants("auth-url.csv", 50);

    const { summary } = await importInto(api, file.path, { authUrl: sandbox.url });

    expect(summary.outcomes.created).toBe(file.valid.length);
    expect(tokenCalls(sandbox).map((entry) => entry.status)).toEqual([200]);
    expect(api.forwarded.filter((entry) => entry.path.includes(tokenPath))).toEqual([]);
    const apiCalls = sandbox.requestLog().filter((entry) => entry.path !== tokenPath);
    expect(participantPosts(apiCalls)).toHaveLength(file.valid.length);
    expect(api.forwarded).toHaveLength(apiCalls.length);
  });

  it("fails as unreachable, sending no row, when the API host is asked for the token", async () => {
    const sandbox = await startSandboxForTest();
    const api = await startApiHost(sandbox);
    const file = writeParticipants("no-auth-url.csv", 5);

    const error = await failureOf(() => importInto(api, file.path));

    expect(error.code).toBe("unreachable");
    expect(api.forwarded.map((entry) => [entry.path, entry.status])).toEqual([
      [`/OpenClinica${tokenPath}`, 404],
    ]);
    expect(sandbox.requestLog()).toEqual([]);
  });
});

describe("the token's life", () => {
  it("renews the token before it expires, a few times, not once per request", async () => {
    const lifetimeSeconds = 2;
    const sandbox = await startSandboxForTest({
      tokenLifetimeSeconds: lifetimeSeconds,
      faults: { latencyMs: 25 },
    });
    const file = writeParticipants("renew.csv", 400);
    const started = Date.now();

    const { summary } = await importInto(sandbox, file.path, { concurrency: 4 });

    const seconds = (Date.now() - started) / 1000;
    const calls = tokenCalls(sandbox).length;
    expect(seconds).toBeGreaterThan(lifetimeSeconds * 1.2);
    expect(summary.outcomes).toMatchObject({ created: file.valid.length, failed: 0, skipped: 0 });
    expect(apiRefusals(sandbox)).toEqual([]);
    expect(calls).toBeGreaterThan(1);
    // A token is renewed once half of what is left of its life is gone. Its `iat` is rounded
    // down to the second, so it may live up to a second less: at least every (2 - 1) / 2 s.
    expect(calls).toBeLessThanOrEqual(Math.ceil(seconds / ((lifetimeSeconds - 1) / 2)) + 1);
  });

  it("renews once after 401s mid-run and resends each refused request", async () => {
    const sandbox = await startSandboxForTest();
    const api = await startApiHost(sandbox, { revokeAfterMs: 1100 });
    const file = writeParticipants("revoked.csv", 300);

    const { summary, outcomes } = await importInto(api, file.path, {
      authUrl: sandbox.url,
      concurrency: 8,
    });

    const refused = api.forwarded.filter((entry) => entry.status === 401);
    const refusedIds = new Set(refused.map((entry) => entry.subjectKey));
    const sent = outcomes.filter((outcome) => outcome.outcome !== "invalid");
    expect(summary.outcomes.created).toBe(file.valid.length);
    // Every request in flight met the revoked token, each at its own moment: one login serves all.
    expect(refused.length).toBeGreaterThan(1);
    expect(tokenCalls(sandbox).map((entry) => entry.status)).toEqual([200, 200]);
    expect(
      sent.filter((o) => refusedIds.has(o.participantId ?? "")).map((o) => o.attempts),
    ).toEqual([...refusedIds].map(() => 2));
    expect(
      sent.filter((o) => !refusedIds.has(o.participantId ?? "")).every((o) => o.attempts === 1),
    ).toBe(true);
  });

  it("stops at a refused password after one token call, however many retries it may make", async () => {
    const sandbox = await startSandboxForTest();
    const file = writeParticipants("refused.csv", 5);

    const error = await failureOf(() =>
      importInto(sandbox, file.path, {
        credentials: { ...manager, password: "wrong" },
        retryPolicy: { ...fastRetries, retries: 8 },
      }),
    );

    expect(error.code).toBe("login");
    expect(sandbox.requestLog().map((entry) => [entry.path, entry.status])).toEqual([
      [tokenPath, 401],
    ]);
  });

  const waitForms = [
    { form: "seconds", retryAfterAsDate: false },
    { form: "an HTTP date", retryAfterAsDate: true },
  ];

  it.each(waitForms)(
    "waits as a token endpoint's 429 asks in $form, and says so",
    async ({ retryAfterAsDate }) => {
      const every = 20;
      const sandbox = await startSandboxForTest({
        faults: {
          includeTokenRoute: true,
          burst429: { every, length: 1, retryAfterSeconds: 1, retryAfterAsDate },
        },
      });
      // The burst refuses the request after every 20th; let others use up the first 20.
      for (let call = 0; call < every; call++) await fetch(`${sandbox.url}${tokenPath}`);
      const file = writeParticipants("login-429.csv", 5);
      const waits: number[] = [];

      const { summary } = await importInto(sandbox, file.path, {
        onLoginWait: (ms) => waits.push(ms),
      });

      const [refused, granted] = tokenCalls(sandbox).slice(every);
      expect(summary.outcomes.created).toBe(file.valid.length);
      expect([refused?.status, granted?.status]).toEqual([429, 200]);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(retryAfterAsDate ? 975 : 1000);
      expect((granted?.receivedAt ?? 0) - (refused?.answeredAt ?? 0)).toBeGreaterThanOrEqual(975);
    },
  );

  it("uses a given token (OC_TOKEN) and never calls the token endpoint", async () => {
    const sandbox = await startSandboxForTest();
    const token = await login(sandbox, "dm");
    const file = writeParticipants("given-token.csv", 200);

    const { summary } = await importInto(sandbox, file.path, {
      credentials: undefined,
      token,
    });

    expect(summary.outcomes.created).toBe(file.valid.length);
    expect(tokenCalls(sandbox)).toHaveLength(1);
  });
});
