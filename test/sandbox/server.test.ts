import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteParticipantsPath, studyParticipantsPath } from "../../src/contract/paths.js";
import { parseFixture, type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { createListener } from "../../src/sandbox/listener.js";
import { boston, harbor, login, send, startTestSandbox, testFixture } from "./support.js";

const fixture = parseFixture(testFixture, "the test fixture");
const participantsPath = siteParticipantsPath(harbor, boston);

describe("startSandbox options", () => {
  const refused = [
    { name: "every interface", options: { host: "0.0.0.0" } },
    { name: "every IPv6 interface", options: { host: "::" } },
    { name: "a LAN address", options: { host: "192.168.1.10" } },
    { name: "a host name", options: { host: "example.org" } },
    { name: "a negative port", options: { port: -1 } },
    { name: "a port out of range", options: { port: 70_000 } },
    { name: "a zero token limit", options: { tokenCallsPerMinute: 0 } },
    { name: "a fractional lifetime", options: { tokenLifetimeSeconds: 1.5 } },
  ];

  it.each(refused)("refuses $name as a usage error", async ({ options }) => {
    await expect(startSandbox({ fixture, ...options })).rejects.toMatchObject({ code: "usage" });
  });

  const hosts = [
    { host: "127.0.0.1", url: /^http:\/\/127\.0\.0\.1:\d+$/ },
    { host: "127.0.0.2", url: /^http:\/\/127\.0\.0\.2:\d+$/ },
    { host: "::1", url: /^http:\/\/\[::1\]:\d+$/ },
    { host: "localhost", url: /^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/ },
  ];

  it.each(hosts)("listens on loopback $host", async ({ host, url }) => {
    const sandbox = await startSandbox({ fixture, host });

    const answer = await send(sandbox, "/nowhere");
    await sandbox.close();
    await sandbox.close();

    expect(sandbox.url).toMatch(url);
    expect(answer.status).toBe(404);
  });
});

describe("sandbox HTTP edges", () => {
  let sandbox: Sandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    token = await login(sandbox, "dm");
  });

  afterAll(() => sandbox.close());

  const post = (contentType: string | undefined, body: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (contentType !== undefined) headers["content-type"] = contentType;
    return send(sandbox, participantsPath, { method: "POST", headers, body: new Blob([body]) });
  };

  const malformed = [
    { name: "a text body", contentType: "text/plain", body: "{}", status: 415 },
    { name: "no content type", contentType: undefined, body: "{}", status: 415 },
    { name: "broken JSON", contentType: "application/json", body: "{", status: 400 },
    { name: "a JSON array", contentType: "application/json", body: "[]", status: 400 },
    { name: "JSON null", contentType: "application/json", body: "null", status: 400 },
    {
      name: "a number ID",
      contentType: "application/json",
      body: '{"subjectKey":42}',
      status: 400,
    },
    {
      name: "an object field",
      contentType: "application/json",
      body: '{"subjectKey":"A","firstName":{}}',
      status: 400,
    },
    {
      name: "a body over 64 KiB",
      contentType: "application/json",
      body: `"${"x".repeat(70_000)}"`,
      status: 413,
    },
  ];

  it.each(malformed)(
    "answers $name with $status and HTML",
    async ({ contentType, body, status }) => {
      const answer = await post(contentType, body);

      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/^text\/html/);
    },
  );

  it("accepts a JSON content type with a charset", async () => {
    const answer = await post("application/json; charset=UTF-8", '{"subjectKey":"EDGE-1"}');

    expect(answer.status).toBe(200);
  });

  const paths = [
    {
      name: "an unknown path",
      method: "GET",
      path: "/pages/auth/api/jobs/1/downloadFile",
      status: 404,
    },
    { name: "the bulk path", method: "POST", path: `${participantsPath}/bulk`, status: 404 },
    { name: "a DELETE", method: "DELETE", path: participantsPath, status: 405 },
    {
      name: "a POST to the study list",
      method: "POST",
      path: studyParticipantsPath(harbor),
      status: 405,
    },
    {
      name: "a GET of the token",
      method: "GET",
      path: "/user-service/api/oauth/token",
      status: 405,
    },
  ];

  it.each(paths)("answers $name with $status in plain text", async ({ method, path, status }) => {
    const answer = await send(sandbox, path, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });

    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^text\/plain/);
  });

  it("answers a badly encoded OID with a 400", async () => {
    const answer = await send(
      sandbox,
      "/pages/auth/api/clinicaldata/studies/%E0%A4%A/participants",
    );

    expect(answer.status).toBe(400);
  });

  it("hands out copies of its participants", async () => {
    const copy = sandbox.participants();
    const first = copy[0];
    if (first !== undefined) first.firstName = "Changed";

    expect(sandbox.participants()[0]?.firstName).not.toBe("Changed");
  });
});

describe("createListener", () => {
  it("answers a throwing handler with a 500 and keeps serving", async () => {
    const log: unknown[] = [];
    let calls = 0;
    const listener = createListener(
      async () => {
        calls += 1;
        throw new Error("boom");
      },
      (entry) => log.push(entry),
    );
    const server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/any?x=1`;

    const first = await fetch(url);
    const second = await fetch(url);
    await first.text();
    await second.text();
    server.closeAllConnections();
    server.close();

    expect([first.status, second.status, calls]).toEqual([500, 500, 2]);
    expect(first.headers.get("content-type")).toMatch(/^text\/html/);
    expect(log[0]).toEqual({
      method: "GET",
      path: "/any",
      status: 500,
      receivedAt: expect.any(Number),
      answeredAt: expect.any(Number),
    });
  });
});
